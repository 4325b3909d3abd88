"""Context: what the candidate stages share about a report and about one of its sentences.

In: nothing of its own — the pipeline fills a `Document` (the normalised text, catalog, regions,
places, report year and publication date) and, sentence by sentence, a `SentenceContext` (its
clauses, phrases, figures and years, the paragraph's and the section's year, the places earlier
sentences opened with). Out: those records and clause lookups by position. Refuses nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from ingest.indicators import Catalog
from ingest.records import IndicatorMention, Quantity, Sentence, Span, YearMention
from ingest.regions import DocumentRegions, RegionIndex
from ingest.years import current_year


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


class Sections:
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


@dataclass
class SentenceContext:
    """What the candidates of one sentence share."""

    sentence: Sentence
    parts: tuple[Span, ...]
    mentions: list[IndicatorMention]
    quantities: list[Quantity]
    years: list[YearMention]
    paragraph_year: int | None
    sections: Sections
    previous_subject: str | None = None  # the place an earlier sentence nearby opened with
    line_subject: str | None = None  # the place the short line right before opened with


def clause_of(parts: tuple[Span, ...], position: int) -> Span:
    """The clause holding `position` (the last one when none does)."""
    index = bisect_right(parts, position, key=_START) - 1
    if index >= 0 and position < parts[index].end:
        return parts[index]
    return parts[-1]


def clause_start_of(parts: tuple[Span, ...], position: int) -> int:
    return clause_of(parts, position).start


def span_of(parts: tuple[Span, ...], start: int, end: int) -> Span:
    """From the start of the clause holding `start` to the end of the one holding `end`."""
    return Span(clause_of(parts, start).start, clause_of(parts, max(start, end - 1)).end)


_START = attrgetter("start")
