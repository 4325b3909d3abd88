"""Link: indicator phrases and quantities of one clause → (indicator, quantity) pairs.

In: the normalised text, one clause span, the indicator mentions and quantities inside it, and the
catalog. Out: `Pairing`s. The usual order is phrase then figure ("签约率达66%"); an enumeration
pairs phrases and figures in order ("县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%"); a
count may come first when a verb of building or having introduces it ("组建153个…家庭医生签约服务
团队") or when the phrase is itself a predicate ("10个县均达到…评判标准"); any figure may come first
when it modifies the phrase ("以63.5%的签约率"). A comparison base with its own year ("由2021年的
84.6%提高到91.3%") is paired too, carrying that year.
Refuses: figures that are undated comparison bases (由52.1%…) or averages quoted as a yardstick
("低于全州平均水平(64.5%)", "高于全省93.5%的平均水平"), changes (增长75.18%, 提高9个百分点), figures whose
unit does not fit the indicator, and enumerations whose phrase and figure counts differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest import classify
from ingest.indicators import Catalog
from ingest.records import IndicatorMention, Quantity
from ingest.values import to_catalog_unit
from ingest.years import base_year

_ENUM_JOIN = re.compile(r"^\s*(?:、|和|及|与|以及|/)\s*$")
_SAME_VALUE_FOR_ALL = re.compile(r"均|都|全部")
_BUILD_VERB = re.compile(
    r"(?:组建|建成|建立|共建|成立|设立|共有|现有|拥有|已有|累计|培育|打造|配备|开设|设置)"
    r"[^，,。；;]{0,4}$"
)
_PREDICATE_PHRASE = re.compile(r"^(?:均|全部|都)?(?:达到|通过|建成|实现)")
# "全市234个家医团队扎根基层": a count written straight before its phrase, with only the place
# (or nothing) before it in the clause, states how many the place has.
_PLACE_ONLY_LEAD = re.compile(
    r"\s*(?:(?:全|我|本)[省市县区]|[\u4e00-\u9fff]{2,8}?[省市县区旗])?\s*(?:共|共计|现有|目前)?\s*"
)
# Further than this from its phrase, a figure in the same clause usually measures something else.
_MAX_LEAD = 40
_CHANGE_LOOKBACK = 4
# A two-character count phrase (签约, 托位) is a verb or a modifier as often as a noun: it counts
# only with the figure right after it ("签约61.2万人"), not in "签约医生1200名".
_SHORT_PHRASE = 2
_SHORT_PHRASE_LEAD = re.compile(r"\s*(?:共|累计|达到|达|为|超过|超|近|约|逾|总数)?\s*")


@dataclass(frozen=True)
class Pairing:
    mention: IndicatorMention
    quantity: Quantity
    value: Decimal  # in the indicator's catalog unit
    value_before: bool = False
    enumerated: bool = False
    year: int | None = None  # a year written with the figure itself ("由2021年的84.6%")
    place: str | None = None  # the region a "分别" list gives this figure to
    how: str = "after"  # which pattern paired them; the scorer weighs each pattern


def link_clause(
    text: str,
    clause_start: int,
    clause_end: int,
    mentions: list[IndicatorMention],
    quantities: list[Quantity],
    catalog: Catalog,
) -> list[Pairing]:
    """All indicator/figure pairs of one clause."""
    pairings: list[Pairing] = []
    groups = _groups(text, mentions)
    for index, group in enumerate(groups):
        window_end = groups[index + 1][0].start if index + 1 < len(groups) else clause_end
        after = [q for q in quantities if group[-1].end <= q.start < window_end]
        if len(group) == 1:
            floor = groups[index - 1][-1].end if index else clause_start
            found = (
                _after_single(text, group[0], after, catalog)
                or _before_single(text, group[0], quantities, floor, catalog)
                or _modifier_before(text, group[0], quantities, floor, catalog)
            )
            if found:
                pairings.append(found)
            dated = dated_base(text, group[0], after, catalog)
            if dated:
                pairings.append(dated)
        else:
            pairings.extend(_enumeration(text, group, after, catalog))
    return pairings


def _groups(text: str, mentions: list[IndicatorMention]) -> list[list[IndicatorMention]]:
    groups: list[list[IndicatorMention]] = []
    for mention in mentions:
        if groups and _ENUM_JOIN.match(text[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def _levels(text: str, start: int, quantities: list[Quantity]) -> list[Quantity]:
    """Quantities after `start` that state a level: bases and yardsticks skipped, stops at a
    change."""
    levels = []
    previous_end = start
    for quantity in quantities:
        lead = text[previous_end : quantity.start]
        previous_end = quantity.end
        if len(lead) > _MAX_LEAD:
            break
        if (
            classify.is_base(lead)
            or classify.is_yardstick(lead)
            or classify.is_yardstick_after(text, quantity.end)
        ):
            continue
        if classify.is_change(lead) or quantity.unit in ("个百分点", "百分点"):
            break
        levels.append(quantity)
    return levels


def _after_single(
    text: str, mention: IndicatorMention, after: list[Quantity], catalog: Catalog
) -> Pairing | None:
    levels = _levels(text, mention.end, after)
    if not levels:
        return None
    if (
        len(mention.surface) <= _SHORT_PHRASE
        and catalog[mention.code].value_type == "count"
        and not _SHORT_PHRASE_LEAD.fullmatch(text, mention.end, levels[0].start)
    ):
        return None
    return pair(mention, levels[0], catalog, how="after")


def _before_single(
    text: str,
    mention: IndicatorMention,
    quantities: list[Quantity],
    floor: int,
    catalog: Catalog,
) -> Pairing | None:
    indicator = catalog[mention.code]
    if indicator.value_type != "count":
        return None
    quantity = _figure_before(mention, quantities, floor)
    if quantity is None:
        return None
    introduced = _BUILD_VERB.search(text, floor, quantity.start) or (
        not text[quantity.end : mention.start].strip()
        and _PLACE_ONLY_LEAD.fullmatch(text, floor, quantity.start)
    )
    if not (introduced or _PREDICATE_PHRASE.match(mention.surface)):
        return None
    return pair(mention, quantity, catalog, value_before=True, how="before")


def link_value(
    text: str, mention: IndicatorMention, quantities: list[Quantity], start: int, catalog: Catalog
) -> Pairing | None:
    """The level stated from `start` on for a phrase written in an earlier clause ("签约率稳步
    提升,达到66%"): what lies between the phrase and `start` does not qualify the figure."""
    levels = _levels(text, start, [q for q in quantities if q.start >= start])
    if not levels:
        return None
    return pair(mention, levels[0], catalog, how="next_clause")


def _modifier_before(
    text: str,
    mention: IndicatorMention,
    quantities: list[Quantity],
    floor: int,
    catalog: Catalog,
) -> Pairing | None:
    """ "以63.5%的签约率位居全市第一": the figure qualifies the phrase it stands right before."""
    quantity = _figure_before(mention, quantities, floor)
    if quantity is None or text[quantity.end : mention.start].strip() != "的":
        return None
    if classify.is_change(text[max(floor, quantity.start - _CHANGE_LOOKBACK) : quantity.start]):
        return None
    return pair(mention, quantity, catalog, value_before=True, how="modifier")


def _figure_before(
    mention: IndicatorMention, quantities: list[Quantity], floor: int
) -> Quantity | None:
    """The last figure between `floor` and the phrase."""
    before = [q for q in quantities if floor <= q.start and q.end <= mention.start]
    return before[-1] if before else None


def pair(
    mention: IndicatorMention, quantity: Quantity, catalog: Catalog, **flags
) -> Pairing | None:
    """The pairing of a phrase and its figure, or None when the figure's unit cannot be the
    indicator's."""
    value = to_catalog_unit(quantity, catalog[mention.code])
    return Pairing(mention, quantity, value, **flags) if value is not None else None


def dated_base(
    text: str, mention: IndicatorMention, after: list[Quantity], catalog: Catalog
) -> Pairing | None:
    """ "由2021年的84.6%提高到91.3%": the starting figure is that earlier year's level.

    `after` are the quantities following the phrase; only the first one can be such a base.
    """
    after = [q for q in after if q.start >= mention.end]
    if not after:
        return None
    quantity = after[0]
    lead = text[mention.end : quantity.start]
    year = base_year(lead)
    if len(lead) > _MAX_LEAD or year is None or not classify.is_base(lead):
        return None
    return pair(mention, quantity, catalog, year=year, how="dated_base")


def _enumeration(
    text: str, group: list[IndicatorMention], after: list[Quantity], catalog: Catalog
) -> list[Pairing]:
    levels = _levels(text, group[-1].end, after)
    if not levels:
        return []
    how = "enumeration"
    if len(levels) == 1 and _SAME_VALUE_FOR_ALL.search(text, group[-1].end, levels[0].start):
        chosen = [levels[0]] * len(group)
        how = "same_for_all"
    else:
        chosen = _listed(text, levels)
        if len(chosen) != len(group):
            return []
    pairings = []
    for mention, quantity in zip(group, chosen, strict=True):
        pairing = pair(mention, quantity, catalog, enumerated=True, how=how)
        if pairing is not None:
            pairings.append(pairing)
    return pairings


def _listed(text: str, levels: list[Quantity]) -> list[Quantity]:
    """The run of quantities joined by 、/和 starting at the first one."""
    run = [levels[0]]
    for quantity in levels[1:]:
        if not _ENUM_JOIN.match(text[run[-1].end : quantity.start]):
            break
        run.append(quantity)
    return run
