"""Every read query of the dashboard, shared by views, tables, charts and CSV so they agree."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from dashboard import coverage, reading, reference_cache
from dashboard.models import (
    LEVEL_RANK,
    Indicator,
    Kind,
    Observation,
    Region,
    Report,
    Status,
    Theme,
)


def report_count() -> int:
    return Report.objects.count()


def held_back_count() -> int:
    """Extracted figures waiting for a reviewer before they are published (from the coverage
    summary, which every write rule keeps exact)."""
    return coverage.held_back()


def visible_observations():
    """Observations a dashboard user may see: never rejected ones."""
    return Observation.objects.visible()


@dataclass(frozen=True)
class ObservationFilter:
    """The filters shared by CSV downloads, the export command and the tables."""

    theme: str | None = None
    indicator: str | None = None
    region: str | None = None  # the region and every region below it
    level: str | None = None  # only regions of this level (county, prefecture …)
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    status: str | None = None
    kind: str | None = None  # actual or target
    include_rejected: bool = False

    def apply(self, queryset):
        if not self.include_rejected and self.status != Status.REJECTED:
            queryset = queryset.visible()
        if self.theme:
            queryset = queryset.filter(indicator__theme=self.theme)
        if self.indicator:
            queryset = queryset.filter(indicator=self.indicator)
        if self.region:
            queryset = queryset.within(self.region)
        if self.level:
            queryset = queryset.filter(region__level=self.level)
        if self.year is not None:
            queryset = queryset.filter(year=self.year)
        if self.year_from is not None:
            queryset = queryset.filter(year__gte=self.year_from)
        if self.year_to is not None:
            queryset = queryset.filter(year__lte=self.year_to)
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        return queryset


EXPORT_COLUMNS = [
    "region_code",
    "region_name",
    "region_level",
    "indicator_code",
    "indicator_name",
    "year",
    "value",
    "unit",
    "qualifier",
    "kind",
    "status",
    "document",
    "quote",
]

_EXPORT_FIELDS = [
    "region_id",
    "region__name",
    "region__level",
    "indicator_id",
    "indicator__name_zh",
    "year",
    "value",
    "indicator__unit",
    "qualifier",
    "kind",
    "status",
    "document",
    "quote",
]


def export_queryset(observations):
    """The export's rows, in EXPORT_COLUMNS order, as a queryset (the benchmark COPYs its SQL)."""
    return (
        # A figure without a report names its source (a yearbook, an imported file) instead.
        observations.annotate(document=Coalesce("report__original_filename", "source"))
        .order_by(
            "indicator__theme__position", "indicator__position", "region_id", "year", "kind", "id"
        )
        .values_list(*_EXPORT_FIELDS)
    )


def export_rows(observations):
    """Rows in EXPORT_COLUMNS order for any observation queryset, streamed from the server."""
    return export_queryset(observations).iterator(chunk_size=5000)


# -- the JSON API -------------------------------------------------------------------------------
#
# Pages of the API follow the id (or code) of their rows, so that a cursor is one indexed
# comparison and a row added while a client pages through is never skipped or seen twice.


@dataclass(frozen=True)
class ApiObservation:
    id: int
    row: tuple  # in EXPORT_COLUMNS order, as the CSV has it
    report_id: int | None
    report_page: int | None  # the PDF page of the figure's sentence


def observation_page(
    chosen: ObservationFilter, *, after: int | None, limit: int
) -> list[ApiObservation]:
    """Up to `limit` observations the filter selects with an id above `after`, by id (two
    queries: the rows, then the pages of the PDF reports among them)."""
    rows = chosen.apply(Observation.objects.all())
    if after is not None:
        rows = rows.filter(id__gt=after)
    fetched = list(
        rows.annotate(document=Coalesce("report__original_filename", "source"))
        .order_by("id")
        .values_list(*_EXPORT_FIELDS, "id", "report_id", "span_start")[:limit]
    )
    reports = {
        report.pk: report
        for report in Report.objects.filter(pk__in={row[-2] for row in fetched if row[-2]}).only(
            "pk", "page_starts"
        )
    }
    return [
        ApiObservation(
            id=row[-3],
            row=row[:-3],
            report_id=row[-2],
            report_page=reports[row[-2]].page_of(row[-1]) if row[-2] else None,
        )
        for row in fetched
    ]


