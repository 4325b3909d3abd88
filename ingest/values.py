"""Values: normalised text → quantities (number, unit word, qualifier), and unit conversion.

In: a stretch of normalised text (a sentence). Out: `Quantity` records with the amount as a
`Decimal` already scaled by 万/亿/千 (13.69万个 → 136900 个, 1.52亿元 → 152000000 元), the unit
word written after it, and a qualifier: 以上/超过/突破/逾 → gte, 以内/以下/不足/低于 → lte,
约/近/余/多/左右 → approx, else eq. A minus sign however typeset (-, −, －, ﹣, ‒, –) makes the
amount negative; a dash joining two figures ("80%-90%", "2021-2023") is none. `to_catalog_unit`
converts a quantity to an indicator's unit (money in 万元, counts as whole numbers, percentages
only from "%").
Refuses (not quantities): years and dates (2023年, 3月20日), ordinals (第3), labels ("8631", 4+N,
1+1+N), versions and codes (2.0版, PAX-8, 5G), grades (三四级), and a lone 一 (一支部, 一家医院).
Chinese numerals are converted with cn2an on the isolated numeral only, never on running text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

from ingest.records import CatalogEntry, Quantity

_CN = "零〇一二两三四五六七八九十百千"
_UNITS = (
    "个百分点|百分点|%|‰|人次|例次|项次|元|人|名|位|个|支|家|所|张|次|例|项|天|日|岁|床|台|组|队|"
    "处|单|份|场|种|株"
)
# Minus signs as typeset: ASCII, U+2212, the small and full-width hyphen-minus, figure and en
# dashes. Dropping one would store a fall as a rise.
_MINUS = "-\u2212\ufe63\uff0d\u2012\u2013"
_QUANTITY = re.compile(
    rf"(?P<minus>[{_MINUS}](?=\d))?"
    rf"(?P<num>\d+(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?)"
    r"(?P<more1>余|多)?(?P<mult>千万|百万|万|亿|千)?(?P<more2>余|多)?"
    rf"(?P<unit>{_UNITS})?"
    r"(?P<post>以上|以下|以内|左右)?"
)
_PERCENT_WORDS = re.compile(rf"百分之(?P<num>\d+(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?)")
_MULTIPLIERS = {"千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8}
_GTE_BEFORE = re.compile(r"(?:超过|突破|逾|超|高于|多于|大于)$")
_LTE_BEFORE = re.compile(r"(?:不足|不到|低于|少于|不超过|小于|未超过|控制在)$")
# "签约41.2万人", "预约3000人次": 约 ending a word is no "about".
_APPROX_BEFORE = re.compile(r"(?:大约|约为|(?<![签节制契预公])约|将近|接近|近)$")
_POST_QUALIFIER = {"以上": "gte", "以下": "lte", "以内": "lte", "左右": "approx"}
# A bare number followed by one of these is a date, grade, edition or similar label.
_LABEL_AFTER = set("年月日号时分秒级版期届批轮代型+-/:~—")
_LABEL_BEFORE = set("第+-/.:#")
_QUOTES = ("“", "”", '"', "「", "」")
# A dash right after a figure, a code or a date joins two of them ("80%-90%", "5万-6万",
# "2021-2023", "PAX-8"): it is no minus sign.
_JOINED_BEFORE = re.compile(rf"(?:[0-9A-Za-z.)]|\d(?:千万|百万|万|亿|千)?(?:{_UNITS})?)$")

# Unit words accepted for each catalog unit of a count, rate or duration indicator.
_COMPATIBLE = {
    "人次": {"人次", "例次", "例", "次", "人"},
    "次": {"次", "人次", "项次", "项", "例"},
    "人": {"人", "名", "位"},
    "支": {"支", "个", "组", "队"},
    "个": {"个", "家", "所", "张", "处", "支"},
    "家": {"家", "个", "所", "处"},
    "天": {"天", "日"},
    "日": {"天", "日"},
    "岁": {"岁"},
}
_MONEY_FACTORS = {"元": Decimal(1), "万元": Decimal(10**4), "亿元": Decimal(10**8)}


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in text[start:end], in order of appearance."""
    end = len(text) if end is None else end
    found = [q for m in _QUANTITY.finditer(text, start, end) if (q := _quantity(text, m))]
    for match in _PERCENT_WORDS.finditer(text, start, end):
        # "百分之百": 百 alone is not a numeral cn2an reads, and 百 elsewhere (百人) is no figure.
        num = match.group("num")
        amount = Decimal(100) if num == "百" else _number(num)
        if amount is not None:
            qualifier = _qualifier_before(text, match.start())
            found.append(
                Quantity(match.start(), match.end(), amount, "%", qualifier, match.group())
            )
    found.sort(key=lambda q: q.start)
    return found


