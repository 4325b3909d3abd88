"""Import speed, and the round trip export → import of the synthetic national dataset.

Makes the synthetic set (`generate_synthetic`: every region × 10 years × every indicator, about
1M rows) in a database of its own, exports it as the dashboard's CSV, imports that file into an
empty database (`import_observations`: every row checked, then the new ones written with their
history rows), exports again and compares the two files byte for byte. Prints rows/s for the
check alone (a dry run) and for check plus write, the same for an .xlsx of --xlsx-rows rows, and
whether the round trip is identical. Target on 2 cores: ≥ 5,000 rows/s for check plus write.

Run: .venv/bin/python bench/import.py [--regions N (default all)] [--xlsx-rows 100000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch_db import BASE_DIR, drop_database, use_scratch_database

SOURCE = "dashboard_bench_import_source"
SYNTHETIC = "dashboard_bench_import_synthetic"
TARGET = "dashboard_bench_import_target"


def manage(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, help="only the first N regions (default: all)")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="rows of the .xlsx run")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    out = sys.stdout
    try:
        source = use_scratch_database(SOURCE)
        manage(source, "bootstrap")
        synthetic = source.rsplit("/", 1)[0] + "/" + SYNTHETIC
        extra = ["--regions", str(options.regions)] if options.regions else []
        started = time.perf_counter()
        manage(source, "generate_synthetic", "--database-name", SYNTHETIC, *extra)
        out.write(f"synthetic set made in {time.perf_counter() - started:.0f} s\n")
        before = folder / "before.csv"
        manage(synthetic, "export_observations", "-o", str(before))

        target = use_scratch_database(TARGET)
        manage(target, "bootstrap")
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django

        django.setup()
        from dashboard.models import Observation
        from dashboard.resources import run_import

        started = time.perf_counter()
        checked = run_import(before, write=False)
        check_seconds = time.perf_counter() - started
        assert not checked.error_count, checked.errors[:5]
        started = time.perf_counter()
        result = run_import(before)
        import_seconds = time.perf_counter() - started
        rows = result.rows
        out.write(f"file: {rows:,} rows, {before.stat().st_size / 1e6:.0f} MB of CSV\n")
        out.write(
            f"check only (dry run): {rows / check_seconds:,.0f} rows/s ({check_seconds:.0f} s)\n"
        )
        out.write(
            f"check + write:        {rows / import_seconds:,.0f} rows/s ({import_seconds:.0f} s; "
            f"{result.new:,} new)  (target ≥ 5,000 rows/s)\n"
        )
        out.write(
            f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB\n"
        )
        history = Observation.history.filter(history_change_reason="CSV import").count()
        out.write(f"history rows written: {history:,}\n")

        after = folder / "after.csv"
        manage(target, "export_observations", "-o", str(after))
        same = digest(before) == digest(after)
        out.write(f"round trip export → import → export identical: {'yes' if same else 'NO'}\n")

        xlsx = _workbook(before, folder / "part.xlsx", options.xlsx_rows)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {Observation._meta.db_table}, {Observation.history.model._meta.db_table}"
            )
        started = time.perf_counter()
        part = run_import(xlsx)
        seconds = time.perf_counter() - started
        out.write(f".xlsx check + write:  {part.rows / seconds:,.0f} rows/s ({part.rows:,} rows)\n")
        out.write(
            f"peak memory after the .xlsx: "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB\n"
        )
        if not same:
            sys.exit(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        from django.db import connections

        connections.close_all()
        for name in (SOURCE, SYNTHETIC, TARGET):
            drop_database(name)


def _workbook(csv_path: Path, path: Path, rows: int) -> Path:
    import csv

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        for number, cells in enumerate(csv.reader(handle)):
            if number > rows:
                break
            sheet.append(cells)
    book.save(path)
    return path


if __name__ == "__main__":
    main()
