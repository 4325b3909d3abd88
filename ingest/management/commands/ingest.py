from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from rich.console import Console
from rich.progress import track

from dashboard.models import Theme
from dashboard.report_messages import describe
from ingest.load import FileOutcome, Outcome, ingest_files, lexicons
from ingest.workers import REPORT_SUFFIXES

# Starting worker processes takes about a tenth of a second, which a few files do not win back.
POOL_FROM = 32


def find_reports(paths: list[Path]) -> list[Path]:
    """Report files under the given files and folders. A missing path, and anything named like a
    report that is no regular file (a named pipe, a link to a device), is kept so that the loader
    refuses it by name."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in REPORT_SUFFIXES and not p.is_dir()
                )
            )
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = (
        "Read health-bureau reports (.txt, .md, .html, .htm, .pdf, .docx; folders are searched "
        "recursively; a .doc is refused with the advice to save it as .docx) "
        "into observations. Each report is stored in one transaction; a report already stored "
        "is left unchanged. Only regular files up to REPORT_MAX_MB (default 20 MB) are read. "
        "A file that fails is named with the reason and the others go on; the exit status is "
        "non-zero when any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="report files or folders")
        parser.add_argument(
            "--reprocess",
            action="store_true",
            help="re-run extraction on reports already stored: replaces their extracted "
            "observations, keeps verified, rejected and edited ones",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes that read and extract the reports while this one stores them "
            "(default: INGEST_WORKERS, one fewer than the cores; 0: all in this process). "
            f"Batches of fewer than {POOL_FROM} files are read in this process.",
        )
        parser.add_argument("--no-progress-bar", action="store_true", help="no progress bar")

    def handle(self, *, paths, reprocess, workers, no_progress_bar, **options):
        if workers is not None and workers < 0:
            raise CommandError(f"--workers must be 0 or more, not {workers}")
        files = find_reports(paths)
        if not files:
            raise CommandError(f"no report files ({', '.join(REPORT_SUFFIXES)}) found in the paths")
        if workers is None:
            workers = settings.INGEST_WORKERS
        if len(files) < POOL_FROM:
            workers = 0
        stored = ingest_files(files, reprocess=reprocess, context=lexicons(), processes=workers)
        progress = track(
            stored,
            total=len(files),
            description="Ingesting",
            console=Console(stderr=True),
            disable=no_progress_bar,
            transient=True,
        )
        outcomes = list(progress)
        self._summarise(outcomes, workers)
        failed = [o for o in outcomes if o.status == Outcome.FAILED]
        if failed:
            names = ", ".join(o.filename for o in failed)
            raise CommandError(f"{len(failed)} of {len(outcomes)} files failed: {names}")

    def _summarise(self, outcomes: list[FileOutcome], workers: int) -> None:
        counts = Counter(o.status for o in outcomes)
        by = f" by {workers} worker process{'es' if workers > 1 else ''}" if workers else ""
        self.stdout.write(
            f"Files read: {len(outcomes)}{by}; new: {counts[Outcome.NEW]}; "
            f"reprocessed: {counts[Outcome.REPROCESSED]}; unchanged: {counts[Outcome.UNCHANGED]}; "
            f"failed: {counts[Outcome.FAILED]}."
        )
        for outcome in outcomes:
            if outcome.status == Outcome.FAILED:
                self.stdout.write(f"  failed: {outcome.error}")
            for warning in outcome.warnings:
                self.stdout.write(f"  warning: {outcome.filename}: {describe(warning.as_dict())}")
        by_theme = Counter()
        for outcome in outcomes:
            by_theme.update(outcome.created_by_theme)
        themes = Theme.objects.order_by("position")
        total = sum(by_theme.values())
        parts = [f"{theme.name_zh} {by_theme.get(theme.code, 0)}" for theme in themes]
        self.stdout.write(f"Observations created: {total} ({', '.join(parts)}).")
