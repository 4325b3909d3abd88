import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dashboard import review, selectors
from dashboard.models import Observation, Region, Status
from tests.dashboard.admin_support import make_user, post_admin_change, reviewer
from tests.dashboard.dashboard_data import nanping_inpatient_share, nanping_report, seed_figures
from tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def figures():
    return seed_figures()


def text_of(response) -> str:
    return response.content.decode()


def test_the_overview_explains_how_to_get_figures_when_there_are_none(client, settings):
    settings.DASHBOARD_REPORTS_CONTACT = "市卫健委规划信息科"
    page = text_of(client.get("/"))
    assert "发送给市卫健委规划信息科" in page
    assert "manage.py" not in page and "/ingest/upload/" not in page
    assert "data-figure" not in page


def test_a_signed_in_reviewer_is_pointed_to_the_upload_page(as_reviewer):
    page = text_of(as_reviewer.get("/"))
    assert 'href="/ingest/upload/"' in page and "manage.py" not in page


def test_the_overview_shows_each_themes_latest_values_by_region(client, figures):
    page = text_of(client.get("/"))
    for name in ("医共体建设", "家庭医生签约服务", "托育服务", "南平市", "清徐县", "石狮市"):
        assert name in page
    assert "67.59%" in page and "78.45%" in page
    assert f"/report/{figures['inpatient'].report_id}/#obs-{figures['inpatient'].id}" in page


def test_the_overview_shows_the_newest_year_of_a_region(client, figures):
    nanping_inpatient_share(value="60.1", year=2022, status=Status.VERIFIED)
    page = text_of(client.get("/"))
    assert "67.59%" in page and "60.1%" not in page


def test_a_theme_page_draws_the_comparison_and_the_trend_of_the_chosen_indicator(client, figures):
    ObservationFactory(region_id="140121", indicator_id="fd_contract_rate", year=2022, value="70.5")
    response = client.get("/theme/family_doctor/?indicator=fd_contract_rate&year=2024")
    assert response.status_code == 200
    page = text_of(response)
    assert 'id="comparison-figure"' in page and 'id="trend-figure"' in page
    assert "vendor/plotly/plotly.min.js" in page
    # The national target of the catalog is named under the chart.
    assert "75%" in page and "2035" in page


def test_a_theme_page_falls_back_to_the_latest_year_when_the_year_has_no_figures(client, figures):
    page = text_of(client.get("/theme/family_doctor/?indicator=fd_contract_rate&year=1990"))
    assert '<option value="2024" selected>' in page


def test_a_theme_page_limits_the_comparison_to_the_regions_under_a_parent(client, figures):
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2024, value="72")
    page = text_of(
        client.get("/theme/family_doctor/?indicator=fd_contract_rate&year=2024&parent=350000")
    )
    table = page.split('id="comparison"')[1].split("</section>")[0]
    assert "石狮市" in table and "清徐县" not in table


def test_a_theme_without_figures_says_what_to_ingest(client, figures):
    page = text_of(client.get("/theme/outcomes/"))
    assert "居民健康素养水平" in page and "数据审核员" in page and "manage.py" not in page
    assert "data-figure" not in page


def test_an_unknown_theme_or_indicator_or_region_is_not_found(client):
    assert client.get("/theme/nothing/").status_code == 404
    assert client.get("/indicator/nothing/").status_code == 404
    assert client.get("/region/999999/").status_code == 404


def test_the_indicator_page_shows_the_definition_the_target_and_its_source(client, figures):
    page = text_of(client.get("/indicator/fd_contract_rate/"))
    assert "关于推进家庭医生签约服务高质量发展的指导意见" in page
    assert "≥ 75% " in page or "≥ 75%" in page


def test_the_indicator_table_filters_by_province_and_links_the_csv_of_those_rows(client, figures):
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2024, value="72")
    response = client.get("/indicator/fd_contract_rate/?province=350000")
    page = text_of(response)
    table = page.split('id="table"')[1]
    assert "石狮市" in table and "清徐县" not in table
    assert "/indicator/fd_contract_rate/observations.csv?province=350000" in page


