"""Users in each admin role and the rows of an admin list, shared by the admin tests."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from dashboard.roles import REVIEWERS, VIEWERS


def make_user(username: str, *, role: str | None = None, staff: bool = True, superuser=False):
    user = User.objects.create_user(
        username, password="a-long-test-password", is_staff=staff, is_superuser=superuser
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def reviewer(username="reviewer"):
    return make_user(username, role=REVIEWERS)


def viewer(username="viewer"):
    return make_user(username, role=VIEWERS)


def changelist_ids(response) -> list[int]:
    return [row.pk for row in response.context["cl"].result_list]


def post_admin_change(client, url: str, **changes):
    """Submit an admin change form as it is shown, with `changes` made to its fields."""
    form = client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    return client.post(url, {**data, **changes})
