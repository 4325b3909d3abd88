"""The JSON API: the rows of the CSV download, published figures only, paged by cursor."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from openapi_spec_validator import validate

from dashboard.api import KindName, Level, Published
from dashboard.models import Kind, RegionLevel, Status
from dashboard.selectors import EXPORT_COLUMNS
from tests.dashboard.dashboard_data import seed_figures
from tests.factories import ExtractedObservationFactory, ObservationFactory, ReportFactory

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json() if response["Content-Type"].startswith("application/json") else None


def all_items(client, url) -> list[dict]:
    items, pages = [], 0
    while url:
        page = get(client, url)
        items += page["items"]
        url = page["next"]
        pages += 1
    return items


def csv_rows(client, url) -> list[tuple]:
    # The header row by the column codes, whatever the page's language.
    response = client.get(url + ("&" if "?" in url else "?") + "lang=en")
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return [
        (*(row[c] for c in EXPORT_COLUMNS if c != "value"), Decimal(row["value"]))
        for row in csv.DictReader(io.StringIO(body))
    ]


def as_csv_row(item: dict) -> tuple:
    return (
        *(str(item[c]) for c in EXPORT_COLUMNS if c != "value"),
        Decimal(str(item["value"])),
    )


def many_figures():
    figures = seed_figures()
    for year in range(2015, 2025):
        ObservationFactory(region_id="350581", year=year, value=str(50 + year % 7) + ".5")
        ObservationFactory(
            region_id="350702", indicator_id="county_inpatient_share", year=year, value="71"
        )
    ObservationFactory(region_id="350000", year=2023, value="70", kind=Kind.TARGET)
    ObservationFactory(region_id="350581", year=2023, value="12", status=Status.REJECTED)
    ExtractedObservationFactory(region_id="350581", year=2022, value="13", confidence=0.1)
    return figures


@pytest.mark.parametrize(
    "query",
    [
        "",
        "indicator=fd_contract_rate",
        "theme=medcom",
        "region=350000",
        "region=350700&level=county",
        "level=prefecture",
        "year_from=2018&year_to=2022",
        "year=2023",
        "status=verified",
        "status=extracted&kind=actual",
        "kind=target",
        "indicator=fd_contract_rate&region=350000&year_from=2020",
    ],
)
def test_the_api_returns_exactly_the_rows_of_the_matching_csv_download(client, query):
    many_figures()
    from_csv = csv_rows(client, f"/observations.csv?{query}")
    from_api = all_items(client, f"/api/v1/observations?{query}&limit=3")
    assert from_csv, "the filter should select some rows"
    assert sorted(map(as_csv_row, from_api)) == sorted(from_csv)


def test_rejected_figures_and_figures_held_back_for_review_are_never_returned(client):
    many_figures()
    values = {item["value"] for item in all_items(client, "/api/v1/observations?limit=1000")}
    assert 12 not in values and 13 not in values


def test_a_status_that_is_not_published_is_refused(client):
    get(client, "/api/v1/observations?status=rejected", status=422)


def test_pages_follow_each_other_without_gaps_or_repeats(client):
    many_figures()
    first = get(client, "/api/v1/observations?limit=4")
    assert len(first["items"]) == 4 and first["next"]
    everything = all_items(client, "/api/v1/observations?limit=4")
    ids = [item["id"] for item in everything]
    assert ids == sorted(set(ids))
    assert len(ids) == len(all_items(client, "/api/v1/observations?limit=1000"))
    last = get(client, "/api/v1/observations?limit=1000")
    assert last["next"] is None


def test_a_cursor_that_was_not_given_by_the_api_is_refused(client):
    get(client, "/api/v1/observations?cursor=not-a-cursor!", status=400)


def test_a_figure_comes_with_its_sentence_and_a_link_to_it_in_its_report(client):
    figures = seed_figures()
    item = get(client, "/api/v1/observations?region=140121")["items"][0]
    qingxu = figures["qingxu"]
    assert item["quote"] == "清徐县家庭医生签约率达78.45%。"
    assert item["report"] == f"http://testserver/report/{qingxu.report_id}/#obs-{qingxu.id}"
    assert item["report_page"] is None
    assert item["value"] == 78.45 and item["unit"] == "%"


def test_a_figure_from_a_pdf_report_says_on_which_page_it_is(client):
    first, second = "第一页的文字。\n\n", "2023年，石狮市家庭医生签约率达66%。"
    report = ReportFactory(text=first + second, page_starts=[0, len(first)])
    ObservationFactory(report=report, quote=second)
    assert get(client, "/api/v1/observations")["items"][0]["report_page"] == 2


def test_a_figure_without_a_report_names_its_source_and_has_no_report_link(client):
    ObservationFactory(source="《石狮年鉴2024》", status=Status.VERIFIED)
    item = get(client, "/api/v1/observations")["items"][0]
    assert item["document"] == "《石狮年鉴2024》" and item["report"] is None


def test_regions_come_with_their_parent_and_can_be_listed_under_one(client):
    page = get(client, "/api/v1/regions?parent=350700&level=county&limit=50")
    jianyang = next(item for item in page["items"] if item["code"] == "350703")
    assert jianyang == {
        "code": "350703",
        "name": "建阳区",
        "level": "county",
        "parent_code": "350700",
        "parent_name": "南平市",
    }
    assert {item["parent_code"] for item in page["items"]} == {"350700"}


def test_every_region_is_listed_once_across_the_pages(client):
    from dashboard.models import Region

    codes = [item["code"] for item in all_items(client, "/api/v1/regions?limit=1000")]
    assert codes == sorted(Region.objects.values_list("code", flat=True))


def test_the_indicators_come_with_theme_unit_and_national_target(client):
    items = get(client, "/api/v1/indicators")
    rate = next(item for item in items if item["code"] == "fd_contract_rate")
    assert rate["theme"]["code"] == "family_doctor" and rate["unit"] == "%"
    assert {"national_target", "target_year", "definition"} <= set(rate)


def test_with_login_required_the_api_answers_401_until_one_logs_in(client, settings):
    settings.DASHBOARD_REQUIRE_LOGIN = True
    seed_figures()
    for url in ("/api/v1/observations", "/api/v1/regions", "/api/v1/indicators"):
        get(client, url, status=401)
    assert client.get("/api/v1/schema/").status_code == 302
    assert client.get("/api/v1/").status_code == 302
    client.force_login(User.objects.create_user("analyst"))
    assert get(client, "/api/v1/observations")["items"]
    get(client, "/api/v1/schema/")


def test_the_schema_is_a_valid_openapi_description_of_the_three_lists(client):
    schema = get(client, "/api/v1/schema/")
    validate(schema)
    assert {"/api/v1/observations", "/api/v1/regions", "/api/v1/indicators"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/observations"]["get"]["parameters"]}
    assert parameters >= {"theme", "indicator", "region", "level", "year_from", "year_to"}
    assert parameters >= {"status", "kind", "cursor", "limit"}


def test_the_schema_offers_the_models_own_choices():
    assert set(Level.__args__) == set(RegionLevel.values)
    assert set(KindName.__args__) == set(Kind.values)
    assert set(Published.__args__) == set(Status.values) - {Status.REJECTED}


def test_the_docs_page_loads_nothing_from_the_internet(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert not re.search(r"""(?:src|href)=["']https?://""", page)


def test_the_examples_page_shows_how_to_page_through_the_figures(client):
    with translation.override("zh-hans"):
        page = client.get("/api/v1/").content.decode()
    assert "/api/v1/observations?indicator=" in page and 'page["next"]' in page
    assert "/api/v1/schema/" in page
    assert json.loads(client.get("/api/v1/schema/").content)["info"]["version"] == "1"
