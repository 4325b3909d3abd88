import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.selectors import EXPORT_COLUMNS
from tests.dashboard.dashboard_data import seed_figures
from tests.factories import ObservationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True, scope="module")
def _sync_orm_under_playwright():
    # Playwright runs an event loop in the test thread; the ORM calls of the test itself are safe.
    # Only for this module: the variable must not reach other tests (the deployment check
    # rejects it).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def figures(reference_data):
    figures = seed_figures()
    ObservationFactory(region_id="350581", indicator_id="fd_contract_rate", year=2023, value="61.5")
    ObservationFactory(region_id="140121", indicator_id="fd_contract_rate", year=2023, value="72.1")
    return figures


def bar_labels(page) -> list[str]:
    page.wait_for_selector("#comparison .plot[data-drawn=true]")
    return page.eval_on_selector_all(
        "#comparison .plot .ytick text", "nodes => nodes.map(node => node.textContent)"
    )


def test_changing_indicator_and_year_redraws_the_chart(live_server, page, figures):
    page.goto(f"{live_server.url}/theme/family_doctor/?indicator=fd_contract_rate&year=2024")
    assert bar_labels(page) == ["清徐县"]
    page.select_option("select[name=year]", "2023")
    page.wait_for_url("**year=2023**")
    assert sorted(bar_labels(page)) == ["清徐县", "石狮市"]
    page.select_option("select[name=indicator]", "fd_key_population_contract_rate")
    page.wait_for_url("**indicator=fd_key_population_contract_rate**")
    assert bar_labels(page) == ["石狮市"]
    page.go_back()
    page.wait_for_url("**indicator=fd_contract_rate**")
    assert sorted(bar_labels(page)) == ["清徐县", "石狮市"]


def test_a_value_leads_to_its_sentence_in_the_report(live_server, page, figures):
    page.goto(f"{live_server.url}/region/140121/")
    page.click("a.value >> text=78.45%")
    page.wait_for_url(f"**/report/{figures['qingxu'].report_id}/#obs-{figures['qingxu'].id}")
    current = page.locator("mark.current")
    assert "清徐县家庭医生签约率达78.45%" in current.inner_text()


def test_the_table_downloads_as_csv(live_server, page, figures):
    page.goto(f"{live_server.url}/indicator/fd_contract_rate/?province=350000")
    with page.expect_download() as caught:
        page.click("a.button >> nth=0")
    download = caught.value
    assert download.suggested_filename == "observations_fd_contract_rate_350000.csv"
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "350581" in body and "140121" not in body


CSP_WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


def log_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_every_page_works_under_the_content_security_policy(live_server, page, figures):
    from tests.dashboard.admin_support import reviewer

    page.add_init_script(CSP_WATCH)
    report_id = figures["qingxu"].report_id
    public = [
        "/",
        "/theme/family_doctor/?indicator=fd_contract_rate&year=2023",
        "/indicator/fd_contract_rate/",
        f"/report/{report_id}/",
        "/compare/?indicator=fd_contract_rate&regions=140121&add=350581",
    ]
    for path in public:
        response = page.goto(live_server.url + path)
        policy = response.header_value("content-security-policy")
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        if page.locator(".plot").count():
            # The chart's data is inline: allowed by the nonce, or nothing would be drawn.
            assert "script-src 'self' 'nonce-" in policy
            page.wait_for_selector(".plot[data-drawn=true]")
        assert page.evaluate("window.cspViolations") == [], path
    page.goto(live_server.url + "/admin/login/")
    assert page.evaluate("window.cspViolations") == [], "/admin/login/"
    log_in(page, live_server, reviewer())
    observation = figures["qingxu"].pk
    admin = [
        "/admin/",
        "/admin/dashboard/observation/",
        "/admin/dashboard/reviewitem/",
        f"/admin/dashboard/observation/{observation}/change/",
        f"/admin/dashboard/observation/{observation}/history/",
        "/admin/dashboard/observation/add/",
        f"/admin/dashboard/report/{report_id}/change/",
        f"/admin/dashboard/report/{report_id}/history/",
        "/admin/dashboard/observation/import/",
        "/ingest/upload/",
    ]
    for path in admin:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.cspViolations") == [], path
    page.set_input_files(
        "input[type=file]",
        files=[
            {"name": "r.txt", "mimeType": "text/plain", "buffer": "石狮市签约率达70%。".encode()}
        ],
    )
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    assert "r.txt" in page.content()
    assert page.evaluate("window.cspViolations") == [], "upload result"


