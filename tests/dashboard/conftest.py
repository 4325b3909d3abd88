import os

import pytest
from django.core.management import call_command


@pytest.fixture
def reference_data(db):
    # live_server tests flush every table afterwards, the reference tables included.
    from dashboard.models import Region

    if not Region.objects.exists():
        call_command("bootstrap", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="module")
def sync_orm_beside_playwright():
    """For a module of transactional tests that runs after the browser tests, whose Playwright
    event loop still runs in this thread: the ORM calls of the tests themselves are safe (as in
    test_browser.py). Module by module: the variable must not reach other tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        # Debian's, which `make test` installs (scripts/browser_packages.sh reads the same).
        "executable_path": os.environ.get("CHROMIUM") or "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "zh-CN", "accept_downloads": True, "viewport": {"width": 1366, "height": 900}}
