"""Finding a region: by name, short name, pinyin initials or code, told apart by its path."""

import pytest

from dashboard import selectors
from tests.dashboard.dashboard_data import seed_figures

pytestmark = pytest.mark.django_db


def paths(text: str) -> list[str]:
    return [m.label for m in selectors.search_regions(text)]


def test_a_region_is_found_by_its_short_name_pinyin_initials_or_code():
    assert paths("石狮")[0] == "福建省 › 泉州市 › 石狮市"
    assert "福建省 › 泉州市 › 石狮市" in paths("sss")
    assert paths("350581") == ["福建省 › 泉州市 › 石狮市"]


def test_two_regions_of_one_name_are_both_offered_with_their_parents():
    assert paths("朝阳区") == ["北京市 › 朝阳区", "吉林省 › 长春市 › 朝阳区"]


def test_a_match_says_whether_the_region_has_figures():
    seed_figures()
    (shishi,) = [m for m in selectors.search_regions("石狮") if m.region.code == "350581"]
    assert shishi.has_data
    assert not selectors.search_regions("清流县")[0].has_data


def test_a_region_page_by_a_unique_name_redirects_to_the_code(client):
    response = client.get("/region/石狮市/")
    assert response.status_code == 302 and response["Location"] == "/region/350581/"


def test_a_region_page_by_a_shared_name_offers_the_choices(client):
    page = client.get("/region/朝阳区/").content.decode()
    assert "北京市 › 朝阳区" in page and "吉林省 › 长春市 › 朝阳区" in page
    assert 'href="/region/110105/"' in page and 'href="/region/220104/"' in page


def test_an_unknown_region_name_is_a_chinese_404(client):
    response = client.get("/region/不存在县/")
    assert response.status_code == 404


def test_the_search_opens_the_one_region_it_finds_and_lists_several(client):
    response = client.get("/search/", {"q": "石狮"})
    assert response["Location"] == "/region/350581/"
    listed = client.get("/search/", {"q": "鼓楼区"}).content.decode()
    for parent in ("福州市", "南京市", "徐州市", "开封市"):
        assert f"{parent} › 鼓楼区" in listed


def test_the_suggestions_carry_path_code_and_page(client):
    (first, *_) = client.get("/search/regions.json", {"q": "石狮"}).json()["results"]
    assert first == {
        "code": "350581",
        "name": "石狮市",
        "path": "福建省 › 泉州市 › 石狮市",
        "level": "县级",
        "has_data": False,
        "url": "/region/350581/",
    }


def test_adding_a_shared_name_to_a_chart_asks_which_one_instead_of_guessing(client):
    seed_figures()
    page = client.get("/compare/?indicator=fd_contract_rate&regions=140121&add=朝阳区")
    text = page.content.decode()
    assert "朝阳区" in text and "北京市 › 朝阳区" in text and "吉林省 › 长春市 › 朝阳区" in text
    assert 'value="110105" checked' not in text and 'value="220104" checked' not in text


def test_a_short_name_added_to_a_chart_is_not_reported_missing(client):
    seed_figures()
    text = client.get("/compare/?indicator=fd_contract_rate&regions=140121&add=石狮").content
    text = text.decode()
    assert 'value="350581" checked' in text
    assert "找不到" not in text


def test_the_admin_region_picker_shows_each_region_with_its_parents(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "朝阳区",
            "app_label": "dashboard",
            "model_name": "observation",
            "field_name": "region",
        },
    )
    texts = [r["text"] for r in response.json()["results"]]
    assert "北京市 › 朝阳区 · 110105" in texts and "吉林省 › 长春市 › 朝阳区 · 220104" in texts
