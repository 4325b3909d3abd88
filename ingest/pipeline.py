"""Pipeline: one report's bytes → `ExtractedReport` (normalised text, metadata, observations).

In: raw bytes, the file name, a `RegionIndex` and a `Catalog` (both built once and reused: they
hold the automata). Out: an `ExtractedReport`; nothing is written anywhere.
Refuses: unreadable files (`ReportError` from `ingest.read`). A report that names no known region
is returned with a warning and no observations; figures without a determinable year, for an
ambiguous place, a sub-population, a single facility, a survey sample or several years together
are left out. Section headings carry their year and plan wording to the paragraphs under them, and
a plan document's title ("…工作要点") its plan to the whole text; in a plan, a figure that its own
words date before the plan's year reviews that year and is an actual. A phrase ending one clause
lends itself to a value stated in the next, or to each place of a list of places with figures
there ("临泉县90.5%、太和县91.2%"); a headline figure or a bound that the text states precisely is dropped. Tables
with years as columns are read by `ingest.tables`, and their lines by nothing else: each cell
becomes a figure of the region its row label, caption or header names (else the report's), of
its column's year, quoting the row.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ingest import classify
from ingest.header import read_header
from ingest.indicators import Catalog
from ingest.link import Pairing, dated_base, link_clause, link_value, pair
from ingest.normalize import normalize
from ingest.read import read_report
from ingest.records import (
    DecodedDocument,
    ExtractedReport,
    IndicatorMention,
    Observation,
    Quantity,
    RegionMention,
    Sentence,
    Span,
    YearMention,
)
from ingest.regions import DocumentRegions, RegionIndex
from ingest.segment import clauses, heading_level, split_sentences
from ingest.tables import Table, TableFigure, find_tables
from ingest.values import find_quantities
from ingest.warnings import ReportWarning, WarningCode
from ingest.years import figure_year, find_years, heading_year, leading_year, report_year

DATA_DIR = Path(__file__).resolve().parent.parent / "dashboard" / "data"
# A clause that only states a value ("达到66%") for the phrase ending the clause before it.
_VALUE_CLAUSE = re.compile(
    r"\s*(?:已|均|已经|分别)?(?:达到|达|为|是|提高到|提高至|提升到|提升至|增至|升至|降至|稳定在|保持在|"
    r"占比|占)"  # "具有执业(助理)医师资格的398人,占比36.6%"
)
# "A、B分别为X和Y": places listed with these between them, figures taken in the same order.
_RESPECTIVELY = re.compile(r"分别")
_LIST_GLUE = re.compile(r"\s*(?:、|,|，|和|及|与|以及)\s*")
# Between a place and its figure in a list of places ("临泉县90.5%", "太和县为65.8%").
_PLACE_VALUE = re.compile(r"\s*(?:为|是|达|达到|:|：)?\s*")
_LABEL_SLACK = 2  # "指标：" — at most the colon and a space between a label and its value
_SUBJECT_SLACK = 2  # a sentence's subject place stands at (or right after) a clause start
_YARDSTICK_BEFORE = re.compile(r"(?:比|较|与|同|高于|低于|超过|优于|好于|不及|对比)$")
_COMPARATIVE = re.compile(r"(?:在|居|于|比|较|与|同|高于|低于|超过|领先|位居|位列|列)$")
# Region names are looked up in the opening of a report and in sentences holding indicator
# phrases; scanning all of a multi-megabyte file for them adds seconds and changes nothing.
_REGION_SCAN_HEAD = 100_000

# A headline's "超70%" restates a body figure at most this factor above (below for 不足) it.
_BOUND_SLACK = Decimal("1.1")
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";")

_BASE_CONFIDENCE = 0.95
_YEAR_PENALTY = {"report": "year_from_report", "paragraph": "year_from_paragraph"}
_PENALTY = {
    "region_from_context": 0.15,
    "region_from_subject": 0.05,
    "region_from_scope": 0.03,
    "year_from_report": 0.1,
    "year_from_paragraph": 0.05,
    "value_before": 0.1,
    "enumerated": 0.05,
    "approx": 0.05,
}


def default_catalog() -> Catalog:
    return Catalog.from_csv(DATA_DIR / "indicators.csv")


def default_regions() -> RegionIndex:
    return RegionIndex.from_csv(DATA_DIR / "regions.csv")


def extract_report(
    raw: bytes, filename: str, *, regions: RegionIndex, catalog: Catalog
) -> ExtractedReport:
    """Read, normalise and extract one report. Raises `ReportError` for unreadable files."""
    return extract_document(read_report(raw, filename), filename, regions=regions, catalog=catalog)


def extract_document(
    document: DecodedDocument, filename: str, *, regions: RegionIndex, catalog: Catalog
) -> ExtractedReport:
    text = normalize(document.text)
    sentences = split_sentences(text)
    header = read_header(text, document)
    published = header.published
    # A page title is not part of the article text, so it is offered separately.
    title = header.title if document.is_html else None
    mentions = catalog.find(text)
    places = regions.resolve(
        text,
        sentences,
        windows=_region_windows(text, sentences, mentions),
        header_end=header.end,
        publisher=header.stated_publisher,
        title=title,
        fallback=Path(filename).stem,
    )
    year = report_year(text, sentences, header_end=header.end, published=published, title=title)
    warnings = list(places.warnings)
    observations: list[Observation] = []
    if places.main_code is not None:
        if year is None:
            warnings.append(ReportWarning.of(WarningCode.NO_YEAR))
        plan_year = None
        if header.title and classify.is_plan_title(header.title):
            plan_year = heading_year(header.title, 0, len(header.title), year) or year
        context = _Context(
            text, catalog, regions, places, year, published.year if published else year, plan_year
        )
        tables = find_tables(text, catalog)
        observations = _dedupe(_observations(context, sentences, mentions, tables), header.end)
    return ExtractedReport(
        filename=filename,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=header.title,
        publisher=header.publisher,
        published=published,
        main_region_code=places.main_code,
        report_year=year,
        warnings=tuple(warnings),
        observations=tuple(observations),
    )


def _region_windows(
    text: str, sentences: list[Sentence], mentions: list[IndicatorMention]
) -> list[tuple[int, int]]:
    head = min(len(text), _REGION_SCAN_HEAD)
    windows = [(0, head)]
    starts = [s.start for s in sentences]
    for mention in mentions:
        if mention.start < head:
            continue
        sentence = sentences[bisect_left(starts, mention.start + 1) - 1]
        if windows[-1][1] >= sentence.start:
            windows[-1] = (windows[-1][0], max(windows[-1][1], sentence.end))
        else:
            windows.append((sentence.start, sentence.end))
    return windows


# --- observations -----------------------------------------------------------------------------
@dataclass
class _Context:
    text: str
    catalog: Catalog
    regions: RegionIndex
    places: DocumentRegions
    report_year: int | None
    reference_year: int | None
    plan_year: int | None = None  # the year a plan document (by its title) sets targets for


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
_STATED_YEAR = ("explicit", "paragraph", "relative", "range")


def _planned(context: _Context, sections: _Sections, year: int, year_kind: str) -> bool:
    """True when a plan section or a plan document holds the figure and does not date it earlier."""
    if not (sections.plan or context.plan_year is not None):
        return False
    plan_year = sections.plan_year or context.plan_year or context.report_year
    return not (year_kind in _STATED_YEAR and plan_year is not None and year < plan_year)


def _observations(
    context: _Context,
    sentences: list[Sentence],
    mentions: list[IndicatorMention],
    tables: list[Table],
) -> list[Observation]:
    text = context.text
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
    found: list[Observation] = []
    for sentence in sentences:
        if sentence.boilerplate:
            continue
        index = bisect_left(row_starts, sentence.start + 1) - 1
        if index >= 0 and sentence.start < rows[index][0].end:
            line, table = rows[index]
            for figure in by_row.pop(line.start, ()):
                observation = _table_observation(context, table, figure, sections)
                if observation:
                    found.append(observation)
            continue
        level = heading_level(text, sentence)
        if level is not None:
            sections.enter(
                level,
                heading_year(text, sentence.start, sentence.end, context.reference_year),
                classify.is_plan_heading(sentence.text),
            )
        own = mentions[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        years = find_years(text, sentence.start, sentence.end) if own else []
        topic = leading_year(text, sentence.start, sentence.end)
        if topic:
            paragraph_years[sentence.paragraph] = topic
        if not own:
            continue
        quantities = find_quantities(text, sentence.start, sentence.end)
        parts = clauses(sentence)
        for clause, pairing in _pairings(context, parts, own, quantities):
            observation = _observation(
                context, sentence, parts, clause, pairing, years, paragraph_years, sections
            )
            if observation:
                found.append(observation)
    return found


def _pairings(
    context: _Context,
    parts: tuple[Span, ...],
    mentions: list[IndicatorMention],
    quantities: list[Quantity],
) -> list[tuple[Span, Pairing]]:
    """Indicator/figure pairs of a sentence, each with the clause span it was read from.

    The phrase ending a clause reaches into the next clause when that clause has no phrase of its
    own: for one figure per place when the clause lists places with figures ("分别为:临泉县90.5%、
    太和县91.2%", "…签约率达72.3%,太和县为65.8%"); for the value, when the phrase has no figure
    yet or only a bound ("居民健康素养水平：36.12%", "签约率稳步提升，达到66%", "突破400万人次，达到412.6万人次"); for a dated comparison
    base ("达到4.1个，比2022年的3.5个有明显提升").
    """
    text = context.text
    found = _respective_figures(context, parts, mentions, quantities)
    taken = {pairing.quantity.start for _, pairing in found}
    quantities = [q for q in quantities if q.start not in taken]
    # (last phrase, its clause, still open for a value)
    previous: tuple[IndicatorMention, Span, bool] | None = None
    for clause in parts:
        clause_mentions = [m for m in mentions if clause.start <= m.start < clause.end]
        clause_quantities = [q for q in quantities if clause.start <= q.start < clause.end]
        listed = (
            _place_figures(context, clause, clause_quantities)
            if previous is not None and not clause_mentions
            else []
        )
        if previous is not None and listed:
            mention = previous[0]
            for place, quantity in listed:
                pairing = pair(mention, quantity, context.catalog, enumerated=len(listed) > 1)
                if pairing is not None:
                    found.append((Span(place.start, quantity.end), pairing))
            continue  # a run of such clauses goes on listing places ("…,太和县为65.8%,…")
        if not clause_mentions and previous is not None:
            mention, home, open_for_value = previous
            # The phrase's own clause still says whose figure it is ("临泉县签约人数最多,达…",
            # "65岁及以上老年人签约率:86.2%").
            span = Span(home.start, clause.end)
            if open_for_value and _states_value(text, mention, clause):
                value = link_value(text, mention, clause_quantities, clause.start, context.catalog)
                paired = [value] if value else []
            else:
                dated = dated_base(text, mention, clause_quantities, context.catalog)
                paired = [dated] if dated else []
            found.extend((span, pairing) for pairing in paired)
            previous = None
            continue
        previous = None
        if not clause_mentions:
            continue
        paired = link_clause(
            text, clause.start, clause.end, clause_mentions, clause_quantities, context.catalog
        )
        found.extend((clause, pairing) for pairing in paired)
        last = clause_mentions[-1]
        own = [p for p in paired if p.mention == last and p.year is None]
        previous = (last, clause, all(p.quantity.qualifier != "eq" for p in own))
    return found


def _respective_figures(
    context: _Context,
    parts: tuple[Span, ...],
    mentions: list[IndicatorMention],
    quantities: list[Quantity],
) -> list[tuple[Span, Pairing]]:
    """ "景泰县、靖远县分别以63.5%、61.1%…", "白银区、平川区…签约率…分别为48.7%和50.3%": the places
    listed last before 分别 take the figures after it in its clause, one each and in order, for
    the phrase named last before those figures. Nothing unless the counts agree, every place is
    resolved, and the figures are levels, not changes."""
    text = context.text
    found: list[tuple[Span, Pairing]] = []
    for match in _RESPECTIVELY.finditer(text, parts[0].start, parts[-1].end):
        clause = next(c for c in parts if c.start <= match.start() < c.end)
        figures = [q for q in quantities if match.end() <= q.start < clause.end]
        if len(figures) < 2 or classify.is_change(text[match.end() : figures[0].start]):
            continue
        phrase = [m for m in mentions if parts[0].start <= m.start and m.end <= figures[0].start]
        places = _listed_places(context, parts[0].start, match.start())
        if not phrase or len(places) != len(figures) or any(p.code is None for p in places):
            continue
        mention = phrase[-1]
        for place, quantity in zip(places, figures, strict=True):
            pairing = pair(mention, quantity, context.catalog, enumerated=True, place=place.code)
            if pairing is not None:
                found.append((clause, pairing))
    return found


def _listed_places(context: _Context, start: int, end: int) -> list[RegionMention]:
    """The run of places written last in text[start:end], joined only by 、/和/及."""
    places = [p for p in context.places.inside(start, end) if not p.is_scope]
    run: list[RegionMention] = []
    for place in reversed(places):
        if run and not _LIST_GLUE.fullmatch(context.text, place.end, run[0].start):
            break
        run.insert(0, place)
    return run if len(run) >= 2 else []


def _place_figures(
    context: _Context, clause: Span, quantities: list[Quantity]
) -> list[tuple[RegionMention, Quantity]]:
    """ "临泉县90.5%、太和县91.2%" or "太和县为65.8%" after a clause that named the indicator: each
    figure is the indicator's value for the place written right before it. Empty unless every
    figure of the clause has its own place."""
    text = context.text
    places = context.places.inside(clause.start, clause.end)
    pairs: list[tuple[RegionMention, Quantity]] = []
    cursor = clause.start
    for quantity in quantities:
        before = [p for p in places if cursor <= p.start and p.end <= quantity.start]
        if not before or not _PLACE_VALUE.fullmatch(text, before[-1].end, quantity.start):
            return []
        owner = before[-1]
        other = owner.start - cursor - sum(p.end - p.start for p in before[:-1])
        if other > _SUBJECT_SLACK:
            return []
        pairs.append((owner, quantity))
        cursor = quantity.end
    return pairs


def _states_value(text: str, mention: IndicatorMention, clause: Span) -> bool:
    separator = text[mention.end : clause.start].strip()
    if separator.endswith((":", "：")) and len(separator) <= _LABEL_SLACK:
        return True
    return bool(_VALUE_CLAUSE.match(text, clause.start, clause.end))


def _observation(
    context: _Context,
    sentence: Sentence,
    parts: tuple[Span, ...],
    clause: Span,
    pairing: Pairing,
    years: list[YearMention],
    paragraph_years: dict[int, int],
    sections: _Sections,
) -> Observation | None:
    text = context.text
    mention, quantity = pairing.mention, pairing.quantity
    indicator = context.catalog[mention.code]
    # A phrase written before the clause (a list of places after it) leaves the figure as anchor.
    anchor = min(mention.start, quantity.start) if mention.start >= clause.start else quantity.start
    named = tuple((p.start, p.end) for p in context.places.inside(clause.start, anchor))
    if classify.is_sub_population(text, clause.start, anchor, named):
        return None
    if classify.is_single_facility(text, clause.start, anchor):
        return None
    if classify.is_sample(text, clause.start, anchor) or classify.is_yardstick_after(
        text, quantity.end
    ):
        return None
    if classify.is_multi_year_total(text, sentence.start, quantity.start):
        return None
    home = next((i for i, part in enumerate(parts) if part.start <= quantity.start < part.end), 0)
    previous = (parts[home - 1].start, parts[home - 1].end) if home else None
    if classify.is_new_facility_capacity(text, previous, parts[home].start, parts[home].end):
        return None
    if classify.is_increment(text, clause.start, mention.start, mention.surface):
        return None
    if indicator.value_type == "money" and not classify.mentions_theme(
        text, sentence.start, sentence.end, indicator.theme
    ):
        return None
    region = (pairing.place, None) if pairing.place else _region(context, parts, clause, anchor)
    if region is None:
        return None
    region_code, region_penalty = region
    year, year_kind = (
        (pairing.year, "explicit")
        if pairing.year
        else figure_year(
            text,
            years,
            clause=(clause.start, clause.end),
            position=quantity.start,
            paragraph_year=paragraph_years.get(sentence.paragraph, sections.year),
            report_year=context.report_year,
            reference_year=context.reference_year,
        )
    )
    if year is None:
        return None
    target = (
        _planned(context, sections, year, year_kind)
        or year_kind == "deadline"
        or classify.is_target(
            text, sentence.start, clause.start, quantity.start, (mention.start, mention.end)
        )
        or (context.reference_year is not None and year > context.reference_year)
    )
    penalties = [region_penalty, _YEAR_PENALTY.get(year_kind)]
    if pairing.value_before:
        penalties.append("value_before")
    if pairing.enumerated:
        penalties.append("enumerated")
    if quantity.qualifier == "approx":
        penalties.append("approx")
    return Observation(
        region_code=region_code,
        indicator_code=indicator.code,
        year=year,
        value=pairing.value,
        unit=indicator.unit,
        qualifier=quantity.qualifier,
        kind="target" if target else "actual",
        quote=sentence.text,
        span=(sentence.start, sentence.end),
        confidence=_confidence(penalties),
    )


def _table_observation(
    context: _Context, table: Table, figure: TableFigure, sections: _Sections
) -> Observation | None:
    """A table cell: the row's label says what, the column's heading the year, and the row label,
    the caption or the header whose figures they are (the report's main region if none does)."""
    text = context.text
    label, mention = figure.label, figure.mention
    named = tuple((p.start, p.end) for p in context.places.inside(label.start, mention.start))
    if classify.is_sub_population(text, label.start, mention.start, named):
        return None
    if classify.is_single_facility(text, label.start, mention.start):
        return None
    if classify.is_increment(text, label.start, mention.start, mention.surface):
        return None
    indicator = context.catalog[mention.code]
    framing = (table.caption or table.header).start
    if (
        indicator.value_type == "money"
        and not classify.mentions_theme(text, framing, table.header.end, indicator.theme)
        and not classify.mentions_theme(text, label.start, label.end, indicator.theme)
    ):
        return None
    region = _table_region(context, table, figure)
    if region is None:
        return None
    region_code, region_penalty = region
    target = _planned(context, sections, figure.year, "explicit") or (
        context.reference_year is not None and figure.year > context.reference_year
    )
    quantity = figure.quantity
    penalties = [region_penalty, "approx" if quantity.qualifier == "approx" else None]
    return Observation(
        region_code=region_code,
        indicator_code=indicator.code,
        year=figure.year,
        value=figure.value,
        unit=indicator.unit,
        qualifier=quantity.qualifier,
        kind="target" if target else "actual",
        quote=text[figure.row.start : figure.row.end],
        span=(figure.row.start, figure.row.end),
        confidence=_confidence(penalties),
    )


def _table_region(
    context: _Context, table: Table, figure: TableFigure
) -> tuple[str, str | None] | None:
    places = context.places
    own = [p for p in places.inside(figure.label.start, figure.mention.start) if not p.is_scope]
    if own:
        return _named_region(context.regions, own)  # "临泉县签约率(%)"
    framing = (table.caption or table.header).start
    named = [
        p
        for p in places.inside(framing, table.header.end)
        if not p.is_scope and not _comparison_frame(context, p)
    ]
    if named:
        return _named_region(context.regions, named)
    if places.main_code is None:
        return None
    return places.main_code, "region_from_context"


def _confidence(penalties: list[str | None]) -> float:
    value = _BASE_CONFIDENCE - sum(_PENALTY[p] for p in penalties if p)
    return round(max(0.05, min(1.0, value)), 2)


def _region(
    context: _Context, parts: tuple[Span, ...], clause: Span, anchor: int
) -> tuple[str, str | None] | None:
    """The place a figure belongs to: named in its clause, the sentence's subject, or the main."""
    places = context.places
    named = [m for m in places.inside(clause.start, anchor) if not _comparison_frame(context, m)]
    subject = _sentence_subject(context, parts, clause)
    if named:
        last = named[-1]
        if last.is_scope and subject and _scope_fits(context, last, subject[-1]):
            return _named_region(context.regions, subject)  # "南平市建阳区…, 全区…"
        return _named_region(context.regions, named)
    if parts[0] != clause and classify.facility_subject(context.text, parts[0].start, parts[0].end):
        return None  # the sentence is about one hospital; its figures are that hospital's
    if subject:
        resolved = _named_region(context.regions, subject)
        return (resolved[0], "region_from_subject") if resolved else None
    if places.main_code is None:
        return None
    return places.main_code, "region_from_context"


def _sentence_subject(
    context: _Context, parts: tuple[Span, ...], clause: Span
) -> list[RegionMention]:
    found: list[RegionMention] = []
    for earlier in reversed([c for c in parts if c.end <= clause.start]):
        # "高于宜昌市平均水平(58.9%),…": a place named as a yardstick is no subject of what follows.
        named = [
            m
            for m in context.places.inside(earlier.start, earlier.end)
            if not _YARDSTICK_BEFORE.search(context.text, max(earlier.start, m.start - 3), m.start)
        ]
        subject = _subject(named, earlier)
        if not subject:
            continue
        if not found:
            found = subject
            if not subject[-1].is_scope:
                return subject
        elif not subject[-1].is_scope and _scope_fits(context, found[-1], subject[-1]):
            # "遵义市…,全市托位数…,每千人口托位数…": the 全市 is the city named before it.
            return subject
    return found


def _scope_fits(context: _Context, scope: RegionMention, place: RegionMention) -> bool:
    return bool(place.code) and context.regions.name(place.code).endswith(scope.surface[-1])


def _subject(mentions: list[RegionMention], clause: Span) -> list[RegionMention]:
    """The chain of places a clause opens with ("南平市建阳区…"), or nothing."""
    if not mentions or mentions[0].start - clause.start > _SUBJECT_SLACK:
        return []
    chain = [mentions[0]]
    for mention in mentions[1:]:
        if mention.start - chain[-1].end > 1:
            break
        chain.append(mention)
    return chain


def _comparison_frame(context: _Context, mention: RegionMention) -> bool:
    """ "在全省率先…", "居全省前列": a larger place named as the yardstick, not the subject."""
    main = context.places.main_code
    if mention.code is None or main is None or mention.code == main:
        return False
    if mention.code not in context.regions.ancestors(main):
        return False
    return bool(_COMPARATIVE.search(context.text, max(0, mention.start - 2), mention.start))


def _named_region(
    regions: RegionIndex, named: list[RegionMention]
) -> tuple[str, str | None] | None:
    last = named[-1]
    if last.code is None:
        return None  # ambiguous place: never guessed
    others = {m.code for m in named if m.code and m.code != last.code and not m.is_scope}
    if others and not others <= set(regions.ancestors(last.code)):
        return None  # several places listed together: the figure is not one region's
    return last.code, "region_from_scope" if last.is_scope else None


def _dedupe(observations: list[Observation], header_end: int = 0) -> list[Observation]:
    """Headlines and summaries repeat figures from the body: keep each fact once.

    A headline often rounds the body's figure ("占比达65%" over "占比达到64.8%"), and a bound
    often announces the exact figure ("突破400万人次,达到412.6万人次"); the precise figure is the
    fact, so a headline figure or a bound that the text states more precisely is dropped.
    """
    precise: dict[tuple, list[Observation]] = {}
    for item in observations:
        if item.qualifier == "eq" and not _headline(item, header_end):
            precise.setdefault(_fact_key(item), []).append(item)
    seen: set[tuple] = set()
    kept = []
    for item in observations:
        restated = _headline(item, header_end) or item.qualifier in ("gte", "lte")
        if restated and any(
            _restates(item, other)
            for other in precise.get(_fact_key(item), ())
            if other is not item
        ):
            continue
        key = (
            item.region_code,
            item.indicator_code,
            item.year,
            item.value,
            item.qualifier,
            item.kind,
        )
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _headline(item: Observation, header_end: int) -> bool:
    """A figure in the title block, in a line that is not a finished sentence."""
    return item.span[0] < header_end and not item.quote.endswith(_SENTENCE_END)


def _fact_key(item: Observation) -> tuple:
    return (item.region_code, item.indicator_code, item.year, item.kind)


def _restates(headline: Observation, body: Observation) -> bool:
    """True when the headline's figure is the body's figure rounded (or bounded: "超70%")."""
    value, precise = headline.value, body.value
    if value == precise:
        return True
    if headline.qualifier == "gte":
        return value <= precise <= value * _BOUND_SLACK
    if headline.qualifier == "lte":
        return value / _BOUND_SLACK <= precise <= value
    exponent = value.normalize().as_tuple().exponent
    step = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else Decimal(1)
    return abs(precise - value) <= step / 2
