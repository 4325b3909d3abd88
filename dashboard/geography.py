"""Which regions have a map, and where its boundaries are served from.

The boundaries are static files built by scripts/build_maps.py (static/maps/<code>.json, one per
region whose parts have polygons, listed in static/maps/index.json); the browser fetches them
from our own server, never from a map service.
"""

from __future__ import annotations

import json
from functools import cache

from django.conf import settings
from django.templatetags.static import PrefixNode, static

INDEX = settings.BASE_DIR / "static" / "maps" / "index.json"


@cache
def _index() -> dict:
    return json.loads(INDEX.read_text(encoding="utf-8"))


def has_map(region_code: str) -> bool:
    return region_code in set(_index()["maps"])


@cache
def map_parts(region_code: str) -> tuple[tuple[str, str], ...] | None:
    """The (code, name) of the regions a map draws, in code order; None without a map."""
    if not has_map(region_code):
        return None
    path = INDEX.parent / f"{region_code}.json"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return tuple(sorted((f["id"], f["properties"]["name"]) for f in features))


def map_url(region_code: str) -> str:
    return static(f"maps/{region_code}.json")


def map_source() -> str:
    return _index()["source"]


def base_map_url() -> str:
    """The folder of static/maps/base/world_110m.json, an empty world map: Plotly asks for one
    before drawing any map, and would otherwise fetch it from its CDN. Plotly appends the file
    name itself, so this is the unhashed folder, which collectstatic keeps beside the hashed
    copies."""
    return PrefixNode.handle_simple("STATIC_URL") + "maps/base/"