def region_page(
    *, level: str | None, parent: str | None, after: str | None, limit: int
) -> list[dict]:
    """Up to `limit` regions with a code above `after`, by code, with their parent's name."""
    regions = Region.objects.all()
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent=parent)
    if after is not None:
        regions = regions.filter(code__gt=after)
    return list(
        regions.order_by("code").values("code", "name", "level", "parent_id", "parent__name")[
            :limit
        ]
    )


# -- chart and page data ------------------------------------------------------------------------
#
# One value per region × year × kind is drawn; when several visible observations exist for the same
# cell (two reports, or a report and a manual entry) the verified one wins, then the newest, and the
# other values are shown with it when they differ (`ObservationQuerySet.with_conflicting_values`).

_POINT_FIELDS = (
    "id",
    "region_id",
    "region__name",
    "region__level",
    "indicator_id",
    "year",
    "value",
    "qualifier",
    "kind",
    "status",
    "report_id",
    "report__title",
    "report__original_filename",
    "source",
    "quote",
    "note",
    "conflicting_values",
)


@dataclass(frozen=True)
class Point:
    id: int
    region_code: str
    region_name: str
    region_level: str
    indicator_code: str
    year: int
    value: Decimal
    qualifier: str
    kind: str
    status: str
    report_id: int | None
    report_title: str
    quote: str
    note: str
    # Values of the other visible observations for the same cell, when they differ from `value`.
    conflicting_values: tuple[Decimal, ...] = ()

    @property
    def verified(self) -> bool:
        return self.status == Status.VERIFIED

    @property
    def conflict(self) -> bool:
        return bool(self.conflicting_values)


def _point(row: dict) -> Point:
    return Point(
        id=row["id"],
        region_code=row["region_id"],
        region_name=row["region__name"],
        region_level=row["region__level"],
        indicator_code=row["indicator_id"],
        year=row["year"],
        value=row["value"],
        qualifier=row["qualifier"],
        kind=row["kind"],
        status=row["status"],
        report_id=row["report_id"],
        report_title=row["report__title"] or row["report__original_filename"] or row["source"],
        quote=row["quote"],
        note=row["note"],
        conflicting_values=tuple(row["conflicting_values"]),
    )


def _preference(row: dict) -> tuple:
    return (row["status"] == Status.VERIFIED, row["id"])


def resolve_points(rows: Iterable[dict]) -> list[Point]:
    """One point per region × indicator × year × kind, the preferred row of each (order kept)."""
    cells: dict[tuple, list[dict]] = {}
    for row in rows:
        key = (row["region_id"], row["indicator_id"], row["year"], row["kind"])
        cells.setdefault(key, []).append(row)
    return [_point(max(candidates, key=_preference)) for candidates in cells.values()]


def _point_rows(queryset):
    return queryset.with_conflicting_values().values(*_POINT_FIELDS)


def indicator_catalog():
    """Themes in order, each with its indicators in order (two queries, kept by each process
    until a theme or an indicator changes: `dashboard.reference_cache`)."""
    return reference_cache.kept(
        "catalog",
        lambda: list(Theme.objects.order_by("position", "code").prefetch_related("indicators")),
    )


def catalog_indicator(code: str) -> Indicator | None:
    """The catalog's indicator of that code, with its theme (from the kept catalog: no query)."""
    return next(
        (i for t in indicator_catalog() for i in t.indicators.all() if i.code == code), None
    )


def per_version(name: str, *key, compute):
    """A value the pages share (a list, a page's figures, a chart), from the database cache,
    keyed on the data version and the
    reference data version (values hold indicators, themes and regions): a change to any
    observation or reference row makes a new key, so a value is never stale and never
    recomputed otherwise."""
    cache_key = ":".join(("dashboard", name, *versions(), *map(str, key)))

    def read():
        value = cache.get(cache_key)
        if value is None:
            value = compute()
            cache.set(cache_key, value)
        return value

    return reading.once(cache_key, read)


@dataclass(frozen=True)
class _IndicatorLists:
    years: list[int]  # with visible actual values, newest first
    regions: frozenset[str]  # codes of the regions with visible values, actual or target


def _indicator_lists(indicator_code: str) -> _IndicatorLists:
    def compute() -> _IndicatorLists:
        rows = visible_observations().filter(indicator=indicator_code)
        years = (
            rows.filter(kind=Kind.ACTUAL).order_by("-year").values_list("year", flat=True)
        ).distinct()
        regions = rows.order_by().values_list("region_id", flat=True).distinct()
        return _IndicatorLists(list(years), frozenset(regions))

    return per_version("lists", indicator_code, compute=compute)


