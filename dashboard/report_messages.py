"""The ingest's warnings about a report, worded in the reader's language.

A report stores each warning as the pipeline states it: a code and its parameters,
{"code": "ambiguous_region", "params": {"name": "朝阳", "codes": ["110105", "220104"]}}
(the codes are those of `ingest.warnings`). Nothing is parsed back from a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _

from dashboard.validation import (
    FIRST_YEAR,
    LAST_YEAR,
    NEGATIVE,
    SHARE_ABOVE_100,
    TOO_LARGE,
    VALUE_LIMIT,
    YEAR_OUT_OF_RANGE,
)

# A warning stored before warnings had codes, in a form no code fits: its text, as written.
LEGACY_TEXT = "text"


def _listed(value) -> str:
    return ", ".join(value) if isinstance(value, list | tuple) else str(value)


def _problem(code: str) -> str:
    if code == YEAR_OUT_OF_RANGE:
        return _("the year is not between %(first)s and %(last)s") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    if code == NEGATIVE:
        return _("the value is negative")
    if code == SHARE_ABOVE_100:
        return _("a share cannot be above 100")
    if code == TOO_LARGE:
        return _("the value is too large to store (%(limit)s or more)") % {
            "limit": format(VALUE_LIMIT, ",f")
        }
    return code


def _dropped(params: Mapping) -> str:
    problems = params.get("problems", [])
    return _("Dropped %(indicator)s = %(value)s: %(problem)s.") % {
        "indicator": params.get("indicator", ""),
        "value": params.get("value", ""),
        "problem": "; ".join(_problem(p) for p in problems),
    }


_WORDINGS: dict[str, Callable[[Mapping], str]] = {
    "ambiguous_region": lambda params: (
        _(
            "The place name %(name)s fits several regions (%(codes)s); its figures were not attributed."
        )
        % {"name": params.get("name", ""), "codes": _listed(params.get("codes", []))}
    ),
    "no_region": lambda params: _("The report names no known region; no figures were stored."),
    "region_from_filename": lambda params: (
        _("The report names no known region; %(name)s was taken from the file name.")
        % {"name": params.get("name", "")}
    ),
    "no_year": lambda params: _(
        "No report year found; figures without a year of their own were skipped."
    ),
    "dropped_figure": _dropped,
    "report_year_out_of_range": lambda params: (
        _(
            "The report year found, %(year)s, is not between %(first)s and %(last)s; "
            "the report is stored without a year."
        )
        % {"year": params.get("year", ""), "first": FIRST_YEAR, "last": LAST_YEAR}
    ),
    LEGACY_TEXT: lambda params: params.get("text", ""),
}

CODES = frozenset(_WORDINGS) - {LEGACY_TEXT}


def describe(warning: Mapping) -> str:
    """One stored warning as a sentence; a code this version does not know is shown as it is."""
    code = warning.get("code", "")
    params = warning.get("params") or {}
    render = _WORDINGS.get(code)
    if render is None:
        details = ", ".join(f"{name}={_listed(value)}" for name, value in params.items())
        return f"{code} ({details})" if details else code
    return render(params)
