"""Candidates: a report's sentences and tables → every reading of a figure the text allows.

In: a `Document` (the normalised text with its catalog, regions, places, years and plan context),
its sentences, the catalog's phrase mentions and the tables. Out: `Candidate`s. Each pairs an
indicator phrase with a figure, either by one of the linking patterns of `ingest.link` (phrase
then figure, enumerations, "分别" lists, a place list after the phrase, the value in the next
clause, a dated base) or loosely (the nearest phrase before the figure whose unit fits, or the
one right after it), and offers each place and each year the text supports for that pair as a
candidate of its own. What the text says about the reading is written down as named features:
how the pair was linked and what stands between phrase and figure; cue words (plan or target,
change, base of comparison, average, part of the year, sub-population, one facility, an event's
count, a survey sample, a total over years, a group of places, additions); which places could own
the figure and why (named in its clause, the sentence's subject, a national word, the report's own
region); which years could date it and why (written with the figure, in its clause or sentence,
the paragraph's or the section's, the report's, the publication date's); where it stands
(headline, table).
Refuses: nothing is judged here — the scorer weighs the features. A figure whose unit cannot be the
indicator's is no candidate; nor is a reading without any place or year.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from ingest import classify
from ingest.indicators import POPULATION_WORDS, POPULATIONS, Catalog
from ingest.link import Pairing, dated_base, link_clause, link_value, pair
from ingest.records import (
    Candidate,
    IndicatorMention,
    Quantity,
    RegionMention,
    Sentence,
    Span,
    YearMention,
)
from ingest.regions import DocumentRegions, RegionIndex
from ingest.segment import clauses, heading_level
from ingest.tables import Table, TableFigure
from ingest.values import find_quantities
from ingest.years import (
    attached_year,
    base_year,
    current_year,
    figure_year,
    find_years,
    heading_year,
    leading_year,
    resolve_relative,
)

# A clause that only states a value ("达到66%") for the phrase ending the clause before it.
_VALUE_CLAUSE = re.compile(
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
_YARDSTICK_BEFORE = re.compile(r"(?:比|较|与|同|高于|低于|超过|优于|好于|不及|对比)$")
_COMPARATIVE = re.compile(r"(?:在|居|于|比|较|与|同|高于|低于|超过|领先|位居|位列|列)$")
# A loose pair reaches this far from the phrase to the figure (after it) or back (before it).
_LOOSE_REACH = 60
_LOOSE_BACK = 12
# The verb or colon right before a figure that states a level ("达到", "为", "提高到", "：").
_LEVEL_LEAD = re.compile(
    r"(?:达到|达|为|是|有|至|到|突破|超过|超|增至|升至|降至|提高到|提升到|稳定在|保持在|共|共计|累计|:|：)"
    r"\s*(?:了)?\s*(?:约|近|超过|超)?\s*$"
)
_GAP_BINS = ((0, "0"), (2, "1-2"), (6, "3-6"), (15, "7-15"), (40, "16-40"))
_CLAUSE_BREAK = re.compile(r"[，,：:]")
# Features that make a candidate a target: the scorer then weighs only how right the reading is.
PLAN = "plan:"
_PLAN_CUES = frozenset({"strong", "strong_clause", "weak", "task"})
# A sentence naming no place may continue the subject of one of the few sentences before it.
_SUBJECT_REACH = 3
_FRAGMENT_CHARS = 30
# After a place: the name of a newspaper or site, or a dateline — where the report comes from.
_DATELINE = re.compile(
    r"(?:商报|日报|晚报|晨报|新闻|融媒|电视|广播|发布|网|讯|\d{1,2}月\d{1,2}日(?:电|讯))"
)
# Before the subject: when ("截至目前全市…", "2024年,全县…", "今年以来全区…").
_LEADING_TIME = re.compile(
    r"\s*(?:截至|截止到?|到|至)?\s*(?:目前|当前|今年以来|今年|去年|年初以来|(?:19|20)\d{2}\s*年(?:底|末|以来)?|"
    r"\d{1,2}\s*月(?:底|末|份)?)+\s*"
)
_OPENING_CHARS = 12
# Whose figure a national word makes it: 全国, 我国, 中国居民 …
_NATIONAL = re.compile(r"全国|我国|(?<![驻])中国(?=居民|人均|人口|城乡|城市居民|农村居民|的|$)")


@dataclass
class Document:
    text: str
    catalog: Catalog
    regions: RegionIndex
    places: DocumentRegions
    report_year: int | None
    reference_year: int | None
    published: date | None = None
    report_year_source: str | None = None  # title / text / relative / published
    plan_year: int | None = None  # the year a plan document (by its title) sets targets for
    header_end: int = 0

    @property
    def current_year(self) -> int | None:
        return current_year(self.report_year, self.report_year_source, self.published)


class _Sections:
    """The open section headings: what year they name and whether they announce plans."""

    def __init__(self) -> None:
        self._open: list[tuple[int, int | None, bool]] = []

    def enter(self, level: int, year: int | None, plan: bool) -> None:
        self._open = [entry for entry in self._open if entry[0] < level]
        self._open.append((level, year, plan))

    @property
    def year(self) -> int | None:
        return next((year for _, year, _ in reversed(self._open) if year is not None), None)

    @property
    def plan(self) -> bool:
        return any(plan for _, _, plan in self._open)

    @property
    def plan_year(self) -> int | None:
        return next((year for _, year, plan in reversed(self._open) if plan and year), None)


# Year sources that date a figure in its own words: in a plan, such a year before the plan's is a
# review of what was achieved ("2024年,全市…县域内就诊率达到93.1%" in a 2025 工作要点).
_STATED_YEAR = ("explicit", "paragraph", "relative", "range", "base", "attached")


def _planned(doc: Document, sections: _Sections, year: int, stated: bool) -> bool:
    """True when a plan section or a plan document holds the figure and does not date it earlier."""
    if not (sections.plan or doc.plan_year is not None):
        return False
    plan_year = sections.plan_year or doc.plan_year or doc.report_year
    return not (stated and plan_year is not None and year < plan_year)


@dataclass
class _Sentence:
    """What the candidates of one sentence share."""

    sentence: Sentence
    parts: tuple[Span, ...]
    mentions: list[IndicatorMention]
    quantities: list[Quantity]
    years: list[YearMention]
    paragraph_year: int | None
    sections: _Sections
    previous_subject: str | None = None  # the place an earlier sentence nearby opened with
    line_subject: str | None = None  # the place the short line right before opened with


def generate(
    doc: Document,
    sentences: list[Sentence],
    mentions: list[IndicatorMention],
    tables: list[Table],
) -> list[Candidate]:
    text = doc.text
    starts = [m.start for m in mentions]
    # Table lines are read by the table stage only: as prose a row would pair its label with the
    # first figure in the wrong unit and with no year of its own.
    rows = [(line, table) for table in tables for line in table.lines]
    row_starts = [line.start for line, _ in rows]
    by_row: dict[int, list[TableFigure]] = {}
    for table in tables:
        for figure in table.figures:
            by_row.setdefault(figure.row.start, []).append(figure)
    paragraph_years: dict[int, int] = {}
    sections = _Sections()
    found: list[Candidate] = []
    openings: dict[int, str | None] = {}  # sentence number → the place it opens with

    def line_subject(number: int) -> str | None:
        """The place the line right before opened with, when that line is a short fragment of
        its own (reposts break a paragraph into lines: "全市共有托育机构772家\n共有托位3.4万个")."""
        if number == 0 or sentences[number - 1].boilerplate:
            return None
        previous = sentences[number - 1]
        if previous.end - previous.start > _FRAGMENT_CHARS:
            return None
        if previous.paragraph == sentences[number].paragraph:
            return None
        if number - 1 not in openings:
            openings[number - 1] = _opening_place(doc, previous)
        return openings[number - 1]

    def previous_subject(number: int) -> str | None:
        for earlier in range(number - 1, max(-1, number - 1 - _SUBJECT_REACH), -1):
            if sentences[earlier].boilerplate:
                continue
            if earlier not in openings:
                openings[earlier] = _opening_place(doc, sentences[earlier])
            if openings[earlier]:
                return openings[earlier]
        return None

    for number, sentence in enumerate(sentences):
        if sentence.boilerplate:
            continue
        index = bisect_left(row_starts, sentence.start + 1) - 1
        if index >= 0 and sentence.start < rows[index][0].end:
            line, table = rows[index]
            for figure in by_row.pop(line.start, ()):
                found.extend(_table_candidates(doc, table, figure, sections))
            continue
        level = heading_level(text, sentence)
        if level is not None:
            sections.enter(
                level,
                heading_year(text, sentence.start, sentence.end, doc.reference_year),
                classify.is_plan_heading(sentence.text),
            )
        own = mentions[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        topic = leading_year(text, sentence.start, sentence.end)
        if topic:
            paragraph_years[sentence.paragraph] = topic
        if not own:
            continue
        quantities = find_quantities(text, sentence.start, sentence.end)
        if not quantities:
            continue
        shared = _Sentence(
            sentence,
            clauses(sentence),
            own,
            quantities,
            find_years(text, sentence.start, sentence.end),
            paragraph_years.get(sentence.paragraph, sections.year),
            sections,
            previous_subject(number),
            line_subject(number),
        )
        pairings = _pairings(doc, shared.parts, own, quantities)
        pairings += _loose_pairings(doc, shared, pairings)
        readings = _population_readings(doc, shared, pairings)
        # Once its population says which rate a figure is, the phrase's own reading is doubtful.
        overruled = {(p.mention.start, p.quantity.start) for _, p in readings}
        for clause, pairing in pairings + readings:
            found.extend(_candidates(doc, shared, clause, pairing, overruled))
    return found


# --- pairing a phrase with a figure -------------------------------------------------------------
def _pairings(
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
    return bool(_VALUE_CLAUSE.match(text, clause.start, clause.end))


def _loose_pairings(
    doc: Document, shared: _Sentence, linked: list[tuple[Span, Pairing]]
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
                found.append((_span_of(parts, mention.start, quantity.end), pairing))
            break
        home = _clause_of(parts, quantity.start)
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


def _base_year_of(text: str, shared: _Sentence, quantity: Quantity, lead: str) -> int | None:
    if not classify.is_base(lead):
        return None
    ranges = [y for y in shared.years if y.kind == "range" and y.start < quantity.start]
    return base_year(lead) or (ranges[-1].year if ranges else None)


def _population_readings(
    doc: Document, shared: _Sentence, linked: list[tuple[Span, Pairing]]
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


def _population_list(text: str, shared: _Sentence, mention: IndicatorMention) -> list[str]:
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


def clause_start_of(parts: tuple[Span, ...], position: int) -> int:
    return _clause_of(parts, position).start


def _clause_of(parts: tuple[Span, ...], position: int) -> Span:
    index = bisect_right(_starts_of(parts), position) - 1
    if index >= 0 and position < parts[index].end:
        return parts[index]
    return parts[-1]


@lru_cache(maxsize=64)
def _starts_of(parts: tuple[Span, ...]) -> list[int]:
    return [part.start for part in parts]


def _span_of(parts: tuple[Span, ...], start: int, end: int) -> Span:
    return Span(_clause_of(parts, start).start, _clause_of(parts, max(start, end - 1)).end)


# --- the evidence for one pair ------------------------------------------------------------------
def _candidates(
    doc: Document,
    shared: _Sentence,
    clause: Span,
    pairing: Pairing,
    overruled: set[tuple[int, int]] = frozenset(),
) -> list[Candidate]:
    text = doc.text
    sentence = shared.sentence
    mention, quantity = pairing.mention, pairing.quantity
    indicator = doc.catalog[mention.code]
    # A phrase written before the clause (a list of places after it) leaves the figure as anchor.
    anchor = min(mention.start, quantity.start) if mention.start >= clause.start else quantity.start
    features = {f"pair:{pairing.how}", f"type:{indicator.value_type}", f"qual:{quantity.qualifier}"}
    if (mention.start, quantity.start) in overruled and not pairing.how.startswith("population"):
        features.add("x:population_says_otherwise")
    features |= _link_features(text, shared, mention, quantity)
    features |= _cue_features(doc, shared, clause, mention, quantity, anchor, indicator.theme)
    if indicator.value_type == "money" and not classify.mentions_theme(
        text, sentence.start, sentence.end, indicator.theme
    ):
        features.add("cue:money_off_theme")
    if sentence.start < doc.header_end:
        features.add("pos:header")
    targeted = classify.target_cues(
        text, sentence.start, clause.start, quantity.start, (mention.start, mention.end)
    )
    if classify.is_quoted_task(text, sentence.start, quantity.start, sentence.end):
        targeted.add("task")
    # Plan cues decide the kind; weaker hints only inform the score. A target the figure is said
    # to have met ("达到81.86岁,提前完成…的目标") does not make the figure one.
    plans = targeted & _PLAN_CUES
    if "achieved_after" in targeted:
        plans -= {"weak"}
    planned_here = bool(plans)
    features |= {f"plan:{cue}" for cue in plans if planned_here}
    features |= {f"cue:{cue}" for cue in targeted - _PLAN_CUES}
    places = _region_options(doc, shared, clause, anchor, pairing)
    years = _year_options(doc, shared, clause, pairing)
    found = []
    for code, place_features in places.items():
        for year, year_features in years.items():
            stated = bool(year_features & _STATED_YEAR_FEATURES)
            extra = set(_relation_features(doc, code, year))
            if _planned(doc, shared.sections, year, stated):
                extra.add("plan:section")
            if doc.published is not None and year > doc.published.year:
                extra.add("plan:future_year")
            if "year:rule_deadline" in year_features:
                extra.add("plan:deadline")
            every = features | place_features | year_features | extra
            every |= _conjunctions(every)
            kind = "target" if any(f.startswith(PLAN) for f in every) else "actual"
            found.append(
                Candidate(
                    indicator_code=indicator.code,
                    region_code=code,
                    year=year,
                    value=pairing.value,
                    unit=indicator.unit,
                    qualifier=quantity.qualifier,
                    kind=kind,
                    span=(sentence.start, sentence.end),
                    figure=(quantity.start, quantity.end),
                    phrase=(mention.start, mention.end),
                    features=frozenset(every),
                )
            )
    return found


# Year reasons that date a figure in the text's own words (not the report's or page's date).
_STATED_YEAR_FEATURES = frozenset(
    f"year:{source}"
    for source in (
        *(f"rule_{kind}" for kind in (*_STATED_YEAR, "current")),
        "attached",
        "sentence_before",
        "clause_after",
        "range_start",
        "range_end",
        "relative",
        "paragraph",
    )
)


def _conjunctions(features: set[str]) -> set[str]:
    """Evidence that means something only together (the scorer adds, it does not multiply)."""
    found = set()
    stated = bool(features & _STATED_YEAR_FEATURES)
    if "yr:no_publication_date" in features and features & {"year:rule_relative", "year:relative"}:
        found.add("x:relative_year_undated_page")
    if "lead:base" in features:
        dated = features & {"year:attached", "year:base", "year:range_start"}
        found.add("x:dated_base" if dated else "x:undated_base")
    if "pos:header" in features and not stated:
        found.add("x:headline_unstated_year")
    if not stated:
        found.add("x:year_unstated")
    if "yr:after_report" in features:
        found.add("x:stated_after_report" if stated else "x:unstated_after_report")
    if features & {"pair:loose", "pair:loose_before"} and "gap:figures_2+" in features:
        found.add("x:loose_far")
    return found


def _gap_bin(gap: int) -> str:
    for limit, name in _GAP_BINS:
        if gap <= limit:
            return name
    return "41+"


def _link_features(
    text: str, shared: _Sentence, mention: IndicatorMention, quantity: Quantity
) -> set[str]:
    after = mention.end <= quantity.start
    start, end = (mention.end, quantity.start) if after else (quantity.end, mention.start)
    between = text[start:end]
    features = {
        f"gap:{_gap_bin(max(0, end - start))}",
        "gap:figure_first" if not after else "gap:phrase_first",
    }
    breaks = len(_CLAUSE_BREAK.findall(between))
    if breaks:
        features.add("gap:breaks_1" if breaks == 1 else "gap:breaks_2+")
    if "(" in between:
        features.add("gap:paren")
    if "其中" in between:
        features.add("gap:qizhong")
    figures = sum(1 for q in shared.quantities if start <= q.start and q.end <= end)
    if figures:
        features.add("gap:figures_1" if figures == 1 else "gap:figures_2+")
    if any(start <= m.start and m.end <= end for m in shared.mentions):
        features.add("gap:phrases")
    # What is written right before the figure, inside its own clause.
    floor = max(shared.sentence.start, clause_start_of(shared.parts, quantity.start))
    lead = text[max(floor, quantity.start - 8) : quantity.start]
    if _LEVEL_LEAD.search(lead):
        features.add("lead:level_verb")
    if classify.is_change(text[max(floor, quantity.start - 6) : quantity.start]):
        features.add("lead:change")
    if classify.is_base(text[max(floor, quantity.start - 14) : quantity.start]):
        features.add("lead:base")
    if classify.is_yardstick(lead) or classify.is_yardstick_after(text, quantity.end):
        features.add("lead:yardstick")
    if quantity.unit in ("个百分点", "百分点"):
        features.add("unit:points")
    if quantity.amount == 0:
        features.add("value:zero")
    if not quantity.unit:
        features.add("unit:bare")
    surface = len(mention.surface)
    features.add(
        "phrase:short" if surface <= 2 else "phrase:mid" if surface <= 4 else "phrase:long"
    )
    return features


def _cue_features(
    doc: Document,
    shared: _Sentence,
    clause: Span,
    mention: IndicatorMention,
    quantity: Quantity,
    anchor: int,
    theme: str,
) -> set[str]:
    text = doc.text
    sentence, parts = shared.sentence, shared.parts
    features = set()
    named = tuple((p.start, p.end) for p in doc.places.inside(clause.start, anchor))
    if classify.is_sub_population(text, clause.start, anchor, named):
        features.add("cue:sub_population")
    own = _clause_of(parts, quantity.start)
    if mention.end <= quantity.start and classify.is_sub_population(
        text, max(mention.end, own.start), quantity.start
    ):
        features.add("cue:sub_population_between")
    if classify.is_single_facility(text, clause.start, anchor):
        features.add("cue:single_facility")
    if classify.is_sample(text, clause.start, anchor):
        features.add("cue:sample")
    if classify.is_multi_year_total(text, sentence.start, quantity.start) or (
        classify.is_cumulative(text, sentence.start, quantity.start)
        and any(y.kind in ("range", "since") and y.start < quantity.start for y in shared.years)
    ):
        # "近3年来累计…", "2021—2023年,全县累计…", "2021年以来,全县累计…": a total over years.
        features.add("cue:multi_year_total")
    if classify.is_cumulative(text, clause.start, quantity.start):
        features.add("cue:cumulative")
    home = next((i for i, part in enumerate(parts) if part.start <= quantity.start < part.end), 0)
    previous = (parts[home - 1].start, parts[home - 1].end) if home else None
    if classify.is_new_facility_capacity(text, previous, parts[home].start, parts[home].end):
        features.add("cue:new_facility")
    if classify.is_increment(text, clause.start, mention.start, mention.surface):
        features.add("cue:increment")
    if classify.is_part_year(text, sentence.start, quantity.start):
        features.add("cue:part_year")
    if classify.is_event_count(text, clause.start, quantity.start, mention.end):
        features.add("cue:event")
    if classify.is_group(text, sentence.start, quantity.start):
        features.add("cue:group")
    if classify.is_estimate(text, sentence.start, quantity.start):
        features.add("cue:estimate")
    if classify.is_quoted(text, sentence.start, quantity.start):
        features.add("cue:quoted")
    if classify.is_per_unit(text, clause.start, quantity.start, quantity.end):
        features.add("cue:per_unit_or_change")
    if parts[0] != clause and classify.facility_subject(text, parts[0].start, parts[0].end):
        features.add("cue:facility_subject")
    return features


# --- whose figure -------------------------------------------------------------------------------
def _region_options(
    doc: Document, shared: _Sentence, clause: Span, anchor: int, pairing: Pairing
) -> dict[str, set[str]]:
    """Each place that could own the figure, with the reasons it could."""
    options: dict[str, set[str]] = defaultdict(set)
    text, places = doc.text, doc.places
    sentence = shared.sentence
    if pairing.place:
        options[pairing.place].add("region:listed")
    else:
        rule = _named_before_value(doc, shared, pairing) or _region(
            doc, shared.parts, clause, anchor, shared.line_subject
        )
        if rule is not None:
            code, source = rule
            options[code].add(f"region:{source}")
    country = doc.regions.country_code
    national_clause = _NATIONAL.search(text, clause.start, anchor)
    national = national_clause or _NATIONAL.search(text, sentence.start, anchor)
    if country and national:
        options[country].add("region:national_clause" if national_clause else "region:national")
    nearest = [
        p
        for p in places.inside(sentence.start, pairing.quantity.start)
        if p.code and not p.is_scope and not _comparison_frame(doc, p)
    ]
    if nearest:
        options[nearest[-1].code].add("region:nearest")
        mention = pairing.mention
        if mention.end <= nearest[-1].start:
            # "人均预期寿命最长的是中国香港,为85.29岁": the place named after the phrase.
            options[nearest[-1].code].add("region:after_phrase")
    if places.main_code:
        options[places.main_code].add("region:main")
    if shared.previous_subject and not nearest:
        options[shared.previous_subject].add("region:previous_subject")
    cue = "cue:national_clause" if national_clause else "cue:national" if national else None
    if cue:
        for code, reasons in options.items():
            reasons.add(f"{cue}&{'country' if code == country else 'place'}")
    if not any(r.startswith(("region:rule", "region:listed")) for r in _flat(options)):
        for reasons in options.values():
            reasons.add("region:no_rule")
    return options


def _named_before_value(
    doc: Document, shared: _Sentence, pairing: Pairing
) -> tuple[str, str] | None:
    """ "人均预期寿命最长的是中国香港,为85.29岁": a clause that only states the value, after a clause
    ending with a place, gives the value to that place."""
    parts, text = shared.parts, doc.text
    own = _clause_of(parts, pairing.quantity.start)
    index = parts.index(own)
    if not index or pairing.mention.start >= own.start:
        return None
    if not _VALUE_CLAUSE.match(text, own.start, own.end):
        return None
    previous = parts[index - 1]
    ending = [
        p for p in doc.places.inside(previous.start, previous.end) if previous.end - p.end <= 1
    ]
    if not ending or ending[-1].code is None or ending[-1].is_scope:
        return None
    return ending[-1].code, "rule_clause"


def _opening_place(doc: Document, sentence: Sentence) -> str | None:
    """The place a sentence opens with ("全市共有托育机构772家", "南平市建阳区…"), if any."""
    named = doc.places.inside(sentence.start, min(sentence.end, sentence.start + _OPENING_CHARS))
    chain = _subject([m for m in named if not _comparison_frame(doc, m)], sentence, doc.text)
    return _named_region(doc.regions, chain) if chain else None


def _flat(options: dict) -> set[str]:
    return {reason for reasons in options.values() for reason in reasons}


def _relation_features(doc: Document, code: str, year: int) -> list[str]:
    regions = doc.regions
    main = doc.places.main_code
    level = regions.rows[code].level if code in regions.rows else "unknown"
    found = [f"level:{level}"]
    if main is None:
        found.append("rel:no_main")
    elif code == main:
        found.append("rel:main")
    elif code in regions.ancestors(main):
        found.append("rel:above_main")
    elif main in regions.ancestors(code):
        found.append("rel:below_main")
    else:
        found.append("rel:other")
    if doc.report_year_source:
        found.append(f"ry:{doc.report_year_source}")
    if doc.report_year is not None:
        found.append(
            "yr:report"
            if year == doc.report_year
            else "yr:before_report"
            if year < doc.report_year
            else "yr:after_report"
        )
    if doc.published is None:
        found.append("yr:no_publication_date")
    else:
        published = doc.published.year
        found.append(
            "yr:published"
            if year == published
            else "yr:published-1"
            if year == published - 1
            else "yr:before_published"
            if year < published
            else "yr:after_published"
        )
    return found


def _region(
    doc: Document,
    parts: tuple[Span, ...],
    clause: Span,
    anchor: int,
    line_subject: str | None = None,
) -> tuple[str, str] | None:
    """The place the rules give a figure: named in its clause, the sentence's subject, the place
    a short line right before opened with (when the sentence names none), the main."""
    places = doc.places
    named = [m for m in places.inside(clause.start, anchor) if not _comparison_frame(doc, m)]
    subject = _sentence_subject(doc, parts, clause)
    if named:
        last = named[-1]
        if last.is_scope and subject and _scope_fits(doc, last, subject[-1]):
            resolved = _named_region(doc.regions, subject)  # "南平市建阳区…, 全区…"
            return (resolved, "rule_subject") if resolved else None
        resolved = _named_region(doc.regions, named)
        if resolved is None:
            return None
        return resolved, "rule_scope" if last.is_scope else "rule_clause"
    if parts[0] != clause and classify.facility_subject(doc.text, parts[0].start, parts[0].end):
        return None  # the sentence is about one hospital; its figures are that hospital's
    if subject:
        resolved = _named_region(doc.regions, subject)
        return (resolved, "rule_subject") if resolved else None
    if line_subject and not places.inside(parts[0].start, anchor):
        return line_subject, "rule_subject"
    if places.main_code is None:
        return None
    return places.main_code, "rule_main"


def _sentence_subject(doc: Document, parts: tuple[Span, ...], clause: Span) -> list[RegionMention]:
    found: list[RegionMention] = []
    for earlier in reversed([c for c in parts if c.end <= clause.start]):
        # "高于宜昌市平均水平(58.9%),…": a place named as a yardstick is no subject of what follows.
        named = [
            m
            for m in doc.places.inside(earlier.start, earlier.end)
            if not _YARDSTICK_BEFORE.search(doc.text, max(earlier.start, m.start - 3), m.start)
        ]
        subject = _subject(named, earlier, doc.text)
        if not subject:
            continue
        if not found:
            found = subject
            if not subject[-1].is_scope:
                return subject
        elif not subject[-1].is_scope and _scope_fits(doc, found[-1], subject[-1]):
            # "遵义市…,全市托位数…,每千人口托位数…": the 全市 is the city named before it.
            return subject
    return found


def _scope_fits(doc: Document, scope: RegionMention, place: RegionMention) -> bool:
    return bool(place.code) and doc.regions.name(place.code).endswith(scope.surface[-1])


def _subject(
    mentions: list[RegionMention], clause: Span, text: str | None = None
) -> list[RegionMention]:
    """The chain of places a clause opens with ("南平市建阳区…", "截至目前全市…"), or nothing.
    A place naming a newspaper or a dateline ("安徽商报讯", "新华社北京4月25日电") is none."""
    if text is not None:
        mentions = [m for m in mentions if not _DATELINE.match(text, m.end)]
    if not mentions:
        return []
    slack = _SUBJECT_SLACK
    if text is not None:
        lead = _LEADING_TIME.match(text, clause.start, mentions[0].start)
        slack += lead.end() - clause.start if lead else 0
    if mentions[0].start - clause.start > slack:
        return []
    chain = [mentions[0]]
    for mention in mentions[1:]:
        if mention.start - chain[-1].end > 1:
            break
        chain.append(mention)
    return chain


def _comparison_frame(doc: Document, mention: RegionMention) -> bool:
    """ "在全省率先…", "居全省前列": a larger place named as the yardstick, not the subject."""
    main = doc.places.main_code
    if mention.code is None or main is None or mention.code == main:
        return False
    if mention.code not in doc.regions.ancestors(main):
        return False
    return bool(_COMPARATIVE.search(doc.text, max(0, mention.start - 2), mention.start))


def _named_region(regions: RegionIndex, named: list[RegionMention]) -> str | None:
    last = named[-1]
    if last.code is None:
        return None  # ambiguous place: never guessed
    others = {m.code for m in named if m.code and m.code != last.code and not m.is_scope}
    if others and not others <= set(regions.ancestors(last.code)):
        return None  # several places listed together: the figure is not one region's
    return last.code


# --- which year ---------------------------------------------------------------------------------
def _year_options(
    doc: Document, shared: _Sentence, clause: Span, pairing: Pairing
) -> dict[int, set[str]]:
    """Each year that could date the figure, with the reasons it could."""
    text = doc.text
    sentence, quantity = shared.sentence, pairing.quantity
    options: dict[int, set[str]] = defaultdict(set)
    if pairing.year:
        options[pairing.year].add("year:base")
    else:
        year, kind = figure_year(
            text,
            shared.years,
            clause=(clause.start, clause.end),
            position=quantity.start,
            paragraph_year=shared.paragraph_year,
            report_year=doc.report_year,
            reference_year=doc.reference_year,
            current_year=doc.current_year,
        )
        if year is not None:
            options[year].add(f"year:rule_{kind}")
    attached = attached_year(text, sentence.start, quantity.start)
    if attached:
        options[attached].add("year:attached")
    explicit = [y for y in shared.years if y.year and y.kind in ("explicit", "deadline")]
    before = [y for y in explicit if y.start < quantity.start]
    if before:
        options[before[-1].year].add("year:sentence_before")
    # A year after the figure dates it only when none stands before it in its clause, and not
    # from an aside about another figure ("82.47岁)、孕产妇死亡率(…2022年为…").
    after = [y for y in explicit if quantity.end <= y.start < clause.end]
    if after and not any(clause.start <= y.start < quantity.start for y in explicit):
        between = text[quantity.end : after[0].start]
        if not any(mark in between for mark in "()、"):
            options[after[0].year].add("year:clause_after")
    ranges = [y for y in shared.years if y.kind == "range" and y.start < quantity.start]
    if ranges and ranges[-1].end_year:
        span = ranges[-1]
        lead = text[max(sentence.start, quantity.start - 6) : quantity.start]
        if classify.is_base(lead):
            options[span.year].add("year:range_start")
        else:
            options[span.end_year].add("year:range_end")
    relative = [y for y in shared.years if y.kind == "relative" and y.start < quantity.start]
    if relative and doc.reference_year is not None:
        resolved = resolve_relative(relative[-1], text, doc.reference_year)
        if resolved:
            options[resolved].add("year:relative")
    if shared.paragraph_year:
        options[shared.paragraph_year].add("year:paragraph")
    if doc.report_year:
        options[doc.report_year].add("year:report")
    if doc.published:
        options[doc.published.year].add("year:published")
    if doc.current_year and any(
        y.kind == "current" and y.start < quantity.start for y in shared.years
    ):
        options[doc.current_year].add("year:current_marker")
    # A year written onto the figure ("提高到2021年的78.2岁", "比2010年…时的76.63岁") dates it:
    # no year around it competes.
    own = pairing.year or attached
    if own and own in options:
        options = {own: options[own]}
    return {year: reasons for year, reasons in options.items() if 1949 <= year <= 2100}


# --- tables -------------------------------------------------------------------------------------
def _table_candidates(
    doc: Document, table: Table, figure: TableFigure, sections: _Sections
) -> list[Candidate]:
    """A table cell: the row's label says what, the column's heading the year, and the row label,
    the caption or the header whose figures they are (the report's main region if none does)."""
    text = doc.text
    label, mention = figure.label, figure.mention
    indicator = doc.catalog[mention.code]
    features = {"pair:table", f"type:{indicator.value_type}", f"qual:{figure.quantity.qualifier}"}
    named = tuple((p.start, p.end) for p in doc.places.inside(label.start, mention.start))
    if classify.is_sub_population(text, label.start, mention.start, named):
        features.add("cue:sub_population")
    if classify.is_single_facility(text, label.start, mention.start):
        features.add("cue:single_facility")
    if classify.is_increment(text, label.start, mention.start, mention.surface):
        features.add("cue:increment")
    framing = (table.caption or table.header).start
    if (
        indicator.value_type == "money"
        and not classify.mentions_theme(text, framing, table.header.end, indicator.theme)
        and not classify.mentions_theme(text, label.start, label.end, indicator.theme)
    ):
        features.add("cue:money_off_theme")
    region = _table_region(doc, table, figure)
    if region is None:
        return []
    code, source = region
    year = figure.year
    every = features | {f"region:{source}", "year:table", *_relation_features(doc, code, year)}
    if _planned(doc, sections, year, True):
        every.add("plan:section")
    if doc.published is not None and year > doc.published.year:
        every.add("plan:future_year")
    return [
        Candidate(
            indicator_code=indicator.code,
            region_code=code,
            year=year,
            value=figure.value,
            unit=indicator.unit,
            qualifier=figure.quantity.qualifier,
            kind="target" if any(f.startswith(PLAN) for f in every) else "actual",
            span=(figure.row.start, figure.row.end),
            figure=(figure.quantity.start, figure.quantity.end),
            phrase=(mention.start, mention.end),
            features=frozenset(every),
        )
    ]


def _table_region(doc: Document, table: Table, figure: TableFigure) -> tuple[str, str] | None:
    """A row label naming a place is read like a clause naming it, a caption or header like a
    sentence's subject: the evidence is the same kind, and pooled."""
    places = doc.places
    own = [p for p in places.inside(figure.label.start, figure.mention.start) if not p.is_scope]
    if own:
        code = _named_region(doc.regions, own)  # "临泉县签约率(%)"
        return (code, "rule_clause") if code else None
    framing = (table.caption or table.header).start
    named = [
        p
        for p in places.inside(framing, table.header.end)
        if not p.is_scope and not _comparison_frame(doc, p)
    ]
    if named:
        code = _named_region(doc.regions, named)
        return (code, "rule_subject") if code else None
    if places.main_code is None:
        return None
    return places.main_code, "rule_main"
