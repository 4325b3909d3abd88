import csv
import io
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from import_export.tmp_storages import TempFolderStorage

from dashboard.csv_export import csv_chunks
from dashboard.models import Observation, Report, Status
from dashboard.resources import ObservationResource
from dashboard.selectors import EXPORT_COLUMNS, export_rows
from tests.dashboard.admin_support import reviewer
from tests.factories import ExtractedObservationFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_messages():
    # The resource's messages follow the active language, as they do in the admin's requests.
    with translation.override("zh-hans"):
        yield


IMPORT = "admin:dashboard_observation_import"


def exported() -> str:
    return ObservationResource().export().csv


def dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text.lstrip("\ufeff"), format="csv")


def some_data():
    ExtractedObservationFactory(
        report__text="2023年，石狮市家庭医生签约率达66.5%。", quote="家庭医生签约率达66.5%"
    )
    ExtractedObservationFactory(
        report__text="晋江市托位数达到1.2万个。",
        region_id="350582",
        indicator_id="childcare_places",
        value=Decimal("12000"),
        qualifier="gte",
        status=Status.VERIFIED,
        report__original_filename="jinjiang.html",
    )
    ObservationFactory(
        indicator_id="fd_teams",
        value=Decimal("48"),
        status=Status.REJECTED,
        kind="target",
        source="《泉州卫生健康统计年鉴2024》",
    )


def csv_file(text: str, name="observations.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), content_type="text/csv")


def row(**changes) -> dict:
    values = {
        "region_code": "350581",
        "region_name": "石狮市",
        "region_level": "county",
        "indicator_code": "fd_contract_rate",
        "indicator_name": "家庭医生签约率",
        "year": "2023",
        "value": "66",
        "unit": "%",
        "qualifier": "eq",
        "kind": "actual",
        "status": "verified",
        "document": "《石狮年鉴》",
        "quote": "",
    }
    return {**values, **changes}


def as_csv(*rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def import_rows(*rows):
    return ObservationResource().import_data(dataset(as_csv(*rows)), dry_run=False)


def row_errors(result) -> dict[str, list[str]]:
    errors = {}
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    return errors


def test_an_export_imported_into_an_empty_database_gives_the_same_export():
    some_data()
    before = exported()
    Observation.objects.all().delete()
    Report.objects.all().delete()
    result = ObservationResource().import_data(dataset(before), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Observation.objects.count() == 3
    assert exported() == before


def test_the_import_columns_and_formatting_are_those_of_the_dashboard_csv():
    some_data()
    Observation.objects.filter(report__isnull=True).delete()
    dashboard_csv = "".join(csv_chunks(export_rows(Observation.objects.all())))
    assert list(csv.reader(io.StringIO(dashboard_csv.lstrip("\ufeff")))) == list(
        csv.reader(io.StringIO(exported()))
    )


def test_a_csv_downloaded_with_chinese_column_names_imports_as_it_is():
    some_data()
    chinese = "".join(csv_chunks(export_rows(Observation.objects.all()), language="zh-hans"))
    assert chinese.lstrip("\ufeff").startswith("地区代码,")
    Observation.objects.all().delete()
    result = ObservationResource().import_data(dataset(chinese.lstrip("\ufeff")), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Observation.objects.count() == 3


def test_a_figure_imported_again_is_not_duplicated():
    some_data()
    text = exported()
    ObservationResource().import_data(dataset(text), dry_run=False)
    assert Observation.objects.count() == 3


def test_a_document_that_is_a_stored_report_links_the_figure_to_it():
    report = ExtractedObservationFactory().report
    import_rows(row(document=report.original_filename, value="70"))
    assert Observation.objects.get(value=Decimal("70")).report == report


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"region_code": "999999"}, "region_code", "没有代码为“999999”的地区。"),
        ({"region_name": "晋江市"}, "region_name", "地区代码 350581 是石狮市，不是晋江市。"),
        ({"indicator_code": "nope"}, "indicator_code", "没有代码为“nope”的指标。"),
        ({"unit": "‰"}, "unit", "家庭医生签约率的单位是“%”，不是“‰”。"),
        ({"year": "二〇二三"}, "year", "“二〇二三”不是年份。"),
        ({"year": "1900"}, "year", "年份必须在 1949 到 2100 之间。"),
        ({"value": "about 60"}, "value", "“about 60”不是数字。"),
        ({"value": "101"}, "value", "家庭医生签约率是以 % 表示的比例，不能超过 100。"),
        ({"status": "ok"}, "status", "“ok”不是 extracted、verified、rejected 之一。"),
    ],
)
def test_a_bad_row_is_reported_with_its_column_and_a_clear_message(changes, column, message):
    result = import_rows(row(**changes))
    assert row_errors(result) == {column: [message]}
    assert not Observation.objects.exists()


def test_a_file_without_the_export_columns_is_refused_with_the_column_names():
    result = ObservationResource().import_data(dataset("地区,数值\r\n石狮,66\r\n"), dry_run=True)
    assert result.has_errors()
    assert "region_code" in str(result.base_errors[0].error)


def test_the_admin_import_previews_rows_without_writing_then_imports_with_the_reviewer(client):
    user = reviewer()
    client.force_login(user)
    preview = client.post(
        reverse(IMPORT),
        {
            "format": 0,
            "import_file": csv_file(as_csv(row(), row(region_code="350582", region_name="晋江市"))),
        },
    )
    assert preview.status_code == 200
    assert not Observation.objects.exists()
    confirm = preview.context["confirm_form"]
    assert confirm is not None
    done = client.post(reverse("admin:dashboard_observation_process_import"), confirm.initial)
    assert done.status_code == 302
    assert Observation.objects.count() == 2
    observation = Observation.objects.get(region_id="350582")
    assert observation.created_by == user
    assert observation.history.get().history_user == user


def test_an_admin_import_with_one_bad_row_reports_that_row_and_imports_nothing(client):
    client.force_login(reviewer())
    text = as_csv(
        row(), row(region_code="350582", region_name="晋江市", value="-5"), row(year="2024")
    )
    response = client.post(reverse(IMPORT), {"format": 0, "import_file": csv_file(text)})
    page = response.content.decode()
    assert "confirm_form" not in response.context
    invalid = response.context["result"].invalid_rows
    assert [r.number for r in invalid] == [2]
    assert "家庭医生签约率的值不能为负数。" in page
    assert not Observation.objects.exists()


def test_a_confirmed_import_of_a_file_with_a_bad_row_still_writes_nothing(client):
    # The confirmation step re-reads the stored file; a file that was bad all along must not
    # have its good rows written.
    client.force_login(reviewer())
    good = client.post(reverse(IMPORT), {"format": 0, "import_file": csv_file(as_csv(row()))})
    confirm = dict(good.context["confirm_form"].initial)
    stored = good.context["confirm_form"].initial["import_file_name"]
    TempFolderStorage(name=stored, encoding="utf-8-sig").save(
        "\ufeff" + as_csv(row(), row(value="oops"))
    )
    client.post(reverse("admin:dashboard_observation_process_import"), confirm)
    assert not Observation.objects.exists()
