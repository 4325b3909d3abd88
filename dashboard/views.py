"""The dashboard pages. Each view reads its state from the query string and its data from
`selectors`, so pages, charts, tables and CSV agree; query counts do not grow with the data."""

from __future__ import annotations

import datetime
import functools
from functools import wraps
from itertools import pairwise

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from dashboard import charts, geography, selectors
from dashboard.csv_export import csv_chunks
from dashboard.filters import (
    MAX_COMPARED,
    ChartState,
    ObservationFilterSet,
    chosen_level,
    chosen_year,
    published_filter,
    requested_regions,
)
from dashboard.formatting import source_url
from dashboard.models import Indicator, Observation, Region, RegionLevel, Report
from dashboard.tables import CountedPaginator, ObservationTable

TREND_DEFAULT_REGIONS = 5


def dashboard_page(view):
    """Public by default; every page requires login when DASHBOARD_REQUIRE_LOGIN is set."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.DASHBOARD_REQUIRE_LOGIN and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _later(compute):
    """A value the template computes when it first reads it: a page's content is a part kept in
    the shared cache ({% page_part %}), and a kept part reads none of its values."""
    return functools.cache(compute)


def _later_dict(build, keys) -> dict:
    """The values of the dict `build()` returns under `keys`, each read when the template first
    reads it (`build` runs once, or never)."""
    built = _later(build)
    return {key: _later(lambda key=key: built().get(key)) for key in keys}


@dashboard_page
def overview(request):
    def build() -> dict:
        sections = selectors.overview_sections()
        # Each theme's map: its indicator with the most regions, in that indicator's latest year.
        headline = {s.theme.code: s.indicators[0] for s in sections if s.indicators}
        maps = selectors.maps_of(
            [(c.indicator.code, c.last_year) for c in headline.values()], geography.map_parts
        )
        figures = {}
        for theme_code, coverage in headline.items():
            data = maps.get(coverage.indicator.code)
            if data is not None and data.points:
                figures[theme_code] = (
                    coverage.indicator,
                    coverage.last_year,
                    data,
                    charts.map_figure(
                        coverage.indicator,
                        data,
                        year=coverage.last_year,
                        geojson_url=geography.map_url(data.parent.code),
                        height=340,
                    ),
                )
        return {
            "sections": [(section, figures.get(section.theme.code)) for section in sections],
            "has_data": any(section.rows for section in sections),
        }

    context = {
        "reports": _later(selectors.report_count),
        "held_back": _later(selectors.held_back_count),
        **_later_dict(build, ("sections", "has_data")),
    }
    return render(request, "dashboard/overview.html", context)


def _chart_state(params, indicator: Indicator | None) -> ChartState:
    years = selectors.indicator_years(indicator.code) if indicator else []
    terms = requested_regions(params)
    parent_code = params.get("parent", "").strip()
    # A name that several regions bear (朝阳区) is not guessed: the page asks which one is meant.
    ambiguous = selectors.ambiguous_names(terms)
    clear = [t for t in terms if t not in ambiguous]
    found = selectors.find_regions([parent_code, *clear] if parent_code else clear)
    parent = found[0] if parent_code and found and found[0].code == parent_code else None
    regions = [r for r in found if r is not parent or r.code in clear][:MAX_COMPARED]
    matched = {key for r in found for key in (r.code, r.name, *r.aliases)}
    dropped = [t for t in clear if t.split()[-1] not in matched and t.split()[0] not in matched]
    year = chosen_year(params, years)
    return ChartState(
        indicator=indicator,
        year=year,
        years=years,
        level=chosen_level(params)
        if "level" in params
        else _default_level(indicator, year, parent),
        parent=parent,
        regions=regions,
        dropped=dropped,
        ambiguous=[
            (name, [[*selectors.region_path(r), r.code] for r in choices])
            for name, choices in ambiguous.items()
        ],
    )


def _default_level(indicator: Indicator | None, year: int | None, parent: Region | None) -> str:
    """Regions of one level are compared: counties when counties have figures, else the
    lowest level that has (a prefecture is not ranked against counties)."""
    if indicator is None or year is None:
        return ""
    levels = selectors.levels_with_data(
        indicator.code, year, parent=parent.code if parent else None
    )
    for level in (RegionLevel.COUNTY, RegionLevel.PREFECTURE, RegionLevel.PROVINCE):
        if level in levels:
            return level
    return ""


def _with_default_regions(state: ChartState, params) -> list[str]:
    """The trend's regions: those chosen, else the regions with figures in the most years; a
    region added to the defaults (?add= without ?regions=) joins them instead of replacing them."""
    if state.regions and params.getlist("regions"):
        return [r.code for r in state.regions]
    defaults = selectors.regions_with_most_years(
        state.indicator.code,
        level=state.level or None,
        parent=state.parent.code if state.parent else None,
        limit=TREND_DEFAULT_REGIONS,
    )
    if not state.regions:
        return defaults
    added = [r.code for r in state.regions]
    chosen = [*[c for c in defaults if c not in added], *added][:MAX_COMPARED]
    state.regions = selectors.find_regions(chosen)
    return chosen


_CHART_KEYS = (
    "trend_codes",
    "compare_query",
    "comparison_target",
    "trend_target",
    "comparison",
    "comparison_figure",
    "trend",
    "trend_rows",
    "trend_years",
    "trend_figure",
)
_MAP_KEYS = ("map", "map_figure", "map_target")


def _charts(state: ChartState, params) -> dict:
    """The comparison (bars) and trend (lines) of a chart state, with their table data."""
    indicator = state.indicator
    if indicator is None or state.year is None:
        return {}
    # The trend's regions first: choosing them completes the state the page shows.
    trend_regions = _with_default_regions(state, params)
    return {
        "trend_codes": trend_regions,
        "compare_query": state.query(regions=trend_regions),
        **_draw_charts(state, trend_regions),
    }


def _draw_charts(state: ChartState, trend_regions: list[str]) -> dict:
    indicator = state.indicator
    compared = selectors.comparison(
        indicator.code,
        state.year,
        level=state.level or None,
        parent=state.parent.code if state.parent else None,
    )
    trend = selectors.series(indicator.code, trend_regions)
    trend_years = sorted({p.year for points in trend.values() for p in points})
    highlight = {r.code for r in state.regions}
    return {
        "comparison_target": charts.target_applies(indicator, state.year),
        "trend_target": charts.target_applies(indicator, trend_years[-1] if trend_years else None),
        "comparison": compared,
        "comparison_figure": charts.comparison_figure(
            indicator, compared.points, year=state.year, highlight=highlight
        )
        if compared.points
        else None,
        "trend": trend,
        "trend_rows": [
            (points[0].region_code, points[0].region_name, {p.year: p for p in points})
            for points in trend.values()
            if points
        ],
        "trend_years": trend_years,
        "trend_figure": charts.trend_figure(indicator, trend) if trend_years else None,
    }


def _map(indicator: Indicator | None, year: int | None, parent: Region | None) -> dict:
    """The map of the indicator in the year: over the chosen parent's parts when it has a map,
    else over the region whose parts have the most values."""
    if indicator is None or year is None:
        return {}
    if parent is not None and geography.has_map(parent.code):
        scope = parent.code
    else:
        scope = next(
            (c for c in selectors.map_scopes(indicator.code, year) if geography.has_map(c)), None
        )
    data = selectors.map_data(indicator.code, year, scope) if scope else None
    if data is None or not data.points:
        return {}
    figure = charts.map_figure(
        indicator, data, year=year, geojson_url=geography.map_url(data.parent.code)
    )
    return {
        "map": data,
        "map_figure": figure,
        "map_target": charts.target_applies(indicator, year),
    }


@dashboard_page
def theme(request, code):
    catalog = selectors.indicator_catalog()
    current = next((t for t in catalog if t.code == code), None)
    if current is None:
        raise Http404(_("No such theme."))
    indicators = list(current.indicators.all())
    counts = selectors.indicator_region_counts(i.code for i in indicators)
    asked = request.GET.get("indicator")
    # By default the indicator that compares most regions, not one with a single bar.
    widest = max(
        (i for i in indicators if i.code in counts), key=lambda i: counts[i.code], default=None
    )
    indicator = next((i for i in indicators if i.code == asked), None) or widest

    def build() -> dict:
        state = _chart_state(request.GET, indicator)
        return {
            "state": state,
            "parents": selectors.parents_with_data(indicator.code) if indicator else [],
            **_charts(state, request.GET),
            **_map(state.indicator, state.year, state.parent),
        }

    context = {
        "theme": current,
        "catalog": catalog,
        "indicators": indicators,
        "counts": counts,
        "levels": RegionLevel.choices[1:],
        **_later_dict(build, ("state", "parents", *_CHART_KEYS, *_MAP_KEYS)),
    }
    return render(request, "dashboard/theme.html", context)


@dashboard_page
def indicator(request, code):
    current = selectors.catalog_indicator(code)
    if current is None:
        raise Http404
    filterset = ObservationFilterSet(
        request.GET, queryset=selectors.table_observations(current.code)
    )

    def table():
        rows = ObservationTable(filterset.qs, unit=current.unit)
        paginate = {"per_page": 50, "paginator_class": CountedPaginator}
        RequestConfig(request, paginate=paginate).configure(rows)
        return rows

    def state():
        data = filterset.form.cleaned_data if filterset.form.is_valid() else {}
        in_range = [
            y
            for y in selectors.indicator_years(current.code)
            if (data.get("year_from") is None or y >= data["year_from"])
            and (data.get("year_to") is None or y <= data["year_to"])
        ]
        parent_code = data.get("prefecture") or data.get("province") or None
        return ChartState(
            indicator=current,
            year=chosen_year(request.GET, in_range),
            years=in_range,
            level=data.get("level") or "",
            parent=Region(code=parent_code) if parent_code else None,
        )

    state = _later(state)
    context = {
        "indicator": current,
        "filterset": filterset,
        "table": _later(table),
        "state": state,
        "csv_query": request.GET.urlencode(),
        **_later_dict(lambda: _charts(state(), request.GET), _CHART_KEYS),
    }
    return render(request, "dashboard/indicator.html", context)


def _csv_response(request, rows, filename: str) -> StreamingHttpResponse:
    # ?lang=en or ?lang=zh-hans decides the header row; by default the page's language.
    asked = request.GET.get("lang", "")
    language = asked if asked in ("en", "zh-hans") else get_language()
    response = StreamingHttpResponse(
        csv_chunks(rows, language=language), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dashboard_page
def indicator_csv(request, code):
    current = get_object_or_404(Indicator, pk=code)
    filterset = ObservationFilterSet(
        request.GET, queryset=selectors.visible_observations().filter(indicator=current.code)
    )
    described = filterset.describe()
    name = f"observations_{current.code}{'_' + described if described else ''}.csv"
    return _csv_response(request, selectors.export_rows(filterset.qs), name)


@dashboard_page
def all_csv(request):
    """Every published figure, or those the query string's filters choose (as the API's)."""
    today = datetime.date.today().strftime("%Y%m%d")
    chosen = published_filter(request.GET)
    rows = selectors.export_rows(chosen.apply(Observation.objects.all()))
    return _csv_response(request, rows, f"observations_all_{today}.csv")


@dashboard_page
def search(request):
    """The header's region search without script: one clear match opens its page."""
    text = request.GET.get("q", "").strip()
    matches = selectors.search_regions(text, limit=50)
    exact = [m for m in matches if m.region.rank == 0]
    if len(exact) == 1 or len(matches) == 1:
        return redirect("dashboard:region", (exact or matches)[0].region.code)
    return render(
        request, "dashboard/search.html", {"q": text, "matches": matches, "search_text": text}
    )


