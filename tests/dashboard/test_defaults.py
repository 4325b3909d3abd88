"""What a chart page shows before the reader chooses anything."""

import json
import re

import pytest

from tests.dashboard.dashboard_data import nanping_inpatient_share
from tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def figure(page: str, name: str) -> dict:
    match = re.search(
        rf'<script id="{name}" type="application/json"[^>]*>(.*?)</script>', page, re.S
    )
    return json.loads(match.group(1))


def bar_regions(page: str) -> list[str]:
    return figure(page, "comparison-figure")["layout"]["yaxis"]["categoryarray"]


def test_the_theme_opens_on_its_indicator_that_compares_most_regions(client):
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2023)
    for code in ("350581", "350582", "350583"):
        ObservationFactory(region_id=code, indicator_id="fd_teams", year=2023, value="12")
    page = client.get("/theme/family_doctor/").content.decode()
    assert 'value="fd_teams" selected' in page


def test_a_prefecture_is_not_ranked_against_counties_by_default(client):
    nanping_inpatient_share(region_id="350700", value="67")
    nanping_inpatient_share(region_id="350702", value="60")
    nanping_inpatient_share(region_id="350721", value="70")
    page = client.get("/theme/medcom/?indicator=county_inpatient_share").content.decode()
    assert sorted(bar_regions(page)) == ["350702", "350721"]
    everything = client.get("/theme/medcom/?indicator=county_inpatient_share&level=").content
    assert "350700" in bar_regions(everything.decode())


def test_a_target_set_for_an_earlier_year_is_not_drawn_and_the_note_says_so(client):
    # 基层诊疗量占比 ≥ 65% was the target for 2017.
    ObservationFactory(region_id="350702", indicator_id="primary_care_visit_share", year=2024)
    page = client.get("/theme/medcom/?indicator=primary_care_visit_share").content.decode()
    assert "shapes" not in figure(page, "comparison-figure")["layout"]
    assert "2017" in page and "早于这些数据" in page


def test_the_trend_shows_the_regions_with_the_most_years_by_default(client):
    for year in (2019, 2020, 2021):
        ObservationFactory(region_id="350702", indicator_id="fd_contract_rate", year=year)
    for code in ("350721", "350722", "350723", "350724", "350725"):
        ObservationFactory(region_id=code, indicator_id="fd_contract_rate", year=2024)
    page = client.get("/theme/family_doctor/?indicator=fd_contract_rate&year=2024").content
    names = [t["name"] for t in figure(page.decode(), "trend-figure")["data"]]
    assert "延平区" in names  # only older figures, but the most years


def test_adding_a_region_keeps_the_default_ones_and_the_compare_link_carries_them(client):
    for code in ("350702", "350721"):
        ObservationFactory(region_id=code, indicator_id="fd_contract_rate", year=2024)
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2023)
    page = client.get(
        "/theme/family_doctor/?indicator=fd_contract_rate&year=2024&level=county&add=350581"
    ).content.decode()
    for code in ("350702", "350721", "350581"):
        assert f'value="{code}" checked' in page
    link = re.search(r'href="/compare/\?([^"]+)"', page).group(1)
    assert "regions=350702" in link and "regions=350581" in link


def test_equal_values_of_two_regions_in_one_year_do_not_hide_each_other(client):
    ObservationFactory(region_id="350702", indicator_id="fd_contract_rate", year=2024, value="90")
    ObservationFactory(
        region_id="350721", indicator_id="fd_contract_rate", year=2024, value="90", qualifier="gte"
    )
    page = client.get("/theme/family_doctor/?indicator=fd_contract_rate").content.decode()
    first, second = figure(page, "trend-figure")["data"][:2]
    assert first["x"] != second["x"]
