"""Pipeline: one report's bytes → `ExtractedReport` (normalised text, metadata, figures).

In: raw bytes, the file name, a `RegionIndex`, a `Catalog` and a scorer `Model` (all built once
and reused: they hold the automata and the weights). Out: an `ExtractedReport`; nothing is
written anywhere. The stages: read → normalise → segment → header → places, years, phrases,
tables → candidates (every reading of each figure the text allows, with its evidence) → scorer
(the most probable reading of each figure, kept when probable enough, with that probability as
its confidence).
Refuses: unreadable files (`ReportError` from `ingest.read`). A report that names no known region
and does not speak of the nation is returned with a warning and no figures.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from pathlib import Path

from ingest import classify
from ingest.candidates import Document, generate
from ingest.header import read_header
from ingest.indicators import Catalog
from ingest.normalize import normalize
from ingest.read import read_report
from ingest.records import DecodedDocument, ExtractedReport, IndicatorMention, Sentence
from ingest.regions import RegionIndex
from ingest.scorer import Model, select, shipped_model
from ingest.segment import split_sentences
from ingest.tables import find_tables
from ingest.warnings import ReportWarning, WarningCode
from ingest.years import heading_year, report_year_and_source

# Region names are looked up in the opening of a report and in sentences holding indicator
# phrases; scanning all of a multi-megabyte file for them adds seconds and changes nothing.
_REGION_SCAN_HEAD = 100_000


def extract_report(
    raw: bytes,
    filename: str,
    *,
    regions: RegionIndex,
    catalog: Catalog,
    model: Model | None = None,
) -> ExtractedReport:
    """Read, normalise and extract one report (with the shipped scorer unless `model` is given).
    Raises `ReportError` for unreadable files."""
    return extract_document(
        read_report(raw, filename), filename, regions=regions, catalog=catalog, model=model
    )


def extract_document(
    document: DecodedDocument,
    filename: str,
    *,
    regions: RegionIndex,
    catalog: Catalog,
    model: Model | None = None,
) -> ExtractedReport:
    report, candidates = read_candidates(document, filename, regions=regions, catalog=catalog)
    if not candidates:
        return report
    figures = select(candidates, model or shipped_model(), report.text, report.header_end)
    return report.with_figures(figures)


def read_candidates(
    document: DecodedDocument, filename: str, *, regions: RegionIndex, catalog: Catalog
) -> tuple[ExtractedReport, list]:
    """The report without its figures, and every candidate reading of them (for the scorer, and
    for fitting it)."""
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
        figures=_figure_sentences(sentences, mentions),
    )
    year, year_source = report_year_and_source(
        text,
        sentences,
        header_end=header.end,
        published=published,
        title=title,
    )
    warnings = list(places.warnings)
    candidates = []
    if places.main_code is not None:
        if year is None:
            warnings.append(ReportWarning.of(WarningCode.NO_YEAR))
        plan_year = None
        if header.title and classify.is_plan_title(header.title):
            plan_year = heading_year(header.title, 0, len(header.title), year) or year
        doc = Document(
            text=text,
            catalog=catalog,
            regions=regions,
            places=places,
            report_year=year,
            reference_year=published.year if published else year,
            published=published,
            report_year_source=year_source,
            plan_year=plan_year,
            header_end=header.end,
        )
        candidates = generate(doc, sentences, mentions, find_tables(text, catalog))
    report = ExtractedReport(
        filename=filename,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=header.title,
        publisher=header.publisher,
        published=published,
        main_region_code=places.main_code,
        report_year=year,
        warnings=tuple(warnings),
        header_end=header.end,
    )
    return report, candidates


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


def _figure_sentences(
    sentences: list[Sentence], mentions: list[IndicatorMention]
) -> list[tuple[int, int]]:
    """The spans of the sentences that hold an indicator phrase."""
    starts = [s.start for s in sentences]
    spans = {
        (sentences[index].start, sentences[index].end)
        for mention in mentions
        if (index := bisect_left(starts, mention.start + 1) - 1) >= 0
    }
    return sorted(spans)