def indicator_years(indicator_code: str) -> list[int]:
    """Years with at least one visible actual value, newest first."""
    return _indicator_lists(indicator_code).years


def indicators_with_data(indicator_codes: Iterable[str]) -> set[str]:
    """The given indicators that have at least one visible actual value (one index probe each)."""
    actual = visible_observations().filter(indicator=OuterRef("pk"), kind=Kind.ACTUAL)
    return set(
        Indicator.objects.filter(Exists(actual), code__in=list(indicator_codes)).values_list(
            "code", flat=True
        )
    )


def indicator_region_counts(indicator_codes: Iterable[str]) -> dict[str, int]:
    """How many regions have a visible actual value of each indicator (those with none left
    out), from the coverage summary: the theme page opens on the indicator that compares most
    regions."""
    per_indicator, _per_theme = coverage.counts()
    return {code: per_indicator[code].regions for code in indicator_codes if code in per_indicator}


def levels_with_data(indicator_code: str, year: int, *, parent: str | None = None) -> set[str]:
    """The levels of the regions with a value for the indicator in the year (one query)."""
    rows = _scoped(
        visible_observations().filter(indicator=indicator_code, year=year, kind=Kind.ACTUAL),
        parent=parent,
    )
    return set(rows.values_list("region__level", flat=True).distinct())


def regions_with_most_years(
    indicator_code: str, *, level: str | None = None, parent: str | None = None, limit: int = 5
) -> list[str]:
    """The regions with values in the most years (then by code), for a trend's default lines:
    a region whose figures are all old still has a line (one query)."""
    rows = _scoped(
        visible_observations().filter(indicator=indicator_code, kind=Kind.ACTUAL),
        level=level,
        parent=parent,
    )
    return list(
        rows.values("region")
        .annotate(n=Count("year", distinct=True))
        .order_by("-n", "region")
        .values_list("region", flat=True)[:limit]
    )


def _scoped(queryset, *, level: str | None = None, parent: str | None = None):
    if level:
        queryset = queryset.filter(region__level=level)
    if parent:
        queryset = queryset.under(parent)
    return queryset


@dataclass(frozen=True)
class Comparison:
    points: list[Point]  # sorted by value, largest first; at most `limit`
    total: int  # regions with a value before the limit


def comparison(
    indicator_code: str,
    year: int,
    *,
    level: str | None = None,
    parent: str | None = None,
    limit: int = 60,
) -> Comparison:
    """The regions' values for one indicator and year, largest first (two queries). PostgreSQL
    picks each region's preferred figure from the index alone, sorts, counts and keeps the first
    `limit`; only those rows are read, checked for conflicts and turned into points."""
    rows = _scoped(
        visible_observations().filter(indicator=indicator_code, year=year, kind=Kind.ACTUAL),
        level=level,
        parent=parent,
    )
    # One figure per region: the verified one, then the newest (as `resolve_points` prefers).
    preferred = (
        rows.order_by("region_id", _VERIFIED_FIRST.desc(), "-id")
        .distinct("region_id")
        .values("id", "value", "region_id")
    )
    sql, params = preferred.query.get_compiler(preferred.db).as_sql()
    with connections[preferred.db].cursor() as cursor:
        cursor.execute(
            f"SELECT id, count(*) OVER () FROM ({sql}) preferred "
            f"ORDER BY value DESC, region_id LIMIT %s",
            [*params, limit],
        )
        top = cursor.fetchall()
    ids = [pk for pk, _ in top]
    found = {row["id"]: row for row in _point_rows(Observation.objects.filter(pk__in=ids))}
    return Comparison(points=[_point(found[pk]) for pk in ids], total=top[0][1] if top else 0)


_VERIFIED_FIRST = Case(When(status=Status.VERIFIED, then=1), default=0, output_field=IntegerField())


def series(indicator_code: str, region_codes: list[str], *, kind: str = Kind.ACTUAL):
    """{region code: [points by year]} for the given regions, in the given order (one query)."""
    rows = visible_observations().filter(
        indicator=indicator_code, region__in=region_codes, kind=kind
    )
    by_region: dict[str, list[Point]] = {code: [] for code in region_codes}
    for point in resolve_points(_point_rows(rows.order_by("year"))):
        by_region[point.region_code].append(point)
    return by_region


