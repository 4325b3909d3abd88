from pathlib import Path

import pytest

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
