"""Plotly figures (as plain JSON-ready dicts) for the dashboard pages, drawn by static/js/charts.js.

In: points from `selectors` (one value per region × year, conflicts flagged) and the catalog
indicator. Out: {"data", "layout", "config"}. Verified values are filled, extracted ones hollow or
hatched; missing years stay gaps (None, never interpolated); the national target is a dashed line.
"""

from __future__ import annotations

import html
import math
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from dashboard import geography
from dashboard.formatting import (
    format_number,
    format_quantity,
    source_url,
    status_label,
    target_text,
)
from dashboard.models import Direction, Indicator
from dashboard.selectors import MapData, Point

VERIFIED_COLOUR = "#0b6e4f"
EXTRACTED_COLOUR = "#8fc9b5"
TARGET_COLOUR = "#c2410c"
CONFLICT_COLOUR = "#b91c1c"
LINE_COLOURS = [
    "#0b6e4f",
    "#1d4ed8",
    "#c2410c",
    "#7c3aed",
    "#0e7490",
    "#a16207",
    "#be185d",
    "#4d7c0f",
    "#475569",
    "#9f1239",
]
FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"

_HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>"
    "%{customdata[3]}<br>%{customdata[4]}<extra></extra>"
)


def _safe(text: str) -> str:
    # Plotly renders a subset of HTML in hover labels; report titles are shown as text.
    return html.escape(text, quote=False)


def _customdata(point: Point, indicator: Indicator) -> list[str]:
    value = format_quantity(point.value, indicator.unit, point.qualifier)
    if point.conflict:
        others = ", ".join(format_quantity(v, indicator.unit) for v in point.conflicting_values)
        value += " ⚠ " + _("other sources: %(values)s") % {"values": others}
    source = point.report_title or _("entered by hand")
    return [
        _safe(point.region_name),
        _("Year %(year)s") % {"year": point.year},
        _safe(value),
        status_label(point.status),
        _("Source: %(source)s") % {"source": _safe(source)},
        source_url(point),
    ]


def _layout(indicator: Indicator, **extra) -> dict:
    return {
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 10, "r": 40, "t": 30, "b": 40},
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "y": -0.15},
        **extra,
    }


def value_ticks(top: float, *, count: int = 5) -> dict:
    """Axis ticks from 0 to `top` at a round step, labelled as the tables write numbers (2000万,
    1.5亿): Plotly's own labels would read 20M."""
    if top <= 0:
        return {}
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [i * step for i in range(int(top / step + 1e-9) + 1)]
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [format_number(Decimal(repr(round(t, 6)))) for t in ticks],
    }


# The toolbar lists its buttons: Plotly's defaults include "Share chart…", which uploads the
# chart to Plotly's cloud, and a logo linking to its website. Nothing here leaves the intranet.
CARTESIAN_BUTTONS = ["toImage", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "resetScale2d"]
MAP_BUTTONS = ["toImage", "zoomInGeo", "zoomOutGeo", "resetGeo"]


def _config(filename: str, buttons: list[str] = CARTESIAN_BUTTONS) -> dict:
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "responsive": True,
        "modeBarButtons": [buttons],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def _target_line(indicator: Indicator, axis: str) -> dict:
    """The national target as a dashed line across the plot at its value on `axis` ("x" for
    bars, "y" for lines), labelled at the line's start; {} without a target."""
    if indicator.target_value is None:
        return {}
    target = float(indicator.target_value)
    across = "y" if axis == "x" else "x"
    line = {
        "type": "line",
        "xref": "x" if axis == "x" else "paper",
        "yref": "y" if axis == "y" else "paper",
        f"{axis}0": target,
        f"{axis}1": target,
        f"{across}0": 0,
        f"{across}1": 1,
        "line": {"color": TARGET_COLOUR, "dash": "dash", "width": 2},
        # Under the bars and their labels, which stay readable where they cross it.
        "layer": "below",
    }
    label = {
        "xref": line["xref"],
        "yref": line["yref"],
        axis: target,
        across: 1 if axis == "x" else 0,
        "text": _safe(_("National target %(target)s") % {"target": target_text(indicator)}),
        "showarrow": False,
        "font": {"color": TARGET_COLOUR, "size": 12},
        # Above the top of a vertical line; above the left end of a horizontal one.
        **({"yanchor": "bottom"} if axis == "x" else {"xanchor": "left", "yanchor": "bottom"}),
    }
    return {"shapes": [line], "annotations": [label]}


