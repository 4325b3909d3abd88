"""The loader: the one module of the ingest that writes to the database.

In: a report file's bytes and name, a file, or a batch of files. Out: a `FileOutcome` for each,
saying whether the report was new, extracted again, unchanged or failed (`Outcome`), and what was
stored. `ingest.workers` reads and extracts (the pure pipeline, in worker processes for a batch
when asked) before any write; each write is one short transaction in this process, so a report
is stored whole or not at all. It never raises for bad input: a failure is data.

Every value is checked against the rules and ranges of the schema before it is written (a figure
breaking one is dropped with a warning naming it), and anything that still goes wrong while one
report is stored, the database refusing a row included, rolls back that report alone and
returns its file name and the reason. Files are read only when they are regular files, and at
most `REPORT_MAX_BYTES` of them.

Identical content (sha256 of the normalised text) is stored once. `reprocess=True` re-runs the
extraction on a report already stored: its `extracted` observations are replaced, while verified,
rejected and edited ones are kept, and so are the title, publisher, date, region and year where
a reviewer corrected them (`review.store_extracted_report`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.db import transaction

from dashboard import review
from dashboard.models import Indicator, Observation, Region, Report, ReportStatus, Status
from dashboard.validation import observation_problems, year_out_of_range
from ingest import workers
from ingest.indicators import Catalog
from ingest.records import ExtractedReport, RegionRow
from ingest.regions import RegionIndex
from ingest.warnings import ReportWarning, WarningCode

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    NEW = "new"
    # A report already stored, extracted again because `reprocess` was asked for.
    REPROCESSED = "reprocessed"
    # The same text is already stored; nothing was written.
    UNCHANGED = "unchanged"
    # Nothing was written; `FileOutcome.error` says why.
    FAILED = "failed"


@dataclass(frozen=True)
class FileOutcome:
    filename: str
    status: Outcome
    report_id: int | None = None
    observations_created: int = 0
    created_by_theme: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    warnings: list[ReportWarning] = field(default_factory=list)


@dataclass(frozen=True)
class _Lexicons:
    fingerprint: tuple
    regions: RegionIndex
    catalog: Catalog
    themes: dict[str, str]
    value_types: dict[str, str]


_cache: dict[str, _Lexicons] = {}


def lexicons() -> _Lexicons:
    """The region index and catalog, built from the database once and rebuilt when it changes."""
    indicators = [
        (*row[:5], tuple(row[5]))
        for row in Indicator.objects.order_by("code").values_list(
            "code", "theme_id", "name_zh", "unit", "value_type", "phrasings"
        )
    ]
    # Rebuilt when an admin edits the catalog or the region table grows.
    fingerprint = (Region.objects.count(), tuple(indicators))
    cached = _cache.get("default")
    if cached is not None and cached.fingerprint == fingerprint:
        return cached
    regions = RegionIndex(
        RegionRow(code, name, level, parent, tuple(aliases))
        for code, name, level, parent, aliases in Region.objects.values_list(
            "code", "name", "level", "parent_id", "aliases"
        )
    )
    catalog = Catalog.from_rows(
        {
            "code": code,
            "theme": theme,
            "name_zh": name_zh,
            "unit": unit,
            "value_type": value_type,
            "phrasings": "|".join(phrasings),
        }
        for code, theme, name_zh, unit, value_type, phrasings in indicators
    )
    built = _Lexicons(
        fingerprint,
        regions,
        catalog,
        themes={row[0]: row[1] for row in indicators},
        value_types={row[0]: row[4] for row in indicators},
    )
    _cache["default"] = built
    return built


def ingest_file(
    path: Path, *, reprocess: bool = False, user=None, context: _Lexicons | None = None
) -> FileOutcome:
    context = context or lexicons()
    extracted = workers.extract_file(
        path, limit=settings.REPORT_MAX_BYTES, regions=context.regions, catalog=context.catalog
    )
    return _store_extracted(extracted, reprocess=reprocess, user=user, context=context)


def ingest_files(
    paths: Iterable[Path],
    *,
    reprocess: bool = False,
    user=None,
    context: _Lexicons | None = None,
    processes: int = 0,
) -> Iterator[FileOutcome]:
    """Each file's outcome, in the order of `paths`. With `processes` > 0 the files are read and
    extracted by that many worker processes while this one stores them, each in its own
    transaction as `ingest_file` does; the outcomes are the same."""
    context = context or lexicons()
    for extracted in workers.extract_files(
        paths,
        limit=settings.REPORT_MAX_BYTES,
        regions=context.regions,
        catalog=context.catalog,
        workers=processes,
    ):
        yield _store_extracted(extracted, reprocess=reprocess, user=user, context=context)


def ingest_bytes(
    raw: bytes,
    filename: str,
    *,
    reprocess: bool = False,
    user=None,
    context: _Lexicons | None = None,
) -> FileOutcome:
    """`context` (from `lexicons()`) lets a batch check the catalog once instead of per file."""
    context = context or lexicons()
    extracted = workers.extract_bytes(
        raw,
        filename,
        limit=settings.REPORT_MAX_BYTES,
        regions=context.regions,
        catalog=context.catalog,
    )
    return _store_extracted(extracted, reprocess=reprocess, user=user, context=context)


def _store_extracted(
    extracted: workers.ExtractedFile | workers.FailedFile, *, reprocess: bool, user, context
) -> FileOutcome:
    if isinstance(extracted, workers.FailedFile):
        if extracted.details:
            logger.error("extraction failed for %s\n%s", extracted.filename, extracted.details)
        return FileOutcome(extracted.filename, Outcome.FAILED, error=extracted.error)
    report = extracted.report
    try:
        return _store_once(report, reprocess, context, user, extracted.page_starts)
    except Exception as error:
        # The database refused something no check foresaw, or is gone: this report is rolled
        # back (its transaction never committed) and the batch goes on with the next.
        logger.exception("storing %s failed", report.filename)
        return FileOutcome(
            report.filename,
            Outcome.FAILED,
            error=f"{report.filename}: could not be stored ({_reason(error)})",
        )


def _observations(
    extracted: ExtractedReport, report: Report, kept: set[tuple], context, warnings: list
) -> list[Observation]:
    """The figures to store: each checked against the schema's rules (one breaking them is
    dropped with a warning naming it), none that a reviewer's figure already stands for."""
    rows = []
    for item in extracted.observations:
        key = (item.region_code, item.indicator_code, item.year, item.kind, item.span[0])
        if key in kept:
            continue
        problems = observation_problems(
            item.year, item.value, context.value_types.get(item.indicator_code)
        )
        if problems:
            warnings.append(
                ReportWarning.of(
                    WarningCode.DROPPED_FIGURE,
                    indicator=item.indicator_code,
                    value=format(item.value, "f"),
                    problems=tuple(problems),
                )
            )
            continue
        kept.add(key)
        rows.append(
            Observation(
                report=report,
                region_id=item.region_code,
                indicator_id=item.indicator_code,
                year=item.year,
                value=Decimal(item.value),
                qualifier=item.qualifier,
                kind=item.kind,
                status=Status.EXTRACTED,
                quote=item.quote,
                span_start=item.span[0],
                span_end=item.span[1],
                confidence=item.confidence,
            )
        )
    return rows


