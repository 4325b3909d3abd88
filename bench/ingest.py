"""Ingest speed on 1,000 report files made by varying the seeds, in a scratch database.

Prints, measured in the same run: a bare read-and-decode of the files and the pipeline alone
(extraction in one process, nothing stored) as baselines; the ingest end to end in one process
and with the worker processes the ingest command uses (INGEST_WORKERS), in reports/s and as a
ratio of the pipeline's rate; peak memory after a tenth of the files and after all of them (flat
memory means the two stay close); and the time one 20 MB report takes against reading its
bytes. DEBUG is off, as in production. Targets on 2 cores: ≥ 90 reports/s end to end (≥ 200
with the worker processes).

Run: .venv/bin/python bench/ingest.py [--files 1000] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def nudge_decimals(text: str, step: int) -> str:
    """Shift the last digits of every decimal figure, so each variant's content differs."""

    def shifted(match: re.Match[str]) -> str:
        whole, fraction = match.groups()
        return f"{whole}.{(int(fraction) + step) % 10 ** len(fraction):0{len(fraction)}d}"

    return re.sub(r"(?<![\d.])(\d+)\.(\d+)", shifted, text)


def make_reports(folder: Path, count: int, first: int = 0) -> list[Path]:
    """Seed variants: figures nudged, a numbered line added, every fifth file in GB18030."""
    seeds = sorted((BASE_DIR / "seeds").glob("*.txt"))
    texts = [seed.read_text(encoding="utf-8") for seed in seeds]
    files = []
    for number in range(first, first + count):
        body = f"{nudge_decimals(texts[number % len(texts)], number)}\n（编号 {number}）\n"
        path = folder / f"report_{number:04d}.txt"
        path.write_bytes(body.encode("gb18030" if number % 5 == 4 else "utf-8"))
        files.append(path)
    return files


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="number of report files")
    parser.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: INGEST_WORKERS)"
    )
    options = parser.parse_args()

    # Imported here, not above: each worker process imports this module again (as the ingest
    # command's workers import manage.py), and the database driver it would bring took a worker
    # a seventh of a second to start.
    from bench.scratch_db import use_scratch_database

    use_scratch_database("dashboard_bench_ingest")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # As deployed: with DEBUG on (a developer's .env) Django logs every statement with its
    # parameters quoted a second time, a tenth of the storing process's time.
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from ingest.load import Outcome, ingest_files, lexicons
    from ingest.read import read_report
    from ingest.workers import extract_files

    call_command("bootstrap", stdout=open(os.devnull, "w"))  # noqa: SIM115
    context = lexicons()  # once per batch, as the ingest command does
    workers = settings.INGEST_WORKERS if options.workers is None else options.workers
    out = sys.stdout

    folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        # Two sets of different files, so that the second ingest stores new reports too.
        files = make_reports(folder, options.files)
        pooled_files = make_reports(folder, options.files, first=options.files)
        megabytes = sum(path.stat().st_size for path in files) / 1e6

        started = time.perf_counter()
        for path in files:
            read_report(path.read_bytes(), path.name)
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        for _ in extract_files(
            files, limit=settings.REPORT_MAX_BYTES, regions=context.regions, catalog=context.catalog
        ):
            pass
        pipeline = time.perf_counter() - started

        alone, statuses, memory = timed_ingest(
            ingest_files(files, context=context), len(files) // 10
        )
        pooled, pooled_statuses, _ = timed_ingest(
            ingest_files(pooled_files, context=context, processes=workers), len(files) // 10
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def rate(seconds: float) -> str:
        return f"{len(files) / seconds:,.1f} reports/s"

    out.write(f"files: {len(files)} ({megabytes:.1f} MB) per run; ")
    out.write(f"stored: {statuses.count(Outcome.NEW)} and {pooled_statuses.count(Outcome.NEW)}; ")
    out.write(f"failed: {statuses.count(Outcome.FAILED) + pooled_statuses.count(Outcome.FAILED)}\n")
    out.write(f"read+decode baseline:        {rate(baseline)}, {megabytes / baseline:.1f} MB/s\n")
    out.write(f"pipeline alone (1 process):  {rate(pipeline)}\n")
    out.write(
        f"ingest end to end, 1 process: {rate(alone)}  "
        f"({pipeline / alone:.2f}x the pipeline's rate; target ≥ 90 reports/s)\n"
    )
    out.write(
        f"ingest end to end, {workers} worker process{'es' if workers != 1 else ''}: "
        f"{rate(pooled)}  ({pipeline / pooled:.2f}x the pipeline's rate; target ≥ 200 reports/s)\n"
    )
    out.write(f"ratio ingest (1 process)/read+decode time: {alone / baseline:.1f}x\n")
    out.write(
        f"peak memory: {memory[0]:.0f} MB after {len(files) // 10} files, "
        f"{memory[1]:.0f} MB after {len(files)}\n"
    )
    big_report(out, context)


def timed_ingest(outcomes, tenth: int) -> tuple[float, list, tuple[float, float]]:
    """Seconds to consume the outcomes, their statuses, and peak memory after a tenth of them and
    after all."""
    started = time.perf_counter()
    statuses = []
    at_tenth = None
    for outcome in outcomes:
        statuses.append(outcome.status)
        if at_tenth is None and len(statuses) >= tenth:
            at_tenth = peak_rss_mb()
    return time.perf_counter() - started, statuses, (at_tenth or peak_rss_mb(), peak_rss_mb())


def big_report(out, context) -> None:
    """One 20 MB report (the seeds over and over): extraction time against reading its bytes."""
    from ingest.pipeline import extract_report
    from ingest.read import read_report

    seeds = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((BASE_DIR / "seeds").glob("*.txt"))
    )
    raw = (seeds * (20_000_000 // len(seeds.encode("utf-8")) + 1)).encode("utf-8")
    started = time.perf_counter()
    read_report(raw, "huge.txt")
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    report = extract_report(raw, "huge.txt", regions=context.regions, catalog=context.catalog)
    elapsed = time.perf_counter() - started
    out.write(
        f"one {len(raw) / 1e6:.0f} MB report: {elapsed:.1f} s to extract "
        f"({len(report.observations)} figures), {elapsed / baseline:.0f}x the time of reading it\n"
    )


if __name__ == "__main__":
    main()