# -- offline, and found in seconds --------------------------------------------------------------


@pytest.fixture(autouse=True)
def _nothing_from_outside(transactional_db, live_server, page):
    """Every request of every browser test goes to our own server; one that would leave it is
    blocked and fails the test (a health-bureau intranet has no internet)."""
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    yield
    assert outside == [], f"requests outside the server: {outside}"


def suggestions(page, text: str) -> list[str]:
    box = page.locator("header input[name=q]")
    box.fill(text)
    page.wait_for_selector(".suggestions li")
    return page.eval_on_selector_all(
        ".suggestions li .path", "nodes => nodes.map(node => node.textContent)"
    )


def test_typing_shishi_in_the_header_finds_and_opens_shishi(live_server, page, reference_data):
    page.goto(live_server.url + "/")
    assert suggestions(page, "石狮")[0] == "福建省 › 泉州市 › 石狮市"
    page.keyboard.press("Enter")
    page.wait_for_url("**/region/350581/")
    assert page.locator("h1").inner_text().startswith("石狮市")


def test_typing_chaoyang_offers_both_with_their_parents(live_server, page, reference_data):
    page.goto(live_server.url + "/")
    assert suggestions(page, "朝阳区") == ["北京市 › 朝阳区", "吉林省 › 长春市 › 朝阳区"]


# The centre of the grid cell nearest the middle of a shape's box that lies inside the shape as
# drawn (its box's centre may be sea or a neighbour, and islands widen the box).
_INSIDE_POINT = """node => {
    const box = node.getBoundingClientRect(), toShape = node.getScreenCTM().inverse();
    const cells = [];
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) cells.push([i, j]);
    cells.sort((a, b) => Math.abs(a[0] - 10) + Math.abs(a[1] - 10)
                       - Math.abs(b[0] - 10) - Math.abs(b[1] - 10));
    for (const [i, j] of cells) {
        const x = box.x + box.width * i / 20, y = box.y + box.height * j / 20;
        if (node.isPointInFill(new DOMPoint(x, y).matrixTransform(toShape))) return [x, y];
    }
    return null;
}"""


def hover_over(page, element, name: str) -> tuple[float, float]:
    """A point inside the element where the map's hover label names `name`."""
    point = element.evaluate(_INSIDE_POINT)
    assert point, f"no point of the map lies inside {name}"
    x, y = point
    page.mouse.move(x, y)
    # Plotly redraws its hover label at most every 50 ms: wait for it rather than read it once.
    page.wait_for_function(
        "name => [...document.querySelectorAll('#map .hovertext')]"
        ".some(label => label.textContent.includes(name))",
        arg=name,
        timeout=5000,
    )
    return x, y


def test_the_map_of_quanzhou_colours_shishi_and_opens_its_page(live_server, page, figures):
    page.goto(
        f"{live_server.url}/theme/family_doctor/?indicator=fd_contract_rate&year=2023&parent=350500"
    )
    page.wait_for_selector("#map .plot[data-drawn=true]")
    fills = page.eval_on_selector_all(
        "#map path.choroplethlocation",
        "nodes => Object.fromEntries(nodes.map(n => [n.__data__.loc, getComputedStyle(n).fill]))",
    )
    assert "350581" in fills and "350582" in fills
    grey = fills["350582"]  # 晋江市: no figure
    assert fills["350581"] != grey
    # Looked up in the page: a JavaScript object lists number-like keys in numeric order, not
    # in the order of the shapes.
    index = page.eval_on_selector_all(
        "#map path.choroplethlocation", "nodes => nodes.findIndex(n => n.__data__.loc === '350581')"
    )
    shishi = page.locator("#map path.choroplethlocation").nth(index)
    shishi.scroll_into_view_if_needed()
    x, y = hover_over(page, shishi, "石狮市")
    assert "61.5%" in page.locator("#map .hovertext").first.text_content()
    page.mouse.click(x, y)
    page.wait_for_url("**/region/350581/")


def test_large_numbers_read_in_wan_and_yi_in_tables_and_on_axes(live_server, page, reference_data):
    ObservationFactory(
        region_id="350500", indicator_id="medcom_total_visits", year=2024, value="63857200"
    )
    ObservationFactory(
        region_id="350500", indicator_id="childcare_investment", year=2024, value="29500"
    )
    page.goto(live_server.url + "/region/350500/")
    text = page.locator("main").inner_text()
    assert "6385.7万人次" in text and "2.95亿元" in text
    page.goto(live_server.url + "/theme/medcom/?indicator=medcom_total_visits")
    page.wait_for_selector("#comparison .plot[data-drawn=true]")
    ticks = page.eval_on_selector_all(
        "#comparison .xtick text", "nodes => nodes.map(n => n.textContent)"
    )
    assert "2000万" in ticks and not any(t.endswith("M") for t in ticks)