def _reason(error: Exception) -> str:
    # PostgreSQL's message is its first line; CONTEXT and DETAIL lines follow.
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _store_once(
    extracted: ExtractedReport, reprocess: bool, context, user, page_starts=()
) -> FileOutcome:
    # The duplicate check is the insert itself (a report of the same text is not written again);
    # only --reprocess looks for the stored report first, to extract it again.
    existing = Report.objects.filter(sha256=extracted.sha256).first() if reprocess else None
    with transaction.atomic():
        outcome = _store(extracted, existing, context, user, page_starts)
    if outcome is not None:
        return outcome
    stored = Report.objects.filter(sha256=extracted.sha256).values_list("pk", flat=True).first()
    return FileOutcome(extracted.filename, Outcome.UNCHANGED, report_id=stored)


def _store(
    extracted: ExtractedReport, existing: Report | None, context, user, page_starts=()
) -> FileOutcome | None:
    """None when the same text is already stored (nothing was written)."""
    warnings = list(extracted.warnings)
    report = existing or Report(sha256=extracted.sha256)
    report.original_filename = extracted.filename
    year = extracted.report_year
    if year_out_of_range(year):
        warnings.append(ReportWarning.of(WarningCode.REPORT_YEAR_OUT_OF_RANGE, year=str(year)))
        year = None
    details = {
        "title": (extracted.title or "")[:500],
        "publisher": (extracted.publisher or "")[:255],
        "published_on": extracted.published,
        "region_id": extracted.main_region_code,
        "year": year,
    }
    report.text = extracted.text
    report.page_starts = list(page_starts)
    kept: set[tuple] = set()
    if existing is not None:
        review.discard_unreviewed(existing)
        kept = {
            (o.region_id, o.indicator_id, o.year, o.kind, o.span_start)
            for o in existing.observations.all()
        }
    rows = _observations(extracted, report, kept, context, warnings)
    report.status = ReportStatus.WARNING if warnings else ReportStatus.OK
    report.warnings = [warning.as_dict() for warning in warnings]
    if existing is None:
        for attribute, value in details.items():
            setattr(report, attribute, value)
        if not review.store_new_report(report, rows, user):
            return None
    else:
        review.store_extracted_report(report, details, user)
        review.store_extracted(rows, user)
    by_theme = Counter(context.themes[row.indicator_id] for row in rows)
    return FileOutcome(
        extracted.filename,
        Outcome.NEW if existing is None else Outcome.REPROCESSED,
        report_id=report.pk,
        observations_created=len(rows),
        created_by_theme=dict(by_theme),
        warnings=warnings,
    )
