"""Pairing: the phrases and figures of one sentence → the (phrase, figure) pairs to read.

In: a `Document` and a `SentenceContext`. Out: (clause span, `Pairing`) pairs, each with the
pattern that made it: the linking patterns of `ingest.link` per clause (phrase then figure,
enumerations, a count before its phrase), places listed right before 分别 taking the figures after
it in order, a list of places with figures after the phrase ("临泉县90.5%、太和县91.2%",
"无锡市(79.96岁)、常州市(79.87岁)"), the value stated in the next clause ("…稳步提升,达到36.1%"), a
series of years ("…为9.77%,2021年为19.32%"), a dated base in the next clause; then loose pairs the
patterns did not make (the nearest phrase before a figure whose unit fits, the one right after
it), and readings of a rate for the population its sentence names ("常住人口和重点人群签约率分别
为…", "其中重点人群…,签约率…"). Refuses: pairs whose figure's unit cannot be the indicator's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ingest import classify
from ingest.context import Document, SentenceContext, clause_of, span_of
from ingest.indicators import POPULATION_WORDS, POPULATIONS
from ingest.link import Pairing, dated_base, link_clause, link_value, pair
from ingest.records import IndicatorMention, Quantity, RegionMention, Span
from ingest.years import base_year

# A clause that only states a value ("达到66%") for the phrase ending the clause before it.
VALUE_CLAUSE = re.compile(
    r"\s*(?:已|均|已经|分别)?(?:达到|达|为|是|提高到|提高至|提升到|提升至|增至|升至|降至|稳定在|保持在|"
    r"占比|占)"  # "具有执业(助理)医师资格的398人,占比36.6%"
)
# "2020年我市的健康素养水平为9.77%,2021年为19.32%": the next year's value of the same phrase.
_YEAR_VALUE_CLAUSE = re.compile(
    r"\s*(?:19|20)\d{2}\s*年(?:底|末)?\s*(?:已|则)?(?:达到|达|为|是|升至|降至)"
)
# "A、B分别为X和Y": places listed with these between them, figures taken in the same order.
_RESPECTIVELY = re.compile(r"分别")
_LIST_GLUE = re.compile(r"\s*(?:、|,|，|和|及|与|以及)\s*")
# Between a place and its figure in a list of places ("临泉县90.5%", "太和县为65.8%",
# "无锡市(79.96岁)").
_PLACE_VALUE = re.compile(r"\s*(?:为|是|达|达到|:|：|\()?\s*")
_LABEL_SLACK = 2  # "指标：" — at most the colon and a space between a label and its value
_SUBJECT_SLACK = 2  # a sentence's subject place stands at (or right after) a clause start
# A loose pair reaches this far from the phrase to the figure (after it) or back (before it).
_LOOSE_REACH = 60
_LOOSE_BACK = 12


def linked_pairings(
    doc: Document,
    parts: tuple[Span, ...],
    mentions: list[IndicatorMention],
    quantities: list[Quantity],
) -> list[tuple[Span, Pairing]]:
    """Indicator/figure pairs of a sentence by the linking patterns, each with its clause span.

    The phrase ending a clause reaches into the next clause when that clause has no phrase of its
    own: for one figure per place when the clause lists places with figures ("分别为:临泉县90.5%、
    太和县91.2%", "…签约率达72.3%,太和县为65.8%"); for the value, when the phrase has no figure
    yet or only a bound ("居民健康素养水平：36.12%", "签约率稳步提升，达到66%"); for a dated
    comparison base ("达到4.1个，比2022年的3.5个有明显提升").
    """
    text = doc.text
    found = _respective_figures(doc, parts, mentions, quantities)
    taken = {pairing.quantity.start for _, pairing in found}
    quantities = [q for q in quantities if q.start not in taken]
    # (last phrase, its clause, still open for a value)
    previous: tuple[IndicatorMention, Span, bool] | None = None
    # A list of places with figures may also come clauses after its phrase ("…预期寿命…,…提高:
    # 无锡市(79.96岁)、常州市(79.87岁)").
    last_seen: IndicatorMention | None = None
    for clause in parts:
        clause_mentions = [m for m in mentions if clause.start <= m.start < clause.end]
        clause_quantities = [q for q in quantities if clause.start <= q.start < clause.end]
        lender = previous[0] if previous is not None else last_seen
        listed = (
            _place_figures(doc, clause, clause_quantities)
            if lender is not None and not clause_mentions
            else []
        )
        if clause_mentions:
            last_seen = clause_mentions[-1]
        if lender is not None and listed:
            for place, quantity in listed:
                pairing = pair(
                    lender,
                    quantity,
                    doc.catalog,
                    enumerated=len(listed) > 1,
                    place=place.code,
                    how="place_list" if previous is not None else "place_list_far",
                )
                if pairing is not None:
                    found.append((Span(place.start, quantity.end), pairing))
            continue  # a run of such clauses goes on listing places ("…,太和县为65.8%,…")
        if not clause_mentions and previous is not None:
            mention, home, open_for_value = previous
            # The phrase's own clause still says whose figure it is ("临泉县签约人数最多,达…").
            span = Span(home.start, clause.end)
            if _YEAR_VALUE_CLAUSE.match(text, clause.start, clause.end):
                value = link_value(text, mention, clause_quantities, clause.start, doc.catalog)
                paired = [replace(value, how="next_year_clause")] if value else []
                found.extend((span, pairing) for pairing in paired)
                continue  # a series goes on ("…,2022年为…")
            if open_for_value and _states_value(text, mention, clause):
                value = link_value(text, mention, clause_quantities, clause.start, doc.catalog)
                paired = [value] if value else []
            else:
                dated = dated_base(text, mention, clause_quantities, doc.catalog)
                paired = [dated] if dated else []
            found.extend((span, pairing) for pairing in paired)
            previous = None
            continue
        previous = None
        if not clause_mentions:
            continue
        paired = link_clause(
            text, clause.start, clause.end, clause_mentions, clause_quantities, doc.catalog
        )
        found.extend((clause, pairing) for pairing in paired)
        last = clause_mentions[-1]
        own = [p for p in paired if p.mention == last and p.year is None]
        previous = (last, clause, all(p.quantity.qualifier != "eq" for p in own))
    return found


def _respective_figures(
    doc: Document,
    parts: tuple[Span, ...],
    mentions: list[IndicatorMention],
    quantities: list[Quantity],
) -> list[tuple[Span, Pairing]]:
    """Places listed right before 分别 take the figures after it in its clause, one each and in
    order, for the phrase named last before those figures. Nothing unless the counts agree, every
    place is resolved, and the figures are levels, not changes."""
    text = doc.text
    found: list[tuple[Span, Pairing]] = []
    for match in _RESPECTIVELY.finditer(text, parts[0].start, parts[-1].end):
        clause = next(c for c in parts if c.start <= match.start() < c.end)
        figures = [q for q in quantities if match.end() <= q.start < clause.end]
        if len(figures) < 2 or classify.is_change(text[match.end() : figures[0].start]):
            continue
        phrase = [m for m in mentions if parts[0].start <= m.start and m.end <= figures[0].start]
        places = _listed_places(doc, parts[0].start, match.start())
        if not phrase or len(places) != len(figures) or any(p.code is None for p in places):
            continue
        mention = phrase[-1]
        for place, quantity in zip(places, figures, strict=True):
            pairing = pair(
                mention, quantity, doc.catalog, enumerated=True, place=place.code, how="respective"
            )
            if pairing is not None:
                found.append((clause, pairing))
    return found


def _listed_places(doc: Document, start: int, end: int) -> list[RegionMention]:
    """The run of places written last in text[start:end], joined only by 、/和/及 (a phrase may
    stand between the run and 分别: "苏州市和南京市人口平均预期寿命…分别达…")."""
    places = [p for p in doc.places.inside(start, end) if not p.is_scope]
    run: list[RegionMention] = []
    for place in reversed(places):
        if run and not _LIST_GLUE.fullmatch(doc.text, place.end, run[0].start):
            break
        run.insert(0, place)
    return run if len(run) >= 2 else []


def _place_figures(
    doc: Document, clause: Span, quantities: list[Quantity]
) -> list[tuple[RegionMention, Quantity]]:
    """ "临泉县90.5%、太和县91.2%" or "太和县为65.8%" after a clause that named the indicator: each
    figure is the indicator's value for the place written right before it. Empty unless every
    figure of the clause has its own place."""
    text = doc.text
    places = doc.places.inside(clause.start, clause.end)
    pairs: list[tuple[RegionMention, Quantity]] = []
    cursor = clause.start
    for quantity in quantities:
        before = [p for p in places if cursor <= p.start and p.end <= quantity.start]
        if not before or not _PLACE_VALUE.fullmatch(text, before[-1].end, quantity.start):
            return []
        owner = before[-1]
        other = owner.start - cursor - sum(p.end - p.start for p in before[:-1])
        if other > _SUBJECT_SLACK + 2:
            return []
        pairs.append((owner, quantity))
        cursor = quantity.end + (1 if text[quantity.end : quantity.end + 1] == ")" else 0)
    return pairs


def _states_value(text: str, mention: IndicatorMention, clause: Span) -> bool:
    separator = text[mention.end : clause.start].strip()
    if separator.endswith((":", "：")) and len(separator) <= _LABEL_SLACK:
        return True
    return bool(VALUE_CLAUSE.match(text, clause.start, clause.end))


def loose_pairings(
    doc: Document, shared: SentenceContext, linked: list[tuple[Span, Pairing]]
) -> list[tuple[Span, Pairing]]:
    """Pairs no pattern made: each figure with the nearest phrase before it whose unit fits (and
    with the one right after it in its clause), so that a figure the patterns miss still has a
    reading for the scorer to weigh."""
    taken = {(p.mention.start, p.quantity.start) for _, p in linked}
    found: list[tuple[Span, Pairing]] = []
    mentions, parts = shared.mentions, shared.parts
    ends = [m.end for m in mentions]  # phrases do not overlap: ends rise with starts
    for quantity in shared.quantities:
        for mention in reversed(mentions[: bisect_right(ends, quantity.start)]):
            if quantity.start - mention.end > _LOOSE_REACH:
                break
            # A base with its own year ("较2017年(76.90岁)", or the first year of the range the
            # sentence opens with: "2020年至2024年,…由29.38%下降至27.38%") compares the
            # sentence's indicator.
            lead = doc.text[max(shared.sentence.start, quantity.start - 20) : quantity.start]
            year = _base_year_of(doc.text, shared, quantity, lead)
            how = "loose_dated_base" if year else "loose"
            pairing = pair(mention, quantity, doc.catalog, how=how, year=year)
            if pairing is None:
                continue
            if (mention.start, quantity.start) not in taken:
                found.append((span_of(parts, mention.start, quantity.end), pairing))
            break
        home = clause_of(parts, quantity.start)
        for mention in (m for m in mentions if m.start >= quantity.end):
            if mention.start - quantity.end > _LOOSE_BACK or mention.start >= home.end:
                break
            pairing = pair(mention, quantity, doc.catalog, value_before=True, how="loose_before")
            if pairing is None:
                continue
            if (mention.start, quantity.start) not in taken:
                found.append((home, pairing))
            break
    return found


def _base_year_of(text: str, shared: SentenceContext, quantity: Quantity, lead: str) -> int | None:
    if not classify.is_base(lead):
        return None
    ranges = [y for y in shared.years if y.kind == "range" and y.start < quantity.start]
    return base_year(lead) or (ranges[-1].year if ranges else None)


def population_readings(
    doc: Document, shared: SentenceContext, linked: list[tuple[Span, Pairing]]
) -> list[tuple[Span, Pairing]]:
    """Readings of a rate for the population its sentence names: "常住人口和重点人群签约率分别为
    38.82%、76.06%" (one population per figure, in order), "其中重点人群147.1万人,签约率62.3%" (the
    population named last before the bare phrase)."""
    text = doc.text
    found: list[tuple[Span, Pairing]] = []
    for clause, pairing in linked:
        mention = pairing.mention
        populations = POPULATIONS.get(mention.code)
        if not populations:
            continue
        listed = _population_list(text, shared, mention)
        if listed:
            figures = [
                q
                for q in shared.quantities
                if q.start > mention.end and _RESPECTIVELY.search(text, mention.end, q.start)
            ][: len(listed)]
            if len(figures) == len(listed) and pairing.quantity in figures:
                word = listed[figures.index(pairing.quantity)]
                found.append(_with_code(clause, pairing, populations[word], doc, "population_list"))
                continue
        family = [m for m in shared.mentions if m.code in populations and m.end <= mention.start]
        floor = family[-1].end if family else shared.sentence.start
        words = list(POPULATION_WORDS.finditer(text, floor, mention.start))
        if words and not POPULATION_WORDS.search(mention.surface):
            code = populations[words[-1].group()]
            if code != mention.code:
                found.append(_with_code(clause, pairing, code, doc, "population_context"))
    return [item for item in found if item is not None]


def _population_list(text: str, shared: SentenceContext, mention: IndicatorMention) -> list[str]:
    """ "常住人口和重点人群…签约率": the populations listed right before (and opening) the phrase."""
    lead = text[max(shared.sentence.start, mention.start - 16) : mention.end]
    words = list(POPULATION_WORDS.finditer(lead))
    if len(words) < 2:
        return []
    run = [words[-1]]
    for word in reversed(words[:-1]):
        if not _LIST_GLUE.fullmatch(lead, word.end(), run[0].start()):
            break
        run.insert(0, word)
    return [w.group() for w in run] if len(run) >= 2 else []


def _with_code(
    clause: Span, pairing: Pairing, code: str, doc: Document, how: str
) -> tuple[Span, Pairing] | None:
    mention = pairing.mention
    variant = IndicatorMention(mention.start, mention.end, code, mention.surface)
    paired = pair(variant, pairing.quantity, doc.catalog, how=how)
    return (clause, paired) if paired else None
