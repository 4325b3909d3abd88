"""How figures are written: numbers, quantities, status labels, targets and source links.

Shared by templates (through the thin tags in `templatetags/dashboard_tags.py`), tables, charts,
views, the admin and the CSV files, so that a figure reads the same everywhere.
"""

from __future__ import annotations

import html
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboard.models import Direction, Qualifier, Status

QUALIFIER_SIGNS = {Qualifier.GTE: "≥", Qualifier.LTE: "≤", Qualifier.APPROX: "≈"}
# Units written straight after the number; the others take a thin space ("1,913 人次").
_TIGHT_UNITS = {"%", "‰"}


def format_value(value: Decimal) -> str:
    """For files and forms: 67.5900 → "67.59", 1913.0000 → "1913"; no trailing zeros, no
    thousands separators, never exponent notation."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: Decimal | float | int | None) -> str:
    """For reading: 67.5900 → "67.59", 136900 → "136,900"; thousands separators, no trailing
    zeros."""
    if value is None:
        return ""
    text = format(Decimal(value), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_quantity(value, unit: str = "", qualifier: str = Qualifier.EQ) -> str:
    """ "≥ 1,913 人次", "67.59%", "≈ 4.01 个"."""
    if value is None:
        return ""
    sign = QUALIFIER_SIGNS.get(qualifier, "")
    number = format_number(value)
    if unit:
        number = f"{number}{unit}" if unit in _TIGHT_UNITS else f"{number}\u2009{unit}"
    return f"{sign}\u2009{number}" if sign else number


def status_label(status: str) -> str:
    return _("verified") if status == Status.VERIFIED else _("extracted, not yet reviewed")


def target_text(indicator) -> str:
    """ "≥ 75% by 2035" for an indicator with a national target, else ""."""
    if indicator.target_value is None:
        return ""
    sign = "≤" if indicator.direction == Direction.DOWN else "≥"
    value = format_quantity(indicator.target_value, indicator.unit)
    return _("%(sign)s %(value)s by %(year)s") % {
        "sign": sign,
        "value": value,
        "year": indicator.target_year,
    }


_ANY_ID = 9876543210


@lru_cache(maxsize=64)
def _url_pattern(name: str, script_prefix: str, urlconf: str) -> str:
    return reverse(name, args=[_ANY_ID], urlconf=urlconf).replace(str(_ANY_ID), "{}")


def page_url(name: str, key: int | str) -> str:
    """`reverse(name, args=[key])` for an id or a code (digits, letters, - and _, which need no
    quoting), without resolving the URL pattern each time: a page links hundreds of values."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _url_pattern(name, get_script_prefix(), urlconf).format(key)


def source_url(item) -> str:
    """Where a value came from: its sentence in the report, or its own page for manual entries."""
    report_id = getattr(item, "report_id", None)
    if report_id:
        return page_url("dashboard:report", report_id) + f"#obs-{item.id}"
    return page_url("dashboard:observation", item.id)


def quick_html(template: str, *args) -> SafeString:
    """`format_html` as Django writes it (safe strings kept, everything else escaped), without the
    lazy-string wrapping of Django's `escape`, which costs more than the escaping when a page
    writes hundreds of values."""
    return mark_safe(
        template.format(
            *(arg.__html__() if hasattr(arg, "__html__") else html.escape(str(arg)) for arg in args)
        )
    )


def value_link(item, unit: str = ""):
    """An observation or point as its value linked to its source sentence; extracted values and
    conflicts marked."""
    classes = ["value", "verified" if item.status == Status.VERIFIED else "extracted"]
    title = status_label(item.status)
    conflict = bool(
        getattr(item, "conflicting_values", None) or getattr(item, "has_conflict", False)
    )
    if conflict:
        classes.append("conflict")
        title += " · " + _("other sources give a different value")
    return quick_html(
        '<a class="{}" href="{}" title="{}">{}</a>{}',
        " ".join(classes),
        source_url(item),
        title,
        format_quantity(item.value, unit, item.qualifier),
        quick_html(' <span class="conflict-mark" title="{}">⚠</span>', title) if conflict else "",
    )
