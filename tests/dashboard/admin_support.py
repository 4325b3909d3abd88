"""Users in each admin role and rows to review, shared by the admin tests."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.contrib.auth.models import Group, User

from dashboard.models import Observation, Report, Status
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


def make_report(text="2023年，石狮市家庭医生签约率达66%。", filename="shishi-2023.txt", **fields):
    return Report.objects.create(
        original_filename=filename,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        **fields,
    )


def make_observation(**fields) -> Observation:
    values = {
        "region_id": "350581",
        "indicator_id": "fd_contract_rate",
        "year": 2023,
        "value": Decimal("66"),
        "status": Status.EXTRACTED,
    }
    return Observation.objects.create(**{**values, **fields})


def extracted_from_report(text="2023年，石狮市家庭医生签约率达66%。", **fields):
    """An observation as the ingest stores it: with its report, sentence and span."""
    filename = fields.pop("filename", "shishi-2023.txt")
    report = fields.pop("report", None) or make_report(text, filename)
    quote = fields.pop("quote", text)
    start = text.index(quote)
    return make_observation(
        report=report,
        quote=quote,
        span_start=start,
        span_end=start + len(quote),
        confidence=fields.pop("confidence", 0.8),
        **fields,
    )


def changelist_ids(response) -> list[int]:
    return [row.pk for row in response.context["cl"].result_list]
