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
from bisect import bisect_left
from collections import defaultdict

from ingest import classify
from ingest.context import Document, Sections, SentenceContext, clause_of, clause_start_of
from ingest.link import Pairing
from ingest.owners import opening_place, region_options, relation_features, table_region
from ingest.pairing import linked_pairings, loose_pairings, population_readings
from ingest.records import Candidate, IndicatorMention, Quantity, Sentence, Span
from ingest.segment import clauses, heading_level
from ingest.tables import Table, TableFigure
from ingest.values import find_quantities
from ingest.years import (
    attached_year,
    figure_year,
    find_years,
    heading_year,
    leading_year,
    resolve_relative,
)

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


# Year sources that date a figure in its own words: in a plan, such a year before the plan's is a
# review of what was achieved ("2024年,全市…县域内就诊率达到93.1%" in a 2025 工作要点).
_STATED_YEAR = ("explicit", "paragraph", "relative", "range", "base", "attached")


def _planned(doc: Document, sections: Sections, year: int, stated: bool) -> bool:
    """True when a plan section or a plan document holds the figure and does not date it earlier."""
    if not (sections.plan or doc.plan_year is not None):
        return False
    plan_year = sections.plan_year or doc.plan_year or doc.report_year
    return not (stated and plan_year is not None and year < plan_year)


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
    sections = Sections()
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
            openings[number - 1] = opening_place(doc, previous)
        return openings[number - 1]

    def previous_subject(number: int) -> str | None:
        for earlier in range(number - 1, max(-1, number - 1 - _SUBJECT_REACH), -1):
            if sentences[earlier].boilerplate:
                continue
            if earlier not in openings:
                openings[earlier] = opening_place(doc, sentences[earlier])
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
        shared = SentenceContext(
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
        pairings = linked_pairings(doc, shared.parts, own, quantities)
        pairings += loose_pairings(doc, shared, pairings)
        readings = population_readings(doc, shared, pairings)
        # Once its population says which rate a figure is, the phrase's own reading is doubtful.
        overruled = {(p.mention.start, p.quantity.start) for _, p in readings}
        for clause, pairing in pairings + readings:
            found.extend(_candidates(doc, shared, clause, pairing, overruled))
    return found


# --- the evidence for one pair ------------------------------------------------------------------
def _candidates(
    doc: Document,
    shared: SentenceContext,
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
    places = region_options(doc, shared, clause, anchor, pairing)
    years = _year_options(doc, shared, clause, pairing)
    # Whether a reading is a target asks each of its features; those of the pair are asked once.
    pair_planned = _any_plan(features)
    found = []
    for code, place_features in places.items():
        for year, year_features in years.items():
            stated = bool(year_features & _STATED_YEAR_FEATURES)
            extra = set(relation_features(doc, code, year))
            if _planned(doc, shared.sections, year, stated):
                extra.add("plan:section")
            if doc.published is not None and year > doc.published.year:
                extra.add("plan:future_year")
            if "year:rule_deadline" in year_features:
                extra.add("plan:deadline")
            every = features | place_features | year_features | extra
            conjunctions = _conjunctions(every)
            every |= conjunctions
            planned = pair_planned or any(
                map(_any_plan, (place_features, year_features, extra, conjunctions))
            )
            kind = "target" if planned else "actual"
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


def _any_plan(features: set[str]) -> bool:
    return any(feature.startswith(PLAN) for feature in features)


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
    text: str, shared: SentenceContext, mention: IndicatorMention, quantity: Quantity
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
    shared: SentenceContext,
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
    own = clause_of(parts, quantity.start)
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


# --- which year ---------------------------------------------------------------------------------
def _year_options(
    doc: Document, shared: SentenceContext, clause: Span, pairing: Pairing
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
    doc: Document, table: Table, figure: TableFigure, sections: Sections
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
    region = table_region(doc, table, figure)
    if region is None:
        return []
    code, source = region
    year = figure.year
    every = features | {f"region:{source}", "year:table", *relation_features(doc, code, year)}
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