def test_the_indicator_table_never_shows_rejected_values(client, figures):
    ObservationFactory(
        region_id="350581",
        indicator_id="fd_contract_rate",
        year=2024,
        value="12.34",
        status=Status.REJECTED,
    )
    page = text_of(client.get("/indicator/fd_contract_rate/"))
    assert "12.34" not in page


def test_a_conflict_between_sources_is_flagged(client, figures):
    nanping_inpatient_share(value="66.8")
    page = text_of(client.get("/indicator/county_inpatient_share/"))
    assert page.count("conflict-mark") >= 2


def test_the_region_page_groups_its_figures_by_theme_with_peers_and_reports(client, figures):
    page = text_of(client.get("/region/350700/"))
    assert "医共体建设" in page and "托育服务" in page
    assert "4.01" in page and "个" in page
    assert "南平市卫生健康工作报告" in page
    assert "厦门市" in page  # a peer under 福建省
    assert "建阳区" in page  # a county of 南平市


def test_the_report_page_highlights_each_figure_and_anchors_it(client, figures):
    report = figures["inpatient"].report
    page = text_of(client.get(f"/report/{report.pk}/"))
    assert f'id="obs-{figures["inpatient"].id}"' in page
    assert f'id="obs-{figures["childcare"].id}"' in page
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", page, flags=re.S)
    assert any("67.59%" in text for text in marked)
    assert any("4.01" in text for text in marked)


def test_the_report_page_of_a_pdf_marks_its_pages_and_says_on_which_each_figure_is(client):
    first = "南平市卫生健康工作报告\n\n全市卫生健康事业高质量发展。\n\n"
    second = "2024年南平市县域内住院量占比提升至67.59%。"
    report = nanping_report(text=first + second, page_starts=[0, len(first)])
    observation = nanping_inpatient_share(
        report=report, quote=second, span_start=len(first), span_end=len(first) + len(second)
    )
    with translation.override("zh-hans"):
        page = text_of(client.get(f"/report/{report.pk}/"))
    assert 'id="page-1"' in page and 'id="page-2"' in page
    assert page.index('id="page-2"') < page.index(f'id="obs-{observation.id}"')
    assert re.search(r'href="#page-2"[^>]*>PDF 第 2 页<', page)
    assert "共 2 页" in page


