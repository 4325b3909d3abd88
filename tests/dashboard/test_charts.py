from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.utils import translation

from dashboard import charts
from dashboard.models import Indicator
from dashboard.selectors import Point

pytestmark = pytest.mark.django_db


def point(region="350700", year=2024, value="66", status="verified", **fields) -> Point:
    values = {
        "id": year,
        "region_code": region,
        "region_name": {"350700": "南平市", "140121": "清徐县"}.get(region, region),
        "region_level": "prefecture",
        "indicator_code": "fd_contract_rate",
        "year": year,
        "value": Decimal(value),
        "qualifier": "eq",
        "kind": "actual",
        "status": status,
        "report_id": 7,
        "report_title": "<b>南平</b>报告",
        "quote": "",
        "note": "",
    }
    return Point(**{**values, **fields})


@pytest.fixture
def indicator():
    with translation.override("zh-hans"):
        yield Indicator.objects.get(pk="fd_contract_rate")


def test_the_figures_are_valid_plotly_figures(indicator):
    bars = charts.comparison_figure(indicator, [point(), point("140121")], year=2024)
    lines = charts.trend_figure(indicator, {"350700": [point()]})
    go.Figure(data=bars["data"], layout=bars["layout"])
    go.Figure(data=lines["data"], layout=lines["layout"])


def test_extracted_values_look_different_from_verified_ones(indicator):
    bars = charts.comparison_figure(
        indicator, [point(), point("140121", status="extracted")], year=2024
    )
    verified, extracted = bars["data"]
    assert verified["marker"]["color"] != extracted["marker"]["color"]
    assert extracted["marker"]["pattern"]["shape"] == "/"
    lines = charts.trend_figure(
        indicator, {"350700": [point(year=2023), point(year=2024, status="extracted")]}
    )
    assert lines["data"][0]["marker"]["symbol"] == ["circle", "circle-open"]


def test_a_missing_year_is_a_gap_not_an_interpolation(indicator):
    lines = charts.trend_figure(indicator, {"350700": [point(year=2021), point(year=2024)]})
    trace = lines["data"][0]
    assert trace["x"] == [2021, 2022, 2023, 2024]
    assert trace["y"] == [66.0, None, None, 66.0]
    assert trace["connectgaps"] is False


def test_two_regions_of_a_single_year_are_drawn_near_that_year_not_on_the_edges(indicator):
    lines = charts.trend_figure(
        indicator, {"350700": [point()], "140121": [point("140121", value="78.45")]}
    )
    low, high = lines["layout"]["xaxis"]["range"]
    assert (low, high) == (2023.5, 2024.5)
    xs = [trace["x"][0] for trace in lines["data"] if trace["x"] != [None]]
    assert len(xs) == 2 and all(abs(x - 2024) <= 0.1 for x in xs)


def test_the_national_target_is_a_reference_line(indicator):
    bars = charts.comparison_figure(indicator, [point()], year=2024)
    line = bars["layout"]["shapes"][0]
    assert (line["x0"], line["x1"]) == (75.0, 75.0)
    assert "2035" in bars["layout"]["annotations"][0]["text"]


def test_the_hover_names_region_year_value_status_and_source_as_text(indicator):
    bars = charts.comparison_figure(
        indicator, [point(qualifier="gte", status="extracted")], year=2024
    )
    hover = bars["data"][0]["customdata"][0]
    assert hover[0] == "南平市" and "2024" in hover[1]
    assert hover[2] == "≥\u200966%"
    assert "&lt;b&gt;南平&lt;/b&gt;报告" in hover[4]
    assert hover[5] == "/report/7/#obs-2024"


def test_a_conflict_shows_the_other_sources_values(indicator):
    bars = charts.comparison_figure(
        indicator, [point(conflicting_values=(Decimal("70"),))], year=2024
    )
    assert "⚠" in bars["data"][0]["text"][0]
    assert "70%" in bars["data"][0]["customdata"][0][2]


def test_value_axes_are_labelled_in_wan_and_yi():
    with translation.override("zh-hans"):
        visits = Indicator.objects.get(pk="medcom_total_visits")
        bars = charts.comparison_figure(
            visits, [point(value="63857200", indicator_code=visits.code)], year=2024
        )
    axis = bars["layout"]["xaxis"]
    assert axis["ticktext"][:4] == ["0", "2000万", "4000万", "6000万"]
    assert bars["data"][0]["text"] == ["6385.7万人次"]


def test_the_toolbar_keeps_png_download_and_nothing_that_reaches_the_internet(indicator):
    config = charts.comparison_figure(indicator, [point()], year=2024)["config"]
    buttons = [name for group in config["modeBarButtons"] for name in group]
    assert "toImage" in buttons
    assert not {"sendDataToCloud", "sendChartToCloud", "editInChartStudio"} & set(buttons)
    assert config["showSendToCloud"] is False and config["displaylogo"] is False


def test_a_map_colours_the_counties_with_a_value_and_greys_the_others(indicator):
    from dashboard.models import Region
    from dashboard.selectors import MapData

    quanzhou = Region.objects.get(pk="350500")
    parts = list(Region.objects.filter(parent="350500").order_by("code"))
    data = MapData(quanzhou, parts, {"350581": point("350581", region_name="石狮市")})
    figure = charts.map_figure(indicator, data, year=2024, geojson_url="/static/maps/350500.json")
    no_data, coloured = figure["data"]
    assert coloured["locations"] == ["350581"] and coloured["z"] == [66.0]
    assert coloured["customdata"][0][-1] == "/region/350581/"
    assert "350581" not in no_data["locations"] and "350582" in no_data["locations"]
    assert coloured["geojson"] == no_data["geojson"] == "/static/maps/350500.json"
    assert figure["layout"]["geo"]["fitbounds"] == "locations"
    # The target of 2035 applies to 2024: colours diverge around it.
    assert coloured["zmid"] == 75.0
