"""Reference data kept by each process: read afresh as soon as any process changes it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import reading, selectors
from dashboard.models import CoverageState, Region
from tests.dashboard.admin_support import make_user

pytestmark = pytest.mark.django_db


def test_the_catalog_and_the_tree_are_read_once_for_a_version():
    selectors.indicator_catalog(), Region.objects.tree()
    with reading.one_reading(), CaptureQueriesContext(connection) as captured:
        selectors.indicator_catalog(), Region.objects.tree()
    # The versions only.
    assert len(captured) == 1


def test_a_change_in_another_process_is_read_by_this_one():
    before = Region.objects.tree()
    Region.objects.filter(pk="350581").update(name="石狮市（改）")
    assert Region.objects.tree() is before  # this process does not know yet
    CoverageState.objects.filter(pk=1).update(reference_version="set by another process")
    assert Region.objects.tree().names["350581"] == "石狮市（改）"


def test_a_theme_renamed_in_the_admin_is_renamed_on_the_pages(client):
    assert "婴幼儿照护" not in client.get("/").content.decode()  # the catalog is kept now
    client.force_login(make_user("admin", superuser=True))
    url = reverse("admin:dashboard_theme_change", args=["childcare"])
    data = {"code": "childcare", "name_zh": "婴幼儿照护", "name_en": "Childcare", "position": 3}
    assert client.post(url, data).status_code == 302
    assert "婴幼儿照护" in client.get("/").content.decode()
