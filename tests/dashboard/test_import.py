"""Importing observations from CSV and Excel: what is read, what is refused and why, what is
written and by whom."""

import codecs
import csv
import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dashboard import resources
from dashboard.csv_export import csv_chunks
from dashboard.models import Observation, Report, Status
from dashboard.resources import CHINESE_HEADERS, ImportFileError, run_import
from dashboard.selectors import EXPORT_COLUMNS, export_rows
from tests.dashboard.admin_support import reviewer
from tests.factories import ExtractedObservationFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_messages():
    # The messages follow the active language, as the command's --language sets it.
    with translation.override("zh-hans"):
        yield


def exported() -> str:
    return "".join(csv_chunks(export_rows(Observation.objects.all())))


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


def as_csv(*rows, chinese: bool = False, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CHINESE_HEADERS[c] for c in EXPORT_COLUMNS) if chinese else writer.writerow(
        EXPORT_COLUMNS
    )
    writer.writerows([r[c] for c in EXPORT_COLUMNS] for r in rows)
    return out.getvalue()


def file_of(tmp_path: Path, content: bytes | str, name: str = "observations.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def import_rows(tmp_path, *rows, **options):
    return run_import(file_of(tmp_path, as_csv(*rows)), **options)


def row_errors(result) -> dict[str, list[str]]:
    errors = {}
    for error in result.errors:
        errors.setdefault(error.column, []).append(error.message)
    return errors


def test_an_export_imported_into_an_empty_database_gives_the_same_export(tmp_path):
    some_data()
    before = exported()
    Observation.objects.all().delete()
    Report.objects.all().delete()
    result = run_import(file_of(tmp_path, before))
    assert result.written and not result.error_count
    assert Observation.objects.count() == 3
    assert exported() == before


def test_a_figure_imported_again_is_not_duplicated(tmp_path):
    some_data()
    result = run_import(file_of(tmp_path, exported()))
    assert (result.new, result.duplicates) == (0, 3)
    assert Observation.objects.count() == 3


def test_a_row_given_twice_in_a_file_is_two_figures_unless_both_are_stored(tmp_path):
    result = import_rows(tmp_path, row(), row())
    assert result.new == 2
    result = import_rows(tmp_path, row(), row(), row())
    assert (result.new, result.duplicates) == (1, 2)
    assert Observation.objects.count() == 3


def test_a_document_that_is_a_stored_report_links_the_figure_to_it(tmp_path):
    report = ExtractedObservationFactory().report
    import_rows(tmp_path, row(document=report.original_filename, value="70"))
    imported = Observation.objects.get(value=Decimal("70"))
    assert imported.report == report and imported.source == ""


def test_each_imported_figure_records_its_author_and_the_reason_in_its_history(tmp_path):
    user = reviewer()
    import_rows(tmp_path, row(), row(region_code="350582", region_name="晋江市"), user=user)
    for observation in Observation.objects.all():
        assert observation.created_by == user and observation.updated_by == user
        entry = observation.history.get()
        assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
            "+",
            user,
            "CSV import",
        )
        assert (entry.value, entry.year, entry.source) == (
            observation.value,
            observation.year,
            observation.source,
        )


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
        ({"value": "-5"}, "value", "家庭医生签约率的值不能为负数。"),
        ({"status": "ok"}, "status", "“ok”不是 extracted、verified、rejected 之一。"),
        ({"kind": "plan"}, "kind", "“plan”不是 actual、target 之一。"),
        ({"qualifier": "more"}, "qualifier", "“more”不是 eq、gte、lte、approx 之一。"),
    ],
)
def test_a_bad_row_is_reported_with_its_column_and_a_clear_message(
    tmp_path, changes, column, message
):
    result = import_rows(tmp_path, row(**changes))
    assert row_errors(result) == {column: [message]}
    assert not Observation.objects.exists()