def comparison_figure(
    indicator: Indicator, points: list[Point], *, year: int, highlight: set[str] = frozenset()
) -> dict:
    """Horizontal bars, one per region, largest on top; extracted values lighter and hatched."""
    ordered = list(reversed(points))  # Plotly draws the first category at the bottom
    traces = []
    for verified, name, colour, pattern in (
        (True, _("verified"), VERIFIED_COLOUR, ""),
        (False, _("extracted, not yet reviewed"), EXTRACTED_COLOUR, "/"),
    ):
        chosen = [p for p in ordered if p.verified == verified]
        if not chosen:
            continue
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": [p.region_code for p in chosen],
                "x": [float(p.value) for p in chosen],
                "text": [
                    format_quantity(p.value, indicator.unit, p.qualifier)
                    + (" ⚠" if p.conflict else "")
                    for p in chosen
                ],
                # Inside the bar's end where it fits, so that no label sits across the target
                # line; outside only for a bar too short to hold it.
                "textposition": "auto",
                "insidetextanchor": "end",
                "textfont": {"color": "#fff" if verified else "#0b3d2e"},
                "outsidetextfont": {"color": "#1f2933"},
                "cliponaxis": False,
                "customdata": [_customdata(p, indicator) for p in chosen],
                "hovertemplate": _HOVER,
                "marker": {
                    "color": colour,
                    "pattern": {
                        "shape": pattern,
                        "fgcolor": VERIFIED_COLOUR,
                        "fgopacity": 0.45,
                        # Opaque, so that neither the target line nor the grid shows through.
                        "bgcolor": colour if verified else "#dcefe6",
                        "size": 6,
                    },
                    "line": {
                        "color": [
                            CONFLICT_COLOUR
                            if p.conflict
                            else ("#111" if p.region_code in highlight else colour)
                            for p in chosen
                        ],
                        "width": [
                            2.5 if p.conflict or p.region_code in highlight else 1 for p in chosen
                        ],
                    },
                },
            }
        )
    labels = [
        f"<b>{_safe(p.region_name)}</b>" if p.region_code in highlight else _safe(p.region_name)
        for p in ordered
    ]
    layout = _layout(
        indicator,
        height=max(200, 110 + 32 * len(points)),
        barmode="overlay",
        bargap=0.25,
        xaxis={
            "rangemode": "tozero",
            "range": [0, max(float(p.value) for p in points) * 1.2] if points else None,
            "gridcolor": "#e5e7eb",
            "zeroline": True,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [p.region_code for p in ordered],
            "tickmode": "array",
            "tickvals": [p.region_code for p in ordered],
            "ticktext": labels,
            "automargin": True,
        },
    )
    top = max(float(p.value) for p in points) if points else 0
    if target_applies(indicator, year):
        layout.update(_target_line(indicator, "x"))
        # Keep the target visible even when every region is far below it.
        top = max(top, float(indicator.target_value))
    layout["xaxis"]["range"] = [0, top * 1.2]
    layout["xaxis"].update(value_ticks(top * 1.2))
    return {
        "data": traces,
        "layout": layout,
        "config": _config(f"{indicator.code}_{year}"),
    }


def trend_figure(indicator: Indicator, series: dict[str, list[Point]]) -> dict:
    """One line per region over the years; a missing year is a gap, never interpolated."""
    years = sorted({p.year for points in series.values() for p in points})
    if not years:
        return {"data": [], "layout": _layout(indicator), "config": _config(indicator.code)}
    axis = list(range(years[0], years[-1] + 1))
    traces = []
    drawn_series = [(code, points) for code, points in series.items() if points]
    for index, (code, points) in enumerate(series.items()):
        if not points:
            continue
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        by_year = {p.year: p for p in points}
        slots = [by_year.get(year) for year in axis]
        # Lines a little apart within each year, so that equal values (90 and ≥ 90) of two
        # regions do not hide each other; the hover still names the year.
        position = [c for c, _points in drawn_series].index(code)
        shift = (position - (len(drawn_series) - 1) / 2) * JITTER if len(drawn_series) > 1 else 0
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _safe(points[0].region_name),
                "legendgroup": code,
                "x": [year + shift for year in axis],
                "y": [float(p.value) if p else None for p in slots],
                "connectgaps": False,
                "customdata": [_customdata(p, indicator) if p else None for p in slots],
                "hovertemplate": _HOVER,
                "line": {"color": colour, "width": 2},
                "marker": {
                    "size": 10,
                    "color": colour,
                    "symbol": [
                        ("circle" if p.verified else "circle-open") if p else "circle"
                        for p in slots
                    ],
                    "line": {
                        "width": [2.5 if p and p.conflict else 2 for p in slots],
                        "color": [CONFLICT_COLOUR if p and p.conflict else colour for p in slots],
                    },
                },
            }
        )
    # Legend entries explaining the marker styles (no data of their own).
    for name, symbol in (
        (_("verified"), "circle"),
        (_("extracted, not yet reviewed"), "circle-open"),
    ):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [None],
                "y": [None],
                "marker": {"symbol": symbol, "color": "#555", "size": 10},
                "hoverinfo": "skip",
                "showlegend": True,
            }
        )
    layout = _layout(
        indicator,
        height=380,
        xaxis={
            "tickmode": "linear",
            "dtick": 1,
            "tickformat": "d",
            "gridcolor": "#eef0f3",
            # Half a year beyond the first and last: Plotly would fit the axis to the points,
            # which puts a single year's points, a little apart, on the two edges.
            "range": [axis[0] - 0.5, axis[-1] + 0.5],
        },
        yaxis={
            "title": {"text": f"{_safe(indicator.name)} ({_safe(indicator.unit)})"},
            "rangemode": "tozero",
            "gridcolor": "#e5e7eb",
            "automargin": True,
        },
        hovermode="closest",
    )
    values = [float(p.value) for points in series.values() for p in points]
    drawn = target_applies(indicator, years[-1])
    if drawn:
        values.append(float(indicator.target_value))
    top = max(values) * 1.1 if values else 0
    if top:
        layout["yaxis"].update(range=[0, top], **value_ticks(top))
    if drawn:
        layout.update(_target_line(indicator, "y"))
    return {"data": traces, "layout": layout, "config": _config(f"{indicator.code}_trend")}


