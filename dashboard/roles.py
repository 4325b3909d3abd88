"""The two admin roles, as groups with model permissions; superusers need no group.

A member must also have "staff status" to reach the admin: groups give permissions, not access.
`ensure_roles` runs from `manage.py bootstrap` after the migrations (permissions only exist once
post_migrate has run) and sets each group's permissions to exactly the list below, so a
permission granted by hand to one of these groups is taken back at the next bootstrap.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

REVIEWERS = "数据审核员"
VIEWERS = "数据查看者"

_READ_ONLY = [
    "dashboard.view_region",
    "dashboard.view_theme",
    "dashboard.view_indicator",
    "dashboard.view_report",
    "dashboard.view_observation",
    "dashboard.view_reviewitem",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Review and correct figures, enter and import new ones, upload and describe reports.
    # No deletions: a wrong figure is rejected, so that its history stays.
    REVIEWERS: [
        *_READ_ONLY,
        "dashboard.add_observation",
        "dashboard.change_observation",
        "dashboard.change_reviewitem",
        "dashboard.add_report",
        "dashboard.change_report",
    ],
    VIEWERS: _READ_ONLY,
}


def _permissions(labels: list[str]) -> list[Permission]:
    wanted = {tuple(label.split(".", 1)) for label in labels}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        names = ", ".join(sorted(".".join(item) for item in missing))
        raise LookupError(f"permissions not found (are the migrations applied?): {names}")
    return found


@transaction.atomic
def ensure_roles() -> list[str]:
    """Create or update the role groups; returns one line per group for the command's output."""
    lines = []
    for name, labels in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(labels))
        lines.append(
            f"Role {name}: {'created' if created else 'up to date'}, {len(labels)} permissions."
        )
    return lines