@dashboard_page
def search_suggestions(request):
    """The region search's suggestions as JSON, for the search boxes' script."""
    matches = selectors.search_regions(request.GET.get("q", ""), limit=12)
    results = [
        {
            "code": m.region.code,
            "name": m.region.name,
            "path": m.label,
            "level": m.region.get_level_display(),
            "has_data": m.has_data,
            "url": reverse("dashboard:region", args=[m.region.code]),
        }
        for m in matches
    ]
    return JsonResponse({"results": results})


def _region_by_name(request, name: str):
    """/region/石狮市/ opens 石狮市's page; /region/朝阳区/ lists the 朝阳区 there are."""
    named = selectors.regions_named(name)
    if len(named) == 1:
        return redirect("dashboard:region", named[0].code)
    matches = (
        [selectors.RegionMatch(r, selectors.region_path(r), r.has_data) for r in named]
        if named
        else selectors.search_regions(name, limit=50)
    )
    if not matches:
        raise Http404(_("No region is called “%(name)s”.") % {"name": name})
    return render(request, "dashboard/search.html", {"q": name, "matches": matches})


@dashboard_page
def region(request, code):
    if not code.isdigit():
        return _region_by_name(request, code)
    current = get_object_or_404(Region.objects.select_related("parent"), pk=code)
    context = {
        "region": current,
        "profile": _later(lambda: selectors.region_profile(current.code)),
        "peers": _later(lambda: selectors.peers(current)),
        "children": _later(lambda: selectors.children(current)),
        "reports": _later(lambda: selectors.reports_about(current.code)),
    }
    return render(request, "dashboard/region.html", context)


