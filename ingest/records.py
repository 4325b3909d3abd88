"""Typed records passed between the ingest stages.

In: nothing (definitions only). Out: frozen dataclasses that each stage produces and the next one
consumes, plus `ReportError`, the one exception a caller has to expect for a bad file.
Refuses: nothing; validation lives in the stages that build these records.

Offsets (`start`, `end`) are always half-open character offsets into the *normalised* text, which
is the text the product stores, so a quote can be sliced back out of it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from ingest.warnings import ReportWarning


class ReportError(ValueError):
    """A file that cannot be read as a report; the message names the file and the problem."""


@dataclass(frozen=True)
class DecodedDocument:
    text: str
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    is_html: bool = False
    # Where each page of a paged document (a PDF) starts in `text`; empty for other formats.
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    boilerplate: bool = False


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str  # country / province / prefecture / county
    parent_code: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionMention:
    start: int
    end: int
    surface: str
    candidates: tuple[str, ...]
    code: str | None  # None when the candidates could not be told apart
    is_scope: bool = False  # 全市 / 本县 …: a reference to the report's own region


@dataclass(frozen=True)
class YearMention:
    start: int
    end: int
    year: int | None
    kind: str  # explicit / relative / current / range / comparison / deadline / since
    end_year: int | None = None


@dataclass(frozen=True)
class CatalogEntry:
    code: str
    theme: str
    name_zh: str
    unit: str
    value_type: str  # count / percent / rate / money / duration
    phrasings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorMention:
    start: int
    end: int
    code: str
    surface: str


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    amount: Decimal  # after 万/亿 scaling, before conversion to an indicator's unit
    unit: str  # the unit word written in the text ("%", "人次", "万元" …), "" when bare
    qualifier: str  # eq / gte / lte / approx
    text: str


@dataclass(frozen=True)
class Candidate:
    """One reading of a figure the text allows: which indicator, place and year it may be, and
    the evidence for that reading as named features. Several candidates compete for one figure."""

    indicator_code: str
    region_code: str
    year: int
    value: Decimal  # in the indicator's catalog unit
    unit: str
    qualifier: str
    kind: str  # actual / target: what the plan cues around the figure say
    span: tuple[int, int]  # the sentence (or table row) quoted for it
    figure: tuple[int, int]  # the figure's own characters
    phrase: tuple[int, int]  # the indicator phrase it was paired with
    features: frozenset[str]


@dataclass(frozen=True)
class ExtractedFigure:
    region_code: str
    indicator_code: str
    year: int
    value: Decimal
    unit: str
    qualifier: str
    kind: str  # actual / target
    quote: str
    span: tuple[int, int]
    confidence: float


@dataclass(frozen=True)
class ExtractedReport:
    filename: str
    text: str
    sha256: str
    title: str | None
    publisher: str | None
    published: date | None
    main_region_code: str | None
    report_year: int | None
    warnings: tuple[ReportWarning, ...] = ()
    observations: tuple[ExtractedFigure, ...] = field(default_factory=tuple)
    header_end: int = 0  # where the title block ends: its figures are headlines

    def with_figures(self, figures: list[ExtractedFigure]) -> ExtractedReport:
        return replace(self, observations=tuple(figures))
