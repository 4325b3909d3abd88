"""The indicator table: one row per figure, each cell as the page shows it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tables2 import RequestConfig

from dashboard import selectors
from dashboard.models import Status
from dashboard.tables import ObservationTable
from tests.dashboard.dashboard_data import nanping_inpatient_share, nanping_report

pytestmark = pytest.mark.django_db


def rows_of(rf, **params) -> list[list[str]]:
    request = rf.get("/indicator/county_inpatient_share/", params)
    table = ObservationTable(selectors.table_observations("county_inpatient_share"), unit="%")
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    with translation.override("zh-hans"):
        html = table.as_html(request)
    body = html.split("<tbody")[1].split("</tbody>")[0]
    return [re.findall(r"<td >(.*?)</td>", row) for row in re.findall(r"<tr .*?</tr>", body)]


def test_a_row_links_the_region_and_the_value_to_its_sentence(rf):
    report = nanping_report()
    figure = nanping_inpatient_share(report=report, status=Status.VERIFIED)
    ((region, parent, level, year, value, kind, status, source),) = rows_of(rf)
    assert region == '<a href="/region/350700/">南平市</a>'
    assert (parent, level, year, kind) == ("福建省", "地级", "2024", "实际值")
    assert f'href="/report/{report.pk}/#obs-{figure.pk}"' in value and "67.59%" in value
    assert status == '<span class="badge verified">已核实</span>'
    assert source == f'<a href="/report/{report.pk}/#obs-{figure.pk}">南平市卫生健康工作报告</a>'


def test_a_figure_entered_by_hand_says_so_and_the_country_has_no_parent(rf):
    nanping_inpatient_share(region_id="100000", value="60")
    nanping_inpatient_share(value="66.8", year=2023)
    rows = rows_of(rf, sort="region")
    assert [row[1] for row in rows] == ["—", "福建省"]
    assert [row[7] for row in rows] == ["手工录入", "手工录入"]


def test_the_rows_follow_the_sort(rf):
    for value in ("50", "70", "60"):
        nanping_inpatient_share(value=value)
    values = [re.search(r">([\d.]+)%<", row[4]).group(1) for row in rows_of(rf, sort="-value")]
    assert values == ["70", "60", "50"]


def test_the_figures_are_counted_once_per_version_of_the_data(client):
    nanping_inpatient_share()
    url = "/indicator/county_inpatient_share/"
    assert "下载这 1 条数据" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert not [q for q in captured if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]
    nanping_inpatient_share(year=2023)
    assert "下载这 2 条数据" in client.get(url).content.decode()