def highlighted_text(
    text: str, observations: list[Observation], page_starts: list[int] | None = None
) -> str:
    """The report text, escaped, with each observation's sentence marked and anchored, and
    where a PDF report has pages, a mark where each page begins.

    Spans may overlap (two figures in one sentence): the text is cut at every span boundary and
    each piece is marked with all the observations covering it.
    """
    spans = [
        o
        for o in observations
        if o.span_start is not None and o.span_end is not None and o.span_end <= len(text)
    ]
    pages = {start: number for number, start in enumerate(page_starts or [], 1)}
    cuts = sorted(
        {0, len(text), *(o.span_start for o in spans), *(o.span_end for o in spans), *pages}
    )
    parts = []
    anchored: set[int] = set()
    for start, end in pairwise(cuts):
        if start in pages:
            parts.append(
                format_html(
                    '<span class="page-mark" id="page-{}">{}</span>',
                    pages[start],
                    _("page %(number)d") % {"number": pages[start]},
                )
            )
        covering = [o for o in spans if o.span_start <= start and end <= o.span_end]
        piece = escape(text[start:end])
        if not covering:
            parts.append(piece)
            continue
        anchors = "".join(
            format_html('<span class="anchor" id="obs-{}"></span>', o.id)
            for o in covering
            if o.id not in anchored and o.span_start == start
        )
        anchored.update(o.id for o in covering if o.span_start == start)
        verified = all(o.status == "verified" for o in covering)
        parts.append(
            format_html(
                '{}<mark class="{}" data-obs="{}">{}</mark>',
                mark_safe(anchors),  # built with format_html above
                "verified" if verified else "extracted",
                " ".join(str(o.id) for o in covering),
                piece,
            )
        )
    # Observations whose span is missing still get an anchor, before the text.
    missing = "".join(
        format_html('<span class="anchor" id="obs-{}"></span>', o.id)
        for o in observations
        if o.id not in anchored
    )
    return mark_safe(missing + "".join(parts))  # every piece escaped above


