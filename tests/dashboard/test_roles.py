from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from dashboard.models import Observation, Status
from dashboard.roles import REVIEWERS, VIEWERS, ensure_roles
from tests.dashboard.admin_support import make_user, reviewer, viewer
from tests.factories import ExtractedObservationFactory

pytestmark = pytest.mark.django_db


def perms(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_bootstrap_creates_the_reviewer_and_viewer_groups():
    assert "dashboard.change_observation" in perms(REVIEWERS)
    assert "dashboard.change_report" in perms(REVIEWERS)
    assert "dashboard.view_observation" in perms(VIEWERS)
    assert not [p for p in perms(VIEWERS) if not p.split(".")[1].startswith("view_")]


def test_reviewers_cannot_delete_anything_they_reject_instead():
    assert not [p for p in perms(REVIEWERS) if ".delete_" in p]


def test_ensuring_the_roles_again_restores_their_permissions_and_adds_no_group():
    group = Group.objects.get(name=VIEWERS)
    group.permissions.add(Permission.objects.get(codename="change_observation"))
    ensure_roles()
    assert "dashboard.change_observation" not in perms(VIEWERS)
    assert Group.objects.filter(name__in=[REVIEWERS, VIEWERS]).count() == 2


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:dashboard_observation_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_user_without_staff_status_cannot_reach_the_admin_even_in_a_role(client):
    client.force_login(make_user("clerk", role=REVIEWERS, staff=False))
    response = client.get(reverse("admin:dashboard_observation_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_viewer_can_read_observations_but_is_offered_no_action_or_save(client):
    observation = ExtractedObservationFactory()
    client.force_login(viewer())
    listing = client.get(reverse("admin:dashboard_observation_changelist"))
    assert listing.status_code == 200
    assert listing.context["action_form"] is None
    page = client.get(reverse("admin:dashboard_observation_change", args=[observation.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_a_viewers_post_to_change_an_observation_is_refused(client):
    observation = ExtractedObservationFactory()
    client.force_login(viewer())
    response = client.post(
        reverse("admin:dashboard_observation_change", args=[observation.pk]),
        {
            "region": "350581",
            "indicator": "fd_contract_rate",
            "year": 2023,
            "kind": "actual",
            "qualifier": "eq",
            "value": "99",
            "status": "verified",
        },
    )
    assert response.status_code == 403
    observation.refresh_from_db()
    assert (observation.value, observation.status) == (Decimal("66"), Status.EXTRACTED)


def test_a_viewers_bulk_verify_post_changes_nothing(client):
    observation = ExtractedObservationFactory()
    client.force_login(viewer())
    client.post(
        reverse("admin:dashboard_observation_changelist"),
        {"action": "verify", "_selected_action": [observation.pk]},
    )
    observation.refresh_from_db()
    assert observation.status == Status.EXTRACTED
    assert observation.history.count() == 1


def test_a_viewer_cannot_enter_a_figure_by_hand(client):
    client.force_login(viewer())
    response = client.post(
        reverse("admin:dashboard_observation_add"),
        {"region": "350581", "indicator": "fd_teams", "year": 2023, "value": "12"},
    )
    assert response.status_code == 403
    assert not Observation.objects.exists()


def test_a_viewer_cannot_upload_reports_or_import_csv(client):
    client.force_login(viewer())
    assert client.get(reverse("ingest:upload")).status_code == 403
    assert client.get(reverse("admin:dashboard_observation_import")).status_code == 403


def test_a_reviewer_cannot_delete_an_observation(client):
    observation = ExtractedObservationFactory()
    client.force_login(reviewer())
    response = client.post(
        reverse("admin:dashboard_observation_delete", args=[observation.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Observation.objects.filter(pk=observation.pk).exists()


def test_a_reviewer_cannot_change_the_indicator_catalog(client):
    client.force_login(reviewer())
    url = reverse("admin:dashboard_indicator_change", args=["fd_contract_rate"])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_a_superuser_may_delete_an_observation(client):
    observation = ExtractedObservationFactory()
    client.force_login(make_user("root", superuser=True))
    client.post(
        reverse("admin:dashboard_observation_delete", args=[observation.pk]), {"post": "yes"}
    )
    assert not Observation.objects.filter(pk=observation.pk).exists()
