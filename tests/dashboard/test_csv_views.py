import csv
import io

import pytest
from django.http import StreamingHttpResponse

from dashboard.csv_export import column_of_header
from dashboard.models import Status
from dashboard.selectors import EXPORT_COLUMNS
from tests.dashboard.dashboard_data import seed_figures
from tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def rows_of(body: str) -> list[dict[str, str]]:
    assert body.startswith("\ufeff")
    # Whatever the header's language, rows are read by column code.
    columns = column_of_header()
    rows = csv.reader(io.StringIO(body.removeprefix("\ufeff")))
    header = [columns[name] for name in next(rows)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_filtered_csv_holds_exactly_the_rows_of_the_table(client):
    seed_figures()
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2024, value="72")
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2021, value="60")
    response, body = download(
        client, "/indicator/fd_contract_rate/observations.csv?province=350000&year_from=2022"
    )
    rows = rows_of(body)
    assert [(r["region_code"], r["year"], r["value"]) for r in rows] == [("350581", "2024", "72")]
    assert body.splitlines()[0].startswith("\ufeff地区代码,地区名称,")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_the_csv_header_follows_the_language_asked_for_and_codes_stay_codes(client):
    seed_figures()
    _, body = download(client, "/observations.csv?lang=en")
    assert body.splitlines()[0] == "\ufeff" + ",".join(EXPORT_COLUMNS)
    client.cookies["django_language"] = "en"
    _, body = download(client, "/observations.csv")
    assert body.splitlines()[0] == "\ufeff" + ",".join(EXPORT_COLUMNS)
    _, body = download(client, "/observations.csv?lang=zh-hans")
    assert "审核状态" in body.splitlines()[0]
    assert {row["status"] for row in rows_of(body)} <= {"verified", "extracted"}


def test_the_file_name_says_what_the_file_holds(client):
    response, _ = download(
        client,
        "/indicator/fd_contract_rate/observations.csv?province=350000&year_from=2024&year_to=2024",
    )
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="observations_fd_contract_rate_350000_2024.csv"'
    response, _ = download(client, "/indicator/fd_contract_rate/observations.csv")
    assert 'filename="observations_fd_contract_rate.csv"' in response["Content-Disposition"]


def test_everything_means_every_visible_figure_of_every_indicator(client):
    figures = seed_figures()
    ObservationFactory(
        region_id="350581",
        indicator_id="fd_contract_rate",
        year=2024,
        value="12",
        status=Status.REJECTED,
    )
    response, body = download(client, "/observations.csv")
    rows = rows_of(body)
    assert len(rows) == len(figures)
    assert "12" not in {r["value"] for r in rows}
    assert 'filename="observations_all_' in response["Content-Disposition"]
    nanping = next(r for r in rows if r["indicator_code"] == "county_inpatient_share")
    assert nanping["region_name"] == "南平市" and nanping["value"] == "67.59"
    assert "67.59%" in nanping["quote"]


def test_the_csv_leaves_out_figures_waiting_for_review(client, settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    seed_figures()
    ObservationFactory(
        region_id="350581", year=2021, value="43.21", status=Status.EXTRACTED, confidence=0.55
    )
    _, body = download(client, "/observations.csv")
    assert "43.21" not in body
    assert rows_of(body)


def test_the_all_figures_csv_takes_the_api_filters_and_never_gives_rejected_rows(client):
    seed_figures()
    ObservationFactory(
        region_id="350581", indicator_id="fd_contract_rate", year=2024, status=Status.REJECTED
    )
    _, body = download(client, "/observations.csv?region=350000&theme=family_doctor")
    assert [(r["region_code"], r["year"]) for r in rows_of(body)] == [("350581", "2023")]
    _, body = download(client, "/observations.csv?status=rejected")
    assert Status.REJECTED not in {r["status"] for r in rows_of(body)}


def test_a_source_a_reviewer_typed_cannot_run_as_a_formula_in_the_public_csv(client):
    ObservationFactory(
        region_id="350581",
        indicator_id="fd_contract_rate",
        year=2024,
        value="72",
        source='=HYPERLINK("http://example.com/x","年鉴")',
    )
    for url in ("/observations.csv", "/indicator/fd_contract_rate/observations.csv"):
        _, body = download(client, url)
        [row] = rows_of(body)
        assert row["document"] == '\'=HYPERLINK("http://example.com/x","年鉴")'
        assert row["value"] == "72"