@dashboard_page
def report(request, pk):
    current = get_object_or_404(Report.objects.select_related("region"), pk=pk)
    observations = selectors.report_observations(current)
    for observation in observations:
        observation.page = current.page_of(observation.span_start)
    context = {
        "report": current,
        "observations": observations,
        "text": highlighted_text(current.text, observations, current.page_starts),
    }
    return render(request, "dashboard/report.html", context)


@dashboard_page
def observation(request, pk):
    current = get_object_or_404(
        selectors.visible_observations().select_related("region", "indicator", "report"), pk=pk
    )
    if current.report_id:
        return redirect(source_url(current))
    context = {
        "observation": current,
        # A note is the reviewers' own ("to be confirmed by phone"): shown only to those who may
        # read it in the admin, never on the public page.
        "show_note": request.user.has_perm("dashboard.view_observation"),
    }
    return render(request, "dashboard/observation.html", context)


@dashboard_page
def compare(request):
    catalog = selectors.indicator_catalog()
    indicators = {i.code: i for t in catalog for i in t.indicators.all()}
    asked = request.GET.get("indicator")
    current = indicators.get(asked) if asked else None
    if current is None:
        counts = selectors.indicators_with_data(indicators)
        current = next((i for i in indicators.values() if i.code in counts), None)
    state = _later(lambda: _chart_state(request.GET, current))

    def drawn() -> dict:
        regions = state().regions
        trend = selectors.series(current.code, [r.code for r in regions]) if current else {}
        years = sorted({p.year for points in trend.values() for p in points})
        return {
            "trend_rows": [
                (r.code, r.name, {p.year: p for p in trend.get(r.code, [])}) for r in regions
            ],
            "trend_years": years,
            "trend_figure": charts.trend_figure(current, trend)
            if current and years and len(regions) >= 2
            else None,
            "trend_target": charts.target_applies(current, years[-1])
            if current and years
            else False,
        }

    context = {
        "catalog": catalog,
        "state": state,
        "enough": _later(lambda: len(state().regions) >= 2),
        "max_compared": MAX_COMPARED,
        **_later_dict(drawn, ("trend_rows", "trend_years", "trend_figure", "trend_target")),
        "region_choices": _later(
            lambda: selectors.regions_with_data(current.code if current else None)
        ),
    }
    return render(request, "dashboard/compare.html", context)


@dashboard_page
def api_examples(request):
    """A short page of examples of the JSON API, with links to its schema and docs."""
    indicator = next((i for t in selectors.indicator_catalog() for i in t.indicators.all()), None)
    context = {
        "base": request.build_absolute_uri("/api/v1/"),
        "indicator": indicator.code if indicator else "fd_contract_rate",
    }
    return render(request, "dashboard/api.html", context)
