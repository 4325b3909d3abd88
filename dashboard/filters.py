"""Filters read from the query string: the indicator table's filterset and the chart controls.

Everything a page shows is decided by GET parameters, so a link reproduces the view and the back
button works. Unknown or stale values (a year the indicator has no data for) fall back to defaults
instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dashboard.models import Indicator, Kind, Region, RegionLevel, Status
from dashboard.selectors import ObservationFilter
from dashboard.widgets import QuickSelect

MAX_COMPARED = 10


class ObservationFilterSet(django_filters.FilterSet):
    """The indicator table's filters; the CSV of "exactly these rows" uses the same filterset."""

    level = django_filters.ChoiceFilter(
        label=_("Level"),
        field_name="region__level",
        choices=RegionLevel.choices,
        empty_label=_("all levels"),
        widget=QuickSelect,
    )
    province = django_filters.ChoiceFilter(
        label=_("Province"),
        method="filter_within",
        empty_label=_("all provinces"),
        widget=QuickSelect,
    )
    prefecture = django_filters.ChoiceFilter(
        label=_("Prefecture"),
        method="filter_within",
        empty_label=_("all prefectures"),
        widget=QuickSelect,
    )
    year_from = django_filters.NumberFilter(
        label=_("From year"), field_name="year", lookup_expr="gte"
    )
    year_to = django_filters.NumberFilter(label=_("To year"), field_name="year", lookup_expr="lte")
    status = django_filters.ChoiceFilter(
        label=_("Review status"),
        choices=[(Status.VERIFIED, _("verified")), (Status.EXTRACTED, _("extracted"))],
        empty_label=_("verified and extracted"),
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Kind.choices,
        empty_label=_("actual and target"),
        widget=QuickSelect,
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        tree = Region.objects.tree()
        by_code = sorted(tree.levels.items())
        self.filters["province"].extra["choices"] = [
            (code, tree.names[code]) for code, level in by_code if level == RegionLevel.PROVINCE
        ]
        province = (data or {}).get("province")
        self.filters["prefecture"].extra["choices"] = [
            (code, tree.names[code])
            for code, level in by_code
            if level == RegionLevel.PREFECTURE and (not province or tree.parents[code] == province)
        ]

    def filter_within(self, queryset, name, value):
        return queryset.within(value) if value else queryset

    def describe(self) -> str:
        """A slug of the active filters for file names: "350700_county_2020-2024_verified"."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        parts = [data.get("prefecture") or data.get("province") or "", data.get("level") or ""]
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None:
            years = str(int(first)) if first == last else f"{int(first)}-{int(last)}"
        elif first is not None:
            years = f"from{int(first)}"
        elif last is not None:
            years = f"to{int(last)}"
        else:
            years = ""
        parts += [years, data.get("status") or "", data.get("kind") or ""]
        return "_".join(slugify(part) for part in parts if part)


@dataclass
class ChartState:
    """What a chart page shows, decided from the query string."""

    indicator: Indicator | None
    year: int | None
    years: list[int]
    level: str = ""
    parent: Region | None = None
    regions: list[Region] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # names asked for that matched no region
    # Names asked for that several regions bear, each with the choices' paths (and code last).
    ambiguous: list[tuple[str, list[list[str]]]] = field(default_factory=list)

    def query(self, **changes) -> str:
        """The query string of this state, with some parameters changed."""
        params = {
            "indicator": self.indicator.code if self.indicator else None,
            "year": self.year,
            "level": self.level or None,
            "parent": self.parent.code if self.parent else None,
            "regions": [r.code for r in self.regions],
        }
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=True)


def requested_regions(params) -> list[str]:
    """Region terms from ?regions=350700&regions=…&add=南平市, in order, without duplicates."""
    terms: list[str] = []
    for value in params.getlist("regions") + params.getlist("add"):
        for term in value.replace("，", ",").split(","):
            term = term.strip()
            if term and term not in terms:
                terms.append(term)
    return terms


def chosen_level(params) -> str:
    level = params.get("level", "")
    return level if level in RegionLevel.values else ""


def chosen_year(params, years: list[int]) -> int | None:
    try:
        year = int(params.get("year", ""))
    except ValueError:
        year = None
    if year in years:
        return year
    return years[0] if years else None


def published_filter(params) -> ObservationFilter:
    """The filters of the all-figures CSV from its query string, as the JSON API takes them:
    theme, indicator, region (with the regions below it), level, year, year_from, year_to,
    status and kind. Published figures only: a status other than verified or extracted, or any
    other unknown value, is ignored, like a stale link's."""

    def text(name):
        return (params.get(name) or "").strip() or None

    def number(name):
        try:
            return int(params.get(name, ""))
        except ValueError:
            return None

    def choice(name, allowed):
        value = text(name)
        return value if value in allowed else None

    return ObservationFilter(
        theme=text("theme"),
        indicator=text("indicator"),
        region=text("region"),
        level=choice("level", RegionLevel.values),
        year=number("year"),
        year_from=number("year_from"),
        year_to=number("year_to"),
        status=choice("status", {Status.VERIFIED, Status.EXTRACTED}),
        kind=choice("kind", Kind.values),
    )