def map_scopes(indicator_code: str, year: int, *, limit: int = 20) -> list[str]:
    """Regions whose parts (counties of a prefecture, provinces of the country…) have values
    for the indicator in the year, those with the most first: where a map has most to show."""
    return list(
        visible_observations()
        .filter(indicator=indicator_code, year=year, kind=Kind.ACTUAL)
        .values("region__parent")
        .annotate(n=Count("region", distinct=True))
        .order_by("-n", "region__parent")
        .values_list("region__parent", flat=True)[:limit]
    )


@dataclass(frozen=True)
class MapData:
    parent: Region
    parts: list[Region]  # every region directly under the parent, with or without a value
    points: dict[str, Point]  # region code → its value for the year


def map_data(indicator_code: str, year: int, parent_code: str) -> MapData | None:
    """The values of the regions directly under a region, for its map (two queries)."""
    parts = list(
        Region.objects.filter(parent=parent_code).select_related("parent").order_by("code")
    )
    if not parts:
        return None
    rows = visible_observations().filter(
        indicator=indicator_code, year=year, kind=Kind.ACTUAL, region__parent=parent_code
    )
    return MapData(
        parent=parts[0].parent,
        parts=parts,
        points={p.region_code: p for p in resolve_points(_point_rows(rows))},
    )


def maps_of(wanted: list[tuple[str, int]], parts_of) -> dict[str, MapData]:
    """For each (indicator, year) asked for: the map of the region whose parts have the most
    values. `parts_of(code)` gives the (code, name) of the parts a region's map draws, or None
    when there is no map of it (two queries for all of them)."""
    if not wanted:
        return {}
    asked = Q()
    for code, year in wanted:
        asked |= Q(indicator=code, year=year)
    counts = (
        visible_observations()
        .filter(asked, kind=Kind.ACTUAL)
        .values("indicator", "region__parent", "region__parent__name")
        .annotate(n=Count("region", distinct=True))
        .order_by("indicator", "-n", "region__parent")
    )
    scopes: dict[str, Region] = {}
    for row in counts:
        code, parent = row["indicator"], row["region__parent"]
        if code not in scopes and parent and parts_of(parent) is not None:
            scopes[code] = Region(code=parent, name=row["region__parent__name"])
    if not scopes:
        return {}
    years = dict(wanted)
    rows = Q()
    for code, scope in scopes.items():
        rows |= Q(indicator=code, year=years[code], region__parent=scope.code)
    points: dict[str, dict[str, Point]] = {code: {} for code in scopes}
    for point in resolve_points(_point_rows(visible_observations().filter(rows, kind=Kind.ACTUAL))):
        points[point.indicator_code][point.region_code] = point
    return {
        code: MapData(
            parent=scope,
            parts=[Region(code=c, name=n, parent_id=scope.code) for c, n in parts_of(scope.code)],
            points=points[code],
        )
        for code, scope in scopes.items()
    }


@dataclass(frozen=True)
class RegionMatch:
    region: Region
    path: list[str]  # the names from the province down: 福建省 › 泉州市 › 石狮市
    has_data: bool

    @property
    def label(self) -> str:
        return " › ".join(self.path)


def region_path(region: Region) -> list[str]:
    """Names from the province down to the region (its parent and grandparent loaded)."""
    names = [region.name]
    parent = region.parent if region.parent_id else None
    while parent is not None and parent.level != "country":
        names.insert(0, parent.name)
        parent = parent.parent if parent.parent_id else None
    return names