def test_the_toolbar_downloads_a_png_and_has_nothing_that_shares(live_server, page, figures):
    page.goto(f"{live_server.url}/theme/family_doctor/?indicator=fd_contract_rate&year=2023")
    page.wait_for_selector("#comparison .plot[data-drawn=true]")
    page.hover("#comparison .plot")
    titles = page.eval_on_selector_all(
        "#comparison .modebar-btn", "nodes => nodes.map(n => n.getAttribute('data-title'))"
    )
    assert "下载图片（PNG）" in titles
    assert not [t for t in titles if "Share" in t or "Chart Studio" in t or "Plotly" in t]


# -- Chinese everywhere -------------------------------------------------------------------------

# ASCII words a Chinese page may show: names of file formats, standards and keys that Chinese
# text writes so too, and the CSV's column codes (the import page lists them). Codes, file names
# and addresses (with digits, dots, underscores, hyphens or brackets) are left out before words
# are counted, and so is text marked as English (lang="en") or not to be translated.
ALLOWED_WORDS = {"CSV", "csv", "PNG", "HTML", "Markdown", "MB", "DRG", "DIP", "GB", "IP", "LDAP"}
ALLOWED_WORDS |= {"PDF", "Word", "Excel", "EXCEL", "JSON", "API", "OpenAPI", "Python"}
ALLOWED_WORDS |= {"Control", "Command", "Mac"} | set(EXPORT_COLUMNS)
# A password hash shows its salt and digest, with * among the characters of its alphabet.
_CODE_LIKE = re.compile(r"\S*[0-9._/@:<>*\\-]\S*")
_WORD = re.compile(r"[A-Za-z]{2,}")


VISIBLE_CHINESE_TEXT = """() => {
  document.querySelectorAll('[lang="en"], [translate="no"]').forEach(e => e.remove());
  return document.body.innerText;
}"""


def english_words(text: str) -> set[str]:
    return set(_WORD.findall(_CODE_LIKE.sub(" ", text))) - ALLOWED_WORDS


def _page_kind(url: str) -> str:
    """One visit per kind of page: /region/350581/ and /region/140121/ are one kind."""
    path = urlsplit(url).path
    path = re.sub(r"/[^/]+/(change|history|delete)/$", r"/X/\1/", path)
    return re.sub(r"\d+", "N", path)


SKIPPED = (
    "/static/",
    "/i18n/",
    "/logout/",
    ".csv",
    ".xlsx",
    ".txt",
    "/export/",
    "/delete/",
    "/password_change/",
    # The OpenAPI schema and its interactive viewer describe the API to programmers, in the
    # language of its field names; the examples page at /api/v1/ is the one in Chinese.
    "/api/v1/schema/",
    "/api/v1/docs/",
)


def test_no_page_in_chinese_mode_shows_an_english_word(
    live_server, page, figures, django_user_model, client
):
    admin = django_user_model.objects.create_superuser("管理员", password="x" * 20)
    client.force_login(admin)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    queue = [
        live_server.url + path
        for path in (
            "/",
            "/region/朝阳区/",
            "/search/?q=鼓楼区",
            "/compare/?indicator=fd_contract_rate&regions=140121&regions=350581",
            f"/report/{figures['qingxu'].report_id}/",
            "/no/such/page/",
            "/admin/",
            "/ingest/upload/",
        )
    ]
    seen: set[str] = set()
    english: dict[str, set[str]] = {}
    while queue and len(seen) < 150:
        url = queue.pop(0)
        if _page_kind(url) in seen or any(part in url for part in SKIPPED):
            continue
        seen.add(_page_kind(url))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        found = english_words(page.evaluate(VISIBLE_CHINESE_TEXT))
        if found:
            english[url] = found
        for link in page.eval_on_selector_all("a[href]", "nodes => nodes.map(n => n.href)"):
            if link.startswith(live_server.url):
                queue.append(link.split("#")[0])
    assert len(seen) > 40, sorted(seen)
    assert english == {}, "\n".join(f"{url}: {sorted(words)}" for url, words in english.items())