NO_DATA_COLOUR = "#d4d8dd"
# Years between two regions' points of one year in the trend (see trend_figure).
JITTER = 0.05
# Plotly's base-map layers, each drawn from a world map on its CDN: all off.
_GEO_LAYERS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits", "frame")
SEQUENTIAL = [[0, "#d8efe4"], [1, "#0b5d43"]]
# Below the target warm, above it green (reversed where lower is better).
DIVERGING = [[0, "#b45309"], [0.5, "#fbe7a1"], [1, "#0b6e4f"]]


def target_applies(indicator: Indicator, year: int | None) -> bool:
    """A national target is drawn only for data of its year or before: a 2017 target says
    nothing about 2024 figures."""
    return (
        indicator.target_value is not None
        and indicator.target_year is not None
        and year is not None
        and year <= indicator.target_year
    )


def map_figure(
    indicator: Indicator, data: MapData, *, year: int, geojson_url: str, height: int = 460
) -> dict:
    """A choropleth of the parts of a region: coloured by value, grey without one; hover with
    value, unit, status and source; a click opens the region's page. The boundaries are fetched
    from `geojson_url`."""
    with_value = [r for r in data.parts if r.code in data.points]
    without = [r for r in data.parts if r.code not in data.points]
    values = [float(data.points[r.code].value) for r in with_value]
    geo = {
        "type": "choropleth",
        # Plotly fetches the boundaries from our own static files.
        "geojson": geojson_url,
        "featureidkey": "id",
        "marker": {"line": {"color": "#fff", "width": 0.8}},
    }
    traces = []
    if without:
        traces.append(
            {
                **geo,
                "name": _("no figure"),
                "locations": [r.code for r in without],
                "z": [0] * len(without),
                "colorscale": [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
                "showscale": False,
                "customdata": [
                    [_safe(r.name), reverse("dashboard:region", args=[r.code])] for r in without
                ],
                "hovertemplate": "<b>%{customdata[0]}</b><br>"
                + _safe(_("No figure for %(year)s") % {"year": year})
                + "<extra></extra>",
            }
        )
    if with_value:
        scale: dict = {"colorscale": SEQUENTIAL}
        if target_applies(indicator, year):
            colours = DIVERGING if indicator.direction != Direction.DOWN else DIVERGING[::-1]
            scale = {"colorscale": colours, "zmid": float(indicator.target_value)}
        low, high = min(values), max(values)
        if low == high:
            low = 0
        traces.append(
            {
                **geo,
                "name": _safe(indicator.name),
                "locations": [r.code for r in with_value],
                "z": values,
                "zmin": low,
                "zmax": high,
                **scale,
                "customdata": [
                    [
                        *_customdata(data.points[r.code], indicator)[:5],
                        reverse("dashboard:region", args=[r.code]),
                    ]
                    for r in with_value
                ],
                "hovertemplate": _HOVER,
                "colorbar": {
                    "title": {"text": _safe(indicator.unit)},
                    "thickness": 14,
                    "len": 0.8,
                    **_colourbar_ticks(low, high),
                },
            }
        )
    layout = _layout(
        indicator,
        height=height,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        geo={
            "fitbounds": "locations",
            "visible": False,
            **{f"show{layer}": False for layer in _GEO_LAYERS},
            "projection": {"type": "mercator"},
            "bgcolor": "#fff",
        },
        dragmode=False,
    )
    figure = {
        "data": traces,
        "layout": layout,
        "config": {
            **_config(f"{indicator.code}_{year}_map", MAP_BUTTONS),
            "scrollZoom": False,
            # Plotly loads a world base map for every map, even one it does not draw; ours is
            # an empty one, so that nothing is fetched from Plotly's CDN.
            "topojsonURL": geography.base_map_url(),
        },
    }
    return figure


def _colourbar_ticks(low: float, high: float) -> dict:
    # Plotly writes 20000 as 20k; from ten thousand on, the labels are ours (2万).
    ticks = value_ticks(high) if high >= 10000 else {}
    if not ticks:
        return {}
    kept = [
        (value, label)
        for value, label in zip(ticks["tickvals"], ticks["ticktext"], strict=True)
        if value >= low
    ]
    return {
        "tickmode": "array",
        "tickvals": [value for value, _label in kept],
        "ticktext": [label for _value, label in kept],
    }
