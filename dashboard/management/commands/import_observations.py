from __future__ import annotations

import threading
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone, translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dashboard.models import ImportJob, ImportState
from dashboard.resources import ImportFileError, ImportResult, run_import

# The admin's progress page is refreshed every two seconds; the job row need not change faster.
_JOB_UPDATE_SECONDS = 1.0


class Command(BaseCommand):
    help = (
        "Import observations from a CSV (UTF-8 with or without BOM, GB18030/GBK) or Excel "
        "(.xlsx) file with the columns of the CSV download, named by code or in Chinese. Every "
        "row is checked first; when any is wrong nothing is written and the errors name row and "
        "column. A figure already stored is not stored again. Exits non-zero on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="the .csv or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the rows and count the new ones only"
        )
        parser.add_argument("--user", help="user name recorded as the author of the rows")
        parser.add_argument(
            "--job", type=int, help="run the admin's import job with this id (instead of a file)"
        )
        parser.add_argument(
            "--language", default="zh-hans", help="language of the error messages (zh-hans, en)"
        )
        parser.add_argument("--no-progress-bar", action="store_true", help="no progress bar")

    def handle(self, *, file, dry_run, user, job, language, no_progress_bar, **options):
        translation.activate(language)
        if job is not None:
            return self._run_job(job, no_progress_bar)
        if file is None:
            raise CommandError("give a file to import, or --job")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"--user {user!r}: no such user")
        with self._progress(no_progress_bar) as report:
            try:
                result = run_import(file, user=author, write=not dry_run, progress=report)
            except ImportFileError as error:
                raise CommandError(str(error)) from None
        self._summarise(result)
        if result.error_count:
            raise CommandError(f"{result.error_count} errors; nothing was imported")

    def _run_job(self, pk: int, no_progress_bar: bool):
        job = ImportJob.objects.filter(pk=pk).select_related("created_by").first()
        if job is None:
            raise CommandError(f"--job {pk}: no such import job")
        ImportJob.objects.filter(pk=pk).update(
            state=ImportState.RUNNING, rows_done=0, updated_at=timezone.now()
        )
        last = 0.0

        def progress(done, estimated):
            nonlocal last
            if time.monotonic() - last >= _JOB_UPDATE_SECONDS:
                ImportJob.objects.filter(pk=pk).update(rows_done=done, rows_estimated=estimated)
                last = time.monotonic()
            report(done, estimated)

        with self._progress(no_progress_bar) as report, _Heartbeat(pk):
            try:
                result = run_import(
                    Path(job.path),
                    filename=job.original_filename,
                    user=job.created_by,
                    write=job.write,
                    progress=progress,
                )
            except ImportFileError as error:
                self._finish(job, ImportState.FAILED, message=str(error))
                raise CommandError(str(error)) from None
            except Exception as error:
                self._finish(job, ImportState.FAILED, message=f"{type(error).__name__}: {error}")
                raise
        if result.error_count:
            state = ImportState.FAILED
        else:
            state = ImportState.DONE if result.written else ImportState.CHECKED
        self._finish(job, state, result=result)
        self._summarise(result)
        if result.error_count:
            raise CommandError(f"{result.error_count} errors; nothing was imported")

    @staticmethod
    def _finish(job: ImportJob, state: str, *, result: ImportResult | None = None, message=""):
        job.state = state
        job.message = message
        if result is not None:
            job.rows_done = job.rows_estimated = result.rows
            job.rows_new = result.new
            job.rows_duplicate = result.duplicates
            job.error_count = result.error_count
            job.errors = [error.as_dict() for error in result.errors]
        job.save()
        if state != ImportState.CHECKED:
            # Written or refused: the file is not needed any more.
            Path(job.path).unlink(missing_ok=True)

    @staticmethod
    def _progress(disabled: bool) -> _Reporter:
        return _Reporter(disabled)

    def _summarise(self, result: ImportResult) -> None:
        if result.error_count:
            self.stdout.write(
                f"Rows read: {result.rows}; errors: {result.error_count}; nothing was imported."
            )
            for error in result.errors:
                self.stdout.write(f"  {error}")
            return
        verb = "imported" if result.written else "would be imported (dry run)"
        self.stdout.write(
            f"Rows read: {result.rows}; new: {result.new} {verb}; "
            f"already stored: {result.duplicates}."
        )


class _Reporter:
    """A progress bar on standard error, fed with (rows done, rows expected)."""

    def __init__(self, disabled: bool):
        self.bar = Progress(
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=disabled,
            transient=True,
        )

    def __enter__(self):
        self.bar.__enter__()
        self.task = self.bar.add_task("rows", total=None)
        return self

    def __call__(self, done: int, estimated: int | None) -> None:
        self.bar.update(self.task, completed=done, total=estimated)

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


class _Heartbeat:
    """While the job runs, a thread touches its row every `ImportJob.HEARTBEAT_SECONDS` (with a
    connection of its own, so also while one statement writes a million rows): the admin's page
    tells a job whose process has ended from one that is busy (`ImportJob.stalled`)."""

    def __init__(self, pk: int):
        self.pk = pk
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"import-job-{pk}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        return False

    def _beat(self) -> None:
        try:
            while not self.stop.wait(ImportJob.HEARTBEAT_SECONDS):
                ImportJob.objects.filter(
                    pk=self.pk, state__in=(ImportState.QUEUED, ImportState.RUNNING)
                ).update(updated_at=timezone.now())
        finally:
            connection.close()  # this thread's own connection