def search_regions(text: str, *, limit: int = 20) -> list[RegionMatch]:
    """Regions found by name, short name (石狮), pinyin initials (sss) or GB/T code, best first:
    the exact name, alias or code, then names that start with the text, then names that contain
    it; higher levels first within each (one query)."""
    text = text.strip()
    if not text:
        return []
    wanted = Q(name__contains=text) | Q(aliases__contains=[text])
    exact = Q(name=text) | Q(aliases__contains=[text])
    if text.isdigit():
        wanted |= Q(code__startswith=text)
        exact |= Q(code=text)
    elif text.isascii() and text.isalpha():
        wanted |= Q(initials__startswith=text.lower())
        exact |= Q(initials=text.lower())
    rank = Case(
        When(exact, then=Value(0)),
        When(name__startswith=text, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    rows = (
        Region.objects.filter(wanted)
        .select_related("parent__parent__parent")
        .annotate(
            rank=rank,
            level_rank=_LEVEL_ORDER,
            has_data=Exists(visible_observations().filter(region=OuterRef("pk"))),
        )
        .order_by("rank", "level_rank", "code")[:limit]
    )
    return [RegionMatch(r, region_path(r), r.has_data) for r in rows]


def regions_named(name: str) -> list[Region]:
    """Every region whose name or short name is exactly `name` (朝阳区: two), parents loaded."""
    return list(
        Region.objects.filter(Q(name=name) | Q(aliases__contains=[name]))
        .select_related("parent__parent__parent")
        .annotate(has_data=Exists(visible_observations().filter(region=OuterRef("pk"))))
        .order_by("code")
    )


def ambiguous_names(terms: Iterable[str]) -> dict[str, list[Region]]:
    """The terms that are a bare name (no code) borne by several regions, with those regions
    (one query, none without bare names)."""
    names = [t.strip() for t in terms if t.strip() and not any(c.isdigit() for c in t)]
    if not names:
        return {}
    rows = (
        Region.objects.filter(Q(name__in=names) | Q(aliases__overlap=names))
        .select_related("parent__parent__parent")
        .order_by("code")
    )
    by_name: dict[str, list[Region]] = {}
    for region in rows:
        for name in {region.name, *region.aliases} & set(names):
            by_name.setdefault(name, []).append(region)
    return {name: found for name, found in by_name.items() if len(found) > 1}


def find_regions(terms: Iterable[str]) -> list[Region]:
    """Regions named by code, name or alias ("350700", "南平市", "南平"), in the order given."""
    terms = [term.strip() for term in terms if term and term.strip()]
    if not terms:
        return []
    codes = {term.split()[-1] for term in terms if term.split()[-1].isdigit()}
    names = {term.split()[0] for term in terms}
    matches = Region.objects.filter(
        Q(code__in=codes) | Q(name__in=names) | Q(aliases__overlap=list(names))
    ).select_related("parent")
    by_key: dict[str, Region] = {}
    for region in sorted(matches, key=lambda r: LEVEL_RANK[r.level]):
        for key in (region.code, region.name, *region.aliases):
            by_key.setdefault(key, region)
    found: list[Region] = []
    for term in terms:
        region = by_key.get(term.split()[-1]) or by_key.get(term.split()[0])
        if region and region not in found:
            found.append(region)
    return found


def regions_with_data(indicator_code: str | None = None, *, limit: int = 400) -> list[tuple]:
    """(code, name, parent name) of regions that have visible values, for region pickers:
    provinces first, then prefectures and counties, at most `limit` (typing a name not in the
    list still works)."""
    if indicator_code is None:
        rows = visible_observations()
        return list(
            Region.objects.filter(Exists(rows.filter(region=OuterRef("pk"))))
            .annotate(rank=_LEVEL_ORDER)
            .order_by("rank", "code")
            .values_list("code", "name", "parent__name")[:limit]
        )
    return list(_pickers(versions(), indicator_code).regions[:limit])


def parents_with_data(indicator_code: str) -> list[Region]:
    """Regions whose children have values for the indicator (the 'parent' choices of a chart).
    The same instances serve every request of a process: read them, do not change them."""
    return list(_pickers(versions(), indicator_code).parents)


def versions() -> tuple[str, str]:
    """The data version and the reference data version: what a page shows changes only when
    one of them does, so together they key cached fragments of pages."""
    return coverage.data_version(), reference_cache.version()


@dataclass(frozen=True)
class _Pickers:
    regions: tuple[tuple[str, str, str | None], ...]  # by level, then code
    parents: tuple[Region, ...]  # by code


# Per process, for the current data and reference versions: the pickers of a chart page list
# hundreds of regions, which took a request milliseconds to sort and to make into Region objects.
@lru_cache(maxsize=128)
def _pickers(versions: tuple[str, str], indicator_code: str) -> _Pickers:
    tree = Region.objects.tree()
    codes = _indicator_lists(indicator_code).regions
    by_level = sorted(codes, key=lambda c: (LEVEL_RANK[tree.levels[c]], c))
    parents = sorted({tree.parents[code] for code in codes} - {None})
    return _Pickers(
        regions=tuple((c, tree.names[c], tree.names.get(tree.parents[c])) for c in by_level),
        parents=tuple(
            Region(code=c, name=tree.names[c], level=tree.levels[c], parent_id=tree.parents[c])
            for c in parents
        ),
    )


# -- overview -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorCoverage:
    indicator: Indicator
    observations: int
    regions: int
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class ThemeSection:
    theme: Theme
    indicators: list[IndicatorCoverage]  # the theme's indicators that have data, most data first
    key_indicators: list[Indicator]
    # region → (key indicator, its latest value or None, the value of an earlier year or None)
    # for each key indicator
    rows: list[tuple[Region, list[tuple[Indicator, Point | None, Point | None]]]]
    observations: int
    regions: int
    years: int
    more_regions: int


def overview_sections(*, key_indicators: int = 4, max_regions: int = 15) -> list[ThemeSection]:
    """Per theme: coverage per indicator and the latest values of its key indicators by region
    (computed once per data version)."""
    return per_version(
        "overview",
        key_indicators,
        max_regions,
        compute=lambda: _overview_sections(key_indicators, max_regions),
    )


def _overview_sections(key_indicators: int, max_regions: int) -> list[ThemeSection]:
    themes = indicator_catalog()
    stats, theme_totals = coverage.counts()
    plans = []
    for theme in themes:
        covered = [
            IndicatorCoverage(
                indicator,
                stats[indicator.code].observations,
                stats[indicator.code].regions,
                stats[indicator.code].first_year,
                stats[indicator.code].last_year,
            )
            for indicator in theme.indicators.all()
            if indicator.code in stats
        ]
        covered.sort(key=lambda c: (-c.regions, -c.observations, c.indicator.position))
        plans.append((theme, covered, [c.indicator for c in covered[:key_indicators]]))

    sections = []
    for theme, covered, chosen in plans:
        regions, latest, earlier = _latest_values([i.code for i in chosen], max_regions)
        rows = [
            (
                region,
                [
                    (i, latest.get((region.code, i.code)), earlier.get((region.code, i.code)))
                    for i in chosen
                ],
            )
            for region in regions
        ]
        totals = theme_totals.get(theme.code, coverage.Counts(0, 0, None, None, 0))
        sections.append(
            ThemeSection(
                theme=theme,
                indicators=covered,
                key_indicators=chosen,
                rows=rows,
                observations=totals.observations,
                regions=totals.regions,
                years=totals.years,
                more_regions=max(0, totals.regions - len(rows)),
            )
        )
    return sections


_LEVEL_ORDER = Case(
    *(When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
    output_field=IntegerField(),
)


def _latest_values(indicator_codes: list[str], max_regions: int):
    """The first regions (by level, then code) with values for the indicators, and the newest
    actual value of each (region, indicator) and the one before it: two queries, sized by
    `max_regions`."""
    if not indicator_codes:
        return [], {}, {}
    rows = visible_observations().filter(indicator__in=indicator_codes, kind=Kind.ACTUAL)
    # Level by level, stopping once full: testing every county for data costs a national
    # dataset tens of milliseconds, and the higher levels usually fill the table first.
    regions: list[Region] = []
    for level in sorted(LEVEL_RANK, key=LEVEL_RANK.get):
        regions += (
            Region.objects.filter(level=level)
            .filter(Exists(rows.filter(region=OuterRef("pk"))))
            .order_by("code")[: max_regions - len(regions)]
        )
        if len(regions) >= max_regions:
            break
    # The two newest years of each (region, indicator), the preferred figure of each: picked in
    # SQL, so only those rows are checked for conflicts and turned into points.
    cells = (
        rows.filter(region__in=regions)
        .order_by("region_id", "indicator_id", "-year", _VERIFIED_FIRST.desc(), "-id")
        .distinct("region_id", "indicator_id", "year")
        .values("id", "region_id", "indicator_id", "year")
    )
    sql, params = cells.query.get_compiler(cells.db).as_sql()
    with connections[cells.db].cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY region_id, indicator_id "
            f"ORDER BY year DESC) AS newest FROM ({sql}) cells) ranked WHERE newest <= 2",
            params,
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    shown = Observation.objects.filter(pk__in=ids).order_by("year")
    latest: dict[tuple[str, str], Point] = {}
    earlier: dict[tuple[str, str], Point] = {}
    for point in map(_point, _point_rows(shown)):
        key = (point.region_code, point.indicator_code)
        if key in latest:
            earlier[key] = latest[key]
        latest[key] = point
    return regions, latest, earlier


# -- region, report and table pages -------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: Indicator
    values: dict[int, Point]  # year → actual value
    targets: list[Point]  # the region's own targets (kind=target), by year


@dataclass(frozen=True)
class RegionProfile:
    years: list[int]
    themes: list[tuple[Theme, list[IndicatorSeries]]]  # only indicators with values


def region_profile(region_code: str) -> RegionProfile:
    """Every visible value of one region, grouped by theme and indicator (three queries, once
    per data version)."""
    return per_version("profile", region_code, compute=lambda: _region_profile(region_code))


def _region_profile(region_code: str) -> RegionProfile:
    rows = visible_observations().filter(region=region_code).order_by("year")
    by_indicator: dict[str, list[Point]] = {}
    for point in resolve_points(_point_rows(rows)):
        by_indicator.setdefault(point.indicator_code, []).append(point)
    years = sorted(
        {p.year for points in by_indicator.values() for p in points if p.kind == Kind.ACTUAL}
    )
    themes = []
    for theme in indicator_catalog():
        entries = [
            IndicatorSeries(
                indicator,
                {p.year: p for p in by_indicator[indicator.code] if p.kind == Kind.ACTUAL},
                [p for p in by_indicator[indicator.code] if p.kind == Kind.TARGET],
            )
            for indicator in theme.indicators.all()
            if indicator.code in by_indicator
        ]
        if entries:
            themes.append((theme, entries))
    return RegionProfile(years=years, themes=themes)


def _with_data_flag(regions):
    return regions.annotate(
        has_data=Exists(visible_observations().filter(region=OuterRef("pk")))
    ).order_by("-has_data", "code")


# The region page shows this many peers and children; they are cached together, per data version.
_NEIGHBOURS = 200


@dataclass(frozen=True)
class _Neighbours:
    peers: list[Region]
    children: list[Region]


def _siblings(region: Region):
    return Region.objects.filter(parent=region.parent_id).exclude(pk=region.pk)


def _neighbours(region: Region) -> _Neighbours:
    def compute() -> _Neighbours:
        siblings = _siblings(region) if region.parent_id else Region.objects.none()
        below = Region.objects.filter(parent=region.pk)
        return _Neighbours(
            list(_with_data_flag(siblings)[:_NEIGHBOURS]),
            list(_with_data_flag(below)[:_NEIGHBOURS]),
        )

    return per_version("neighbours", region.code, region.parent_id, compute=compute)


def peers(region: Region, *, limit: int = _NEIGHBOURS) -> list[Region]:
    """Regions under the same parent, those with values first."""
    if region.parent_id is None:
        return []
    if limit > _NEIGHBOURS:
        return list(_with_data_flag(_siblings(region))[:limit])
    return _neighbours(region).peers[:limit]


def children(region: Region, *, limit: int = _NEIGHBOURS) -> list[Region]:
    if limit > _NEIGHBOURS:
        return list(_with_data_flag(Region.objects.filter(parent=region.pk))[:limit])
    return _neighbours(region).children[:limit]


def reports_about(region_code: str):
    """Reports whose main region is this one or that gave one of its visible values."""
    sources = visible_observations().filter(region=region_code).values("report")
    return (
        Report.objects.filter(Q(region=region_code) | Q(pk__in=sources))
        .select_related("region")
        .defer("text", "warnings")
        .order_by("-year", "-published_on", "-id")
    )


def report_observations(report: Report) -> list[Observation]:
    """The report's visible observations in text order, with region and indicator."""
    return list(
        visible_observations()
        .filter(report=report)
        .select_related("region", "indicator")
        .order_by("span_start", "id")
    )


def row_count(queryset) -> int:
    """`queryset.count()`, once per data version and query: a national indicator's table counts
    32,000 index entries for its pages."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    return per_version("count", digest, compute=queryset.count)


def table_observations(indicator_code: str | None = None):
    """Visible observations for tables: regions, parents and source titles joined, conflicts
    flagged per row, without the report text."""
    rows = visible_observations()
    if indicator_code:
        rows = rows.filter(indicator=indicator_code)
    return (
        rows.with_conflicts()
        .select_related("region", "region__parent", "indicator", "report")
        .defer("report__text", "report__warnings")
    )
