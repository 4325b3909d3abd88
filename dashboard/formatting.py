"""How figures are written: numbers, quantities, status labels, targets and source links.

Shared by templates (through the thin tags in `templatetags/dashboard_tags.py`), tables, charts,
views, the admin and the CSV files, so that a figure reads the same everywhere.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse
from django.utils.html import format_html
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


# A spreadsheet runs a cell starting with one of these as a formula (OWASP's CSV injection list).
# Quotes before them are counted, so that a text that itself starts with a quote comes back.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def spreadsheet_safe(text: str) -> str:
    """A text cell for a CSV file: prefixed with ' when a spreadsheet would run it as a formula
    ("=HYPERLINK(…)", "-5%的增长"), as OWASP recommends. Only for text: numbers are written as
    numbers."""
    return "'" + text if _FORMULA.match(text) else text


def from_spreadsheet_safe(text: str) -> str:
    """The text `spreadsheet_safe` was given, from the cell it wrote."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text, 1) else text


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


def source_url(item) -> str:
    """Where a value came from: its sentence in the report, or its own page for manual entries."""
    report_id = getattr(item, "report_id", None)
    if report_id:
        return reverse("dashboard:report", args=[report_id]) + f"#obs-{item.id}"
    return reverse("dashboard:observation", args=[item.id])


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
    return format_html(
        '<a class="{}" href="{}" title="{}">{}</a>{}',
        " ".join(classes),
        source_url(item),
        title,
        format_quantity(item.value, unit, item.qualifier),
        format_html(' <span class="conflict-mark" title="{}">⚠</span>', title) if conflict else "",
    )