def test_an_error_names_the_row_as_excel_numbers_it_and_the_column_as_the_file_names_it(tmp_path):
    text = as_csv(row(), row(), row(value="六十"), chinese=True)
    result = run_import(file_of(tmp_path, text))
    assert [str(error) for error in result.errors] == ["第 4 行，“数值”列：“六十”不是数字。"]


def test_one_bad_row_among_good_ones_imports_nothing(tmp_path):
    result = import_rows(tmp_path, row(), row(value="oops"), row(year="2024"))
    assert result.error_count == 1 and not result.written
    assert not Observation.objects.exists()


def test_a_file_without_the_required_columns_is_refused_naming_them_by_code_and_in_chinese(
    tmp_path,
):
    with pytest.raises(ImportFileError) as refused:
        run_import(file_of(tmp_path, "地区,数值\r\n石狮,66\r\n"))
    assert "region_code (地区代码)" in str(refused.value)
    assert "indicator_code (指标代码)" in str(refused.value)


def test_a_gbk_csv_with_chinese_headers_and_chinese_values_is_imported(tmp_path):
    text = as_csv(
        row(kind="目标值", status="已核实", qualifier="≥", value="70"),
        row(year="2022年", value="61.5"),
        chinese=True,
    )
    result = run_import(file_of(tmp_path, text.encode("gbk")))
    assert result.new == 2, result.errors
    target = Observation.objects.get(kind="target")
    assert (target.value, target.qualifier, target.status) == (Decimal("70"), "gte", "verified")
    assert Observation.objects.filter(year=2022, value=Decimal("61.5")).exists()


def test_a_gb18030_csv_with_a_character_gbk_lacks_is_imported(tmp_path):
    text = as_csv(row(document="《𠀾县卫生年鉴》"), chinese=True)
    run_import(file_of(tmp_path, text.encode("gb18030")))
    assert Observation.objects.get().source == "《𠀾县卫生年鉴》"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_utf8_csv_with_or_without_a_byte_order_mark_is_imported(tmp_path, bom):
    run_import(file_of(tmp_path, bom + as_csv(row(), chinese=True).encode("utf-8")))
    assert Observation.objects.get().region_id == "350581"


def test_a_tab_separated_file_is_imported(tmp_path):
    run_import(file_of(tmp_path, as_csv(row(), delimiter="\t")))
    assert Observation.objects.count() == 1


def test_bytes_in_no_known_encoding_are_refused_with_what_to_do(tmp_path):
    raw = as_csv(row()).encode("utf-8") + b"\xff\xfe\xfa\xfb\x80\x81" * 20
    with pytest.raises(ImportFileError, match="既不是 UTF-8 也不是 GB18030"):
        run_import(file_of(tmp_path, b"\x80\xff" * 40 + raw))


def workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_workbook_with_chinese_headers_and_typed_cells_is_imported(tmp_path):
    headers = [CHINESE_HEADERS[c] for c in ("region_code", "indicator_code", "year", "value")]
    raw = workbook(
        [
            headers,
            ["350581", "fd_contract_rate", 2023, 66.5],
            [350582, "fd_contract_rate", 2024.0, 70],
        ]
    )
    result = run_import(file_of(tmp_path, raw, "figures.xlsx"))
    assert result.new == 2, result.errors
    assert set(Observation.objects.values_list("region_id", "year", "value")) == {
        ("350581", 2023, Decimal("66.5")),
        ("350582", 2024, Decimal("70")),
    }


def test_a_file_that_only_claims_to_be_a_workbook_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="无法作为 Excel 工作簿"):
        run_import(file_of(tmp_path, b"not a workbook", "figures.xlsx"))


def test_the_excel_template_has_the_columns_an_example_row_and_the_allowed_units(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(resources.template_xlsx()))
    data, units = book.worksheets
    rows = list(data.iter_rows(values_only=True))
    assert list(rows[0]) == list(CHINESE_HEADERS.values()) and len(rows) == 2
    allowed = {r[0]: r[2] for r in units.iter_rows(min_row=2, values_only=True)}
    assert allowed["fd_contract_rate"] == "%" and allowed["childcare_places"] == "个"
    result = run_import(file_of(tmp_path, resources.template_xlsx(), "template.xlsx"))
    assert result.new == 1, result.errors


