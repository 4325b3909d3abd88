import pytest

from tests.dashboard.dashboard_data import seed_figures

pytestmark = pytest.mark.django_db


def test_pages_are_in_chinese_by_default(client):
    seed_figures()
    page = client.get("/theme/family_doctor/").content.decode()
    assert "县域卫生健康改革指标看板" in page
    assert "家庭医生签约率" in page and "历年趋势" in page
    assert "Family-doctor contract coverage" not in page


def test_the_english_switch_shows_catalog_names_and_labels_in_english(client):
    seed_figures()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/theme/family_doctor/").content.decode()
    assert "County Health Reform Indicators" in page
    assert "Family-doctor contract coverage" in page and "trend over the years" in page
    assert "家庭医生签约率" not in page


def test_a_browser_set_to_english_still_gets_chinese_until_the_user_switches(client):
    seed_figures()
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "县域卫生健康改革指标看板" in page
    assert "County Health Reform Indicators" not in page


def test_the_admin_is_in_chinese_by_default(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "审核与数据管理" in page and "Review and data management" not in page


def test_every_indicator_has_a_chinese_definition_shown_in_chinese_mode(client):
    from dashboard.models import Indicator

    assert not Indicator.objects.filter(definition_zh="").exists()
    page = client.get("/indicator/childcare_places_per_1000/").content.decode()
    assert "分母是全部人口" in page
    assert "divided by total (resident) population" not in page
    client.cookies["django_language"] = "en"
    page = client.get("/indicator/childcare_places_per_1000/").content.decode()
    assert "divided by total (resident) population" in page


def test_a_page_that_does_not_exist_says_so_in_chinese(client):
    response = client.get("/indicator/no_such_indicator/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "找不到页面" in page and "Not Found" not in page


def test_the_server_error_page_is_in_chinese(client, settings):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        page = render_to_string("500.html")
    assert "出错了" in page and "Server Error" not in page
