"""How figures are written: numbers, quantities, status labels, targets and source links.

Shared by templates (through the thin tags in `templatetags/dashboard_tags.py`), tables, charts,
views, the admin and the CSV files, so that a figure reads the same everywhere.
"""

from __future__ import annotations

import html
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
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


def _chinese_mode() -> bool:
    return not (get_language() or "").startswith("en")


# 万 and 亿 as Chinese readers count: 63,857,200 is 6385.72万, 295,000,000 is 2.95亿.
_SCALES = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
# Significant digits kept once a number is written in 万 or 亿, and decimals at most.
_SIGNIFICANT = 5
_MAX_DECIMALS = 2


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(value: Decimal) -> str:
    """63857200 → "6385.7万", 295000000 → "2.95亿", 9876 → "9876", 4.0100 → "4.01"."""
    for size, word in _SCALES:
        if abs(value) >= size:
            amount = value / size
            digits = len(str(int(abs(amount))))
            decimals = max(0, min(_MAX_DECIMALS, _SIGNIFICANT - digits))
            rounded = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
            # 9999.99万 rounds to 10000万: that is 1亿.
            if word == "万" and abs(rounded) >= 10000:
                return _scaled(Decimal(10) ** 8 * (1 if rounded > 0 else -1))
            return _plain(rounded) + word
    return _plain(value)


def format_number(value: Decimal | float | int | None) -> str:
    """For reading. In Chinese, in 万 and 亿 from ten thousand on ("6385.7万", "2.95亿", "1913");
    in English with thousands separators ("63,857,200"). No trailing zeros either way."""
    if value is None:
        return ""
    value = Decimal(value)
    if _chinese_mode():
        return _scaled(value)
    text = format(value, ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _in_base_unit(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """A figure in 万元 or 万人 read in 元 or 人, so that 29,500万元 can be written 2.95亿元."""
    if len(unit) > 1 and unit[0] in "万亿":
        return value * (Decimal(10) ** (4 if unit[0] == "万" else 8)), unit[1:]
    return value, unit


def format_quantity(value, unit: str = "", qualifier: str = Qualifier.EQ) -> str:
    """In Chinese "≥ 1913人次", "6385.7万人次", "2.95亿元" (29500 万元), "67.59%"; in English
    "≥ 1,913 人次", "67.59%", "≈ 4.01 个"."""
    if value is None:
        return ""
    sign = QUALIFIER_SIGNS.get(qualifier, "")
    value = Decimal(value)
    if _chinese_mode():
        value, unit = _in_base_unit(value, unit)
        number = f"{format_number(value)}{unit}"
        return f"{sign}\u2009{number}" if sign else number
    number = format_number(value)
    if unit:
        number = f"{number}{unit}" if unit in _TIGHT_UNITS else f"{number}\u2009{unit}"
    return f"{sign}\u2009{number}" if sign else number


# A spreadsheet runs a cell starting with one of these as a formula (OWASP's CSV injection list).
# Quotes before them are counted, so that a text that itself starts with a quote comes back.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
# The characters such a cell can start with: testing the first one spares almost every cell the
# regex (a million-row export has ten million text cells).
_FORMULA_START = frozenset("'=+-@\t\r")


def spreadsheet_safe(text: str) -> str:
    """A text cell for a CSV file: prefixed with ' when a spreadsheet would run it as a formula
    ("=HYPERLINK(…)", "-5%的增长"), as OWASP recommends. Only for text: numbers are written as
    numbers."""
    return spreadsheet_safe_cells((text,))[0]


def spreadsheet_safe_cells(row) -> list:
    """`spreadsheet_safe` for every text cell of a row; numbers, dates and None as they are. The
    rule is written here, once, for a whole row: a full export has ten million cells."""
    start, formula = _FORMULA_START, _FORMULA.match
    return [
        "'" + cell
        if cell.__class__ is str and cell and cell[0] in start and formula(cell)
        else cell
        for cell in row
    ]


def from_spreadsheet_safe(text: str) -> str:
    """The text `spreadsheet_safe` was given, from the cell it wrote."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text, 1) else text


def exact_quantity(value, unit: str = "", qualifier: str = Qualifier.EQ) -> str:
    """The value exactly as stored, for title attributes: "63857200人次", "≥ 29500 万元"."""
    if value is None:
        return ""
    sign = QUALIFIER_SIGNS.get(qualifier, "")
    text = f"{format_value(Decimal(value))}{'' if unit in _TIGHT_UNITS else ' '}{unit}".strip()
    return f"{sign} {text}" if sign else text


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
    title = f"{exact_quantity(item.value, unit, item.qualifier)} · {status_label(item.status)}"
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


def change_text(latest, earlier, unit: str) -> str:
    """How a value moved since an earlier year: "较2023年 ↑1.2个百分点" for shares, "较2023年
    ↑12%" for counts; "" without an earlier value."""
    if latest is None or earlier is None or earlier.year >= latest.year:
        return ""
    difference = Decimal(latest.value) - Decimal(earlier.value)
    arrow = "↑" if difference > 0 else ("↓" if difference < 0 else "→")
    if unit in ("%", "‰"):
        amount = _("%(points)s percentage points") % {
            "points": format_number(abs(difference).quantize(Decimal("0.01")))
        }
    elif earlier.value:
        share = abs(difference) / Decimal(earlier.value) * 100
        amount = f"{format_number(share.quantize(Decimal('0.1')))}%"
    else:
        return ""
    return _("%(arrow)s %(amount)s since %(year)s") % {
        "arrow": arrow,
        "amount": amount,
        "year": earlier.year,
    }


def target_status(indicator, point) -> str:
    """Whether a value meets the national target: "met", "not yet", or "" when there is no
    target for the value's year (a 2017 target says nothing about 2024)."""
    if (
        point is None
        or indicator.target_value is None
        or indicator.target_year is None
        or point.year > indicator.target_year
    ):
        return ""
    value, target = Decimal(point.value), Decimal(indicator.target_value)
    met = value <= target if indicator.direction == Direction.DOWN else value >= target
    return "met" if met else "not yet"