def _quantity(text: str, match: re.Match[str]) -> Quantity | None:
    num, unit = match.group("num"), match.group("unit") or ""
    if match.group("minus") and _JOINED_BEFORE.search(
        text, max(0, match.start() - 8), match.start()
    ):
        return None
    if _is_label(text, match, unit) or (num == "一" and not match.group("mult")):
        return None
    if not num[0].isdigit() and not unit:
        return None  # Chinese numerals only count as figures when a unit says what they count
    amount = _number(num)
    if amount is None:
        return None
    if match.group("mult"):
        amount *= _MULTIPLIERS[match.group("mult")]
    if match.group("minus"):
        amount = -amount
    qualifier = _qualifier_before(text, match.start())
    if qualifier == "eq":
        if match.group("post"):
            qualifier = _POST_QUALIFIER[match.group("post")]
        elif match.group("more1") or match.group("more2"):
            qualifier = "approx"
    return Quantity(match.start(), match.end(), _tidy(amount), unit, qualifier, match.group())


def _is_label(text: str, match: re.Match[str], unit: str) -> bool:
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end("num")] if match.end("num") < len(text) else ""
    if before == ":" and not text[max(0, match.start() - 2) : match.start() - 1].isdigit():
        before = ""  # "签约率:51.3%" labels a value; only "10:30" makes a clock time
    if before in _LABEL_BEFORE or (before.isascii() and before.isalpha()):
        return True
    if before == "月" and unit == "日":
        return True
    if before in _QUOTES and after in _QUOTES:
        return True
    if not unit and not match.group("mult"):
        return after in _LABEL_AFTER or (after.isascii() and after.isalpha())
    return False


def _number(token: str) -> Decimal | None:
    if token[0].isdigit():
        return Decimal(token)
    try:
        return Decimal(str(cn2an.cn2an(token, "smart")))
    except (ValueError, KeyError, InvalidOperation):
        return None


def _qualifier_before(text: str, start: int) -> str:
    before = text[max(0, start - 3) : start]
    if _LTE_BEFORE.search(before):
        return "lte"
    if _GTE_BEFORE.search(before):
        return "gte"
    if _APPROX_BEFORE.search(before):
        return "approx"
    return "eq"


def _tidy(amount: Decimal) -> Decimal:
    if amount == amount.to_integral_value():
        return Decimal(int(amount))
    return Decimal(format(amount.normalize(), "f"))


def to_catalog_unit(quantity: Quantity, indicator: CatalogEntry) -> Decimal | None:
    """The quantity in the indicator's unit, or None when the units are not compatible."""
    kind, unit = indicator.value_type, indicator.unit
    if kind == "percent":
        return quantity.amount if quantity.unit == unit else None
    if kind == "money":
        factor = _MONEY_FACTORS.get(unit)
        if factor is None or quantity.unit != "元":
            return None
        return _tidy(quantity.amount / factor)
    accepted = _COMPATIBLE.get(unit, {unit})
    if kind == "count":
        whole = quantity.amount == quantity.amount.to_integral_value()
        return quantity.amount if quantity.unit in accepted and whole else None
    if kind == "rate" and quantity.unit == "":
        return quantity.amount
    return quantity.amount if quantity.unit in accepted else None
