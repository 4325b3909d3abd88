"""Ingest speed on 1,000 report files made by varying the seeds, in a scratch database.

Prints reports/s and MB/s end to end, the same for a bare read-and-decode of the same files
(the baseline, measured in the same run), their ratio, and peak memory after a tenth of the files
and after all of them (flat memory means the two stay close), and the time one 20 MB report takes
against reading its bytes. Target on 2 cores: ≥ 90 reports/s end to end.

Run: .venv/bin/python bench/ingest.py [--files 1000]
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch_db import BASE_DIR, use_scratch_database


def nudge_decimals(text: str, step: int) -> str:
    """Shift the last digits of every decimal figure, so each variant's content differs."""

    def shifted(match: re.Match[str]) -> str:
        whole, fraction = match.groups()
        return f"{whole}.{(int(fraction) + step) % 10 ** len(fraction):0{len(fraction)}d}"

    return re.sub(r"(?<![\d.])(\d+)\.(\d+)", shifted, text)


def make_reports(folder: Path, count: int) -> list[Path]:
    """Seed variants: figures nudged, a numbered line added, every fifth file in GB18030."""
    seeds = sorted((BASE_DIR / "seeds").glob("*.txt"))
    texts = [seed.read_text(encoding="utf-8") for seed in seeds]
    files = []
    for number in range(count):
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
    options = parser.parse_args()

    use_scratch_database("dashboard_bench_ingest")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from ingest.load import Outcome, ingest_file, lexicons
    from ingest.read import read_report

    call_command("bootstrap", stdout=open(os.devnull, "w"))  # noqa: SIM115
    context = lexicons()  # once per batch, as the ingest command does

    folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        files = make_reports(folder, options.files)
        megabytes = sum(path.stat().st_size for path in files) / 1e6

        started = time.perf_counter()
        for path in files:
            read_report(path.read_bytes(), path.name)
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        statuses = []
        rss_at_tenth = None
        for index, path in enumerate(files, start=1):
            statuses.append(ingest_file(path, context=context).status)
            if index == max(1, len(files) // 10):
                rss_at_tenth = peak_rss_mb()
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    out = sys.stdout
    out.write(f"files: {len(files)} ({megabytes:.1f} MB); stored: {statuses.count(Outcome.NEW)}; ")
    out.write(f"failed: {statuses.count(Outcome.FAILED)}\n")
    out.write(
        f"read+decode baseline: {len(files) / baseline:,.0f} reports/s, "
        f"{megabytes / baseline:.1f} MB/s\n"
    )
    out.write(
        f"ingest end to end:    {len(files) / elapsed:,.1f} reports/s, "
        f"{megabytes / elapsed:.2f} MB/s  (target ≥ 90 reports/s)\n"
    )
    out.write(f"ratio ingest/baseline time: {elapsed / baseline:.1f}x\n")
    out.write(
        f"peak memory: {rss_at_tenth:.0f} MB after {len(files) // 10} files, "
        f"{peak_rss_mb():.0f} MB after {len(files)}\n"
    )
    big_report(out, context)


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