def test_report_text_is_shown_as_text_never_as_markup(client):
    report = nanping_report(text="<script>alert(1)</script>签约率达80%。")
    ObservationFactory(
        region_id="350700",
        indicator_id="fd_contract_rate",
        year=2024,
        value="80",
        report=report,
        quote="签约率达80%。",
    )
    page = text_of(client.get(f"/report/{report.pk}/"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_manual_entry_has_a_page_of_its_own_and_a_report_value_redirects(client, figures):
    manual = ObservationFactory(
        region_id="350700",
        indicator_id="childcare_places",
        year=2023,
        value="9000",
        source="《南平统计年鉴》",
    )
    assert "《南平统计年鉴》" in text_of(client.get(f"/observation/{manual.pk}/"))
    response = client.get(f"/observation/{figures['qingxu'].pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#obs-{figures['qingxu'].pk}")


def manual_entry_with_a_note():
    return ObservationFactory(
        region_id="350700",
        indicator_id="childcare_places",
        year=2023,
        value="9000",
        source="《南平统计年鉴》",
        note="内部：数据待卫健局电话核实",
    )


def test_a_manual_entrys_note_is_not_shown_to_a_visitor(client):
    manual = manual_entry_with_a_note()
    assert "待卫健局电话核实" not in text_of(client.get(f"/observation/{manual.pk}/"))


def test_a_manual_entrys_note_is_not_shown_to_a_logged_in_reader_without_review_rights(client):
    manual = manual_entry_with_a_note()
    client.force_login(make_user("reader", staff=False))
    assert "待卫健局电话核实" not in text_of(client.get(f"/observation/{manual.pk}/"))


def test_a_manual_entrys_note_is_shown_to_a_reviewer(as_reviewer):
    manual = manual_entry_with_a_note()
    assert "待卫健局电话核实" in text_of(as_reviewer.get(f"/observation/{manual.pk}/"))


def test_the_compare_page_draws_two_to_ten_regions_named_by_code_or_name(client, figures):
    ObservationFactory(region_id="350700", indicator_id="fd_contract_rate", year=2024, value="66")
    page = text_of(client.get("/compare/?indicator=fd_contract_rate&regions=140121&add=南平市"))
    assert 'id="trend-figure"' in page
    assert "78.45%" in page and "66%" in page


def test_the_compare_page_asks_for_a_second_region(client, figures):
    page = text_of(client.get("/compare/?indicator=fd_contract_rate&regions=140121"))
    assert "data-figure" not in page
    assert "清徐县" in page


def test_numbers_are_written_in_wan_with_the_catalog_unit_and_the_exact_value_in_the_title(
    client,
):
    ObservationFactory(
        region_id="350581",
        indicator_id="fd_signed_residents",
        year=2023,
        value="317572",
        status=Status.VERIFIED,
    )
    page = text_of(client.get("/region/350581/"))
    assert ">31.76万人</a>" in page
    assert 'title="317572 人 · 已核实"' in page


def test_in_english_numbers_have_thousands_separators(client):
    ObservationFactory(
        region_id="350581", indicator_id="fd_signed_residents", year=2023, value="317572"
    )
    client.cookies["django_language"] = "en"
    page = text_of(client.get("/region/350581/"))
    assert "317,572\u2009人" in page


def test_values_keep_their_qualifier(client):
    ObservationFactory(
        region_id="140121",
        indicator_id="fd_key_population_contract_rate",
        year=2024,
        value="90",
        qualifier="gte",
    )
    assert "≥\u200990%" in text_of(client.get("/region/140121/"))


def test_pages_need_a_login_when_the_setting_asks_for_it(
    client, settings, figures, django_user_model
):
    settings.DASHBOARD_REQUIRE_LOGIN = True
    report = figures["inpatient"].report_id
    urls = [
        "/",
        "/theme/medcom/",
        "/indicator/fd_contract_rate/",
        "/region/350700/",
        f"/report/{report}/",
        "/compare/",
        "/observations.csv",
        "/indicator/fd_contract_rate/observations.csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    client.force_login(django_user_model.objects.create_user("officer", password="x" * 20))
    assert client.get("/").status_code == 200


def _many_figures(regions: list[str]) -> None:
    report = nanping_report()
    for code in regions:
        for year in (2022, 2023, 2024):
            ObservationFactory(
                region_id=code,
                indicator_id="fd_contract_rate",
                year=year,
                value=Decimal("60") + year % 7,
                report=report,
            )


@pytest.fixture
def a_running_worker():
    """The reference data a worker keeps from its first request on (`reference_cache`): read
    once per process, not per request, whatever the data."""
    selectors.indicator_catalog()
    Region.objects.tree()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/theme/family_doctor/?indicator=fd_contract_rate",
        "/indicator/fd_contract_rate/?province=350000&sort=-value",
        "/region/350700/",
        "/compare/?indicator=fd_contract_rate&regions=350702&regions=350721&regions=350722",
        "/report/{report}/",
    ],
)
def test_query_counts_do_not_grow_with_the_data(
    client, url, django_assert_max_num_queries, a_running_worker
):
    _many_figures(["350702", "350721"])
    report = nanping_report(text="x", original_filename="q.txt")
    with django_assert_max_num_queries(16) as few:
        client.get(url.format(report=report.pk))
    _many_figures(["350722", "350723", "350724", "350725", "350781", "350782", "350783"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url.format(report=report.pk)).status_code == 200


def test_an_officer_without_admin_rights_logs_in_on_the_dashboard_login_page(
    client, settings, django_user_model
):
    settings.DASHBOARD_REQUIRE_LOGIN = True
    django_user_model.objects.create_user("officer", password="county-health-2024")
    login = client.get("/accounts/login/?next=/compare/")
    assert login.status_code == 200 and 'name="password"' in login.content.decode()
    response = client.post(
        "/accounts/login/",
        {"username": "officer", "password": "county-health-2024", "next": "/compare/"},
    )
    assert response.status_code == 302 and response["Location"] == "/compare/"
    assert client.get("/compare/").status_code == 200


def test_a_wrong_password_on_the_login_page_says_so(client, django_user_model):
    django_user_model.objects.create_user("officer", password="county-health-2024")
    response = client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_synthetic_figures_are_announced_as_such_on_every_page(client):
    ObservationFactory(
        region_id="350702", indicator_id="fd_contract_rate", year=2024, value=Decimal("61")
    )
    assert "synthetic-notice" not in client.get("/").content.decode()
    Observation.objects.update(synthetic=True)
    for url in ("/", "/theme/family_doctor/", "/region/350702/"):
        assert "合成数据" in client.get(url).content.decode(), url


def test_a_figure_waiting_for_review_is_neither_in_the_table_nor_the_chart(
    client, figures, settings
):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    ObservationFactory(
        region_id="350581",
        indicator_id="fd_contract_rate",
        year=2024,
        value="43.21",
        status=Status.EXTRACTED,
        confidence=0.55,
    )
    for url in ("/indicator/fd_contract_rate/", "/theme/family_doctor/", "/region/350581/"):
        assert "43.21" not in text_of(client.get(url)), url


def test_every_page_says_how_many_figures_wait_for_review(client, figures, settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    for year, confidence in ((2021, 0.55), (2022, 0.7)):
        ObservationFactory(
            region_id="350581", year=year, status=Status.EXTRACTED, confidence=confidence
        )
    for url in ("/", "/theme/family_doctor/", "/region/350581/"):
        assert "另有 2 条提取数据待审核，审核后公开。" in text_of(client.get(url)), url


def test_only_a_reviewer_is_pointed_to_the_review_queue(
    client, figures, settings, django_user_model
):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    ObservationFactory(region_id="350581", year=2021, status=Status.EXTRACTED, confidence=0.55)
    assert "打开审核队列" not in text_of(client.get("/"))
    client.force_login(django_user_model.objects.create_user("reviewer", is_staff=True))
    assert "打开审核队列" in text_of(client.get("/"))


def test_a_page_reads_the_data_version_once_however_many_parts_need_it(client, figures):
    with CaptureQueriesContext(connection) as captured:
        client.get("/theme/family_doctor/?indicator=fd_contract_rate")
    state = [q for q in captured if "dashboard_coveragestate" in q["sql"]]
    assert len(state) == 1


def test_a_chart_page_reads_its_lists_from_the_cache_while_the_figures_are_unchanged(
    client, figures
):
    url = "/theme/family_doctor/?indicator=fd_contract_rate"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert not [q for q in captured if q["sql"].startswith("SELECT DISTINCT")]
    ObservationFactory(region_id="350702", indicator_id="fd_contract_rate", year=2021)
    page = text_of(client.get(url))
    assert '<option value="2021">2021</option>' in page


def test_the_footer_count_follows_a_review(client, figures, settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    unsure = ObservationFactory(region_id="350581", status=Status.EXTRACTED, confidence=0.55)
    assert "另有 1 条提取数据待审核" in text_of(client.get("/"))
    review.set_status([unsure], Status.VERIFIED, reviewer())
    assert "待审核" not in text_of(client.get("/"))


def test_a_region_page_shows_a_new_figure_at_once(client, figures):
    assert "12.34" not in text_of(client.get("/region/350700/"))
    ObservationFactory(region_id="350700", indicator_id="fd_contract_rate", value="12.34")
    assert "12.34" in text_of(client.get("/region/350700/"))


def test_a_region_page_shows_a_renamed_indicator_at_once(client, figures):
    assert "县域内住院量占比" in text_of(client.get("/region/350700/"))
    client.force_login(make_user("admin", superuser=True))
    url = reverse("admin:dashboard_indicator_change", args=["county_inpatient_share"])
    assert post_admin_change(client, url, name_zh="县域住院占比").status_code == 302
    assert "县域住院占比" in text_of(client.get("/region/350700/"))


def test_a_region_page_shows_a_corrected_report_title_at_once(client, figures):
    report = figures["inpatient"].report
    assert report.title in text_of(client.get("/region/350700/"))
    report.title = "南平市卫生健康委员会2024年工作总结（更正）"
    report.save()
    assert "（更正）" in text_of(client.get("/region/350700/"))


def test_a_chart_shows_a_new_figure_at_once(client, figures):
    url = "/theme/family_doctor/?indicator=fd_contract_rate&year=2024"
    assert "91.5%" not in text_of(client.get(url))
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2024, value="91.5")
    assert "91.5%" in text_of(client.get(url))
    client.cookies["django_language"] = "en"
    assert "Year 2024" in text_of(client.get(url))  # the chart's hover text, in English


def test_the_overview_and_the_indicator_table_show_a_new_figure_at_once(client, figures):
    for url in ("/", "/indicator/fd_contract_rate/?sort=-value"):
        assert "99.25%" not in text_of(client.get(url)), url
    ObservationFactory(
        region_id="100000", indicator_id="fd_contract_rate", year=2024, value="99.25"
    )
    for url in ("/", "/indicator/fd_contract_rate/?sort=-value"):
        assert "99.25%" in text_of(client.get(url)), url


def test_a_page_kept_in_the_cache_still_greets_each_visitor_as_themselves(
    client, figures, django_user_model
):
    url = "/theme/family_doctor/?indicator=fd_contract_rate"
    assert "退出（officer）" not in text_of(client.get(url))
    client.force_login(django_user_model.objects.create_user("officer", is_staff=True))
    page = text_of(client.get(url))
    assert "退出（officer）" in page and 'id="comparison-figure"' in page
    client.logout()
    assert "退出（officer）" not in text_of(client.get(url))


def test_a_chart_page_sends_a_content_security_policy_whose_nonce_only_its_chart_data_has(
    client, figures
):
    response = client.get("/theme/family_doctor/?indicator=fd_contract_rate&year=2023")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    # Scripts and <style> elements are nonce-only; only style attributes may be inline.
    for name in ("script-src", "style-src"):
        assert "unsafe-inline" not in directives[name] and "unsafe-eval" not in directives[name]
    assert "unsafe-eval" not in policy
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert inline and all(f'nonce="{nonce}"' in tag for tag in inline)
    assert all('type="application/json"' in tag for tag in inline)


def test_the_overview_gives_each_value_its_change_and_its_national_target_status(client, figures):
    nanping_inpatient_share(value="60", year=2023, status=Status.VERIFIED)
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2024, value="61")
    page = text_of(client.get("/"))
    assert "较2023年↑7.59个百分点" in page
    # 家庭医生签约率: ≥ 75% by 2035.
    qingxu = page.split("清徐县</a>")[1].split("</tr>")[0]
    assert "78.45%" in qingxu and "达标" in qingxu and "未达标" not in qingxu
    shishi = page.split("石狮市</a>")[1].split("</tr>")[0]
    assert "未达标" in shishi


def test_the_overview_maps_each_themes_widest_indicator_in_its_latest_year(client, figures):
    ObservationFactory(region_id="140121", indicator_id="fd_contract_rate", year=2023, value="70")
    page = text_of(client.get("/"))
    assert 'data-figure="map-family_doctor"' in page
    assert "/static/maps/140100.json" in page  # 清徐县's prefecture, 太原市


def test_the_overview_says_how_many_figures_await_review(client, figures, settings):
    ObservationFactory(region_id="350581", year=2021, status=Status.EXTRACTED, confidence=0.3)
    page = text_of(client.get("/"))
    assert "另有1条抽取数值待审核" in page


def test_a_page_kept_in_the_cache_offers_the_upload_only_to_who_may_upload(client):
    assert "/ingest/upload/" not in text_of(client.get("/"))
    client.force_login(reviewer())
    assert "/ingest/upload/" in text_of(client.get("/"))
    client.logout()
    assert "/ingest/upload/" not in text_of(client.get("/"))


def test_a_page_served_from_the_cache_carries_the_nonce_of_its_own_request(client, figures):
    url = "/theme/family_doctor/?indicator=fd_contract_rate&year=2023"
    first = client.get(url)
    second = client.get(url)
    nonces = []
    for response in (first, second):
        policy = response["Content-Security-Policy"]
        nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())
        assert inline and all(f'nonce="{nonce}"' in tag for tag in inline)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