def test_the_csv_template_imports_as_its_one_example_row(tmp_path):
    result = run_import(file_of(tmp_path, resources.template_csv()))
    assert result.new == 1, result.errors


def test_checking_many_rows_costs_no_query_per_row(tmp_path):
    def queries(count):
        path = file_of(tmp_path, as_csv(*[row(year=str(1990 + n % 30)) for n in range(count)]))
        with CaptureQueriesContext(connection) as captured:
            run_import(path, write=False)
        return len(captured)

    assert queries(20) == queries(2000)


def test_the_dashboard_csv_download_imports_as_it_is(tmp_path, client):
    some_data()
    response = client.get("/observations.csv")
    body = b"".join(response.streaming_content)
    Observation.objects.all().delete()
    result = run_import(file_of(tmp_path, body))
    assert result.new == 2  # the download holds the published figures, not the rejected one


# The command.


def test_the_command_imports_a_file_and_says_what_it_did(tmp_path):
    out = StringIO()
    path = file_of(tmp_path, as_csv(row(), row(year="2024")))
    call_command("import_observations", str(path), "--no-progress-bar", stdout=out)
    assert out.getvalue() == "Rows read: 2; new: 2 imported; already stored: 0.\n"
    assert Observation.objects.count() == 2


def test_the_command_lists_the_errors_and_fails_writing_nothing(tmp_path):
    out = StringIO()
    path = file_of(tmp_path, as_csv(row(), row(region_code="999999")))
    with pytest.raises(CommandError, match="1 errors; nothing was imported"):
        call_command("import_observations", str(path), "--no-progress-bar", stdout=out)
    assert "第 3 行，“region_code”列：没有代码为“999999”的地区。" in out.getvalue()
    assert not Observation.objects.exists()


def test_a_dry_run_counts_the_new_rows_and_writes_nothing(tmp_path):
    out = StringIO()
    path = file_of(tmp_path, as_csv(row(), row(year="2024")))
    call_command("import_observations", str(path), "--dry-run", "--no-progress-bar", stdout=out)
    assert "new: 2 would be imported (dry run)" in out.getvalue()
    assert not Observation.objects.exists()


def test_the_command_refuses_an_unknown_user(tmp_path):
    path = file_of(tmp_path, as_csv(row()))
    with pytest.raises(CommandError, match="no such user"):
        call_command("import_observations", str(path), "--user", "nobody", stdout=StringIO())


def test_an_export_with_formula_like_cells_imports_back_exactly(tmp_path):
    ExtractedObservationFactory(
        report__original_filename="=HYPERLINK(1).txt",
        report__text="-5%的增长：石狮市家庭医生签约率达66.5%。",
        quote="-5%的增长：石狮市家庭医生签约率达66.5%",
    )
    ObservationFactory(indicator_id="fd_teams", value=Decimal("48"), source="@年鉴")
    ObservationFactory(indicator_id="fd_teams", value=Decimal("49"), source="'=已加引号")
    before = exported()
    assert "'=HYPERLINK(1).txt" in before and "'@年鉴" in before and "''=已加引号" in before
    Observation.objects.filter(report__isnull=True).delete()
    result = run_import(file_of(tmp_path, before))
    assert result.written and not result.error_count
    assert sorted(Observation.objects.values_list("source", flat=True)) == [
        "",
        "'=已加引号",
        "@年鉴",
    ]
    assert exported() == before


def test_a_csv_downloaded_with_chinese_column_names_imports_as_it_is(tmp_path):
    some_data()
    chinese = "".join(csv_chunks(export_rows(Observation.objects.all()), language="zh-hans"))
    assert chinese.lstrip("\ufeff").startswith("地区代码,")
    Observation.objects.all().delete()
    Report.objects.all().delete()
    result = run_import(file_of(tmp_path, chinese))
    assert result.written and not result.error_count
    assert Observation.objects.count() == 3
