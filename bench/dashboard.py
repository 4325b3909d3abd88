"""Dashboard speed on the synthetic national dataset (`manage.py generate_synthetic` first).

Prints, per page, the median server time over --runs requests and the number of SQL queries; then
the full CSV export (rows/s and peak memory growth) beside PostgreSQL `COPY` of the same rows to
CSV, the baseline, and their ratio. Targets: median ≤ 150 ms per page, ≥ 100,000 CSV rows/s.

Run: .venv/bin/python bench/dashboard.py [--database dashboard_synthetic] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch_db import use_scratch_database


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="dashboard_synthetic")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    use_scratch_database(args.database, recreate=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from dashboard import selectors
    from dashboard.models import Observation

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    total = Observation.objects.filter(synthetic=True).count()
    if not total:
        sys.exit(f"{args.database} has no synthetic rows: run `manage.py generate_synthetic`")
    print(f"{args.database}: {total:,} synthetic observations")

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    pages = {
        "overview": "/",
        "theme (default)": "/theme/family_doctor/",
        "theme, counties of 南平市": "/theme/medcom/?indicator=county_inpatient_share&year=2022"
        "&level=county&parent=350700&regions=350702&regions=350721",
        "theme, all counties": "/theme/childcare/?indicator=childcare_places_per_1000&level=county",
        "indicator": "/indicator/fd_contract_rate/",
        "indicator, filtered p.3": "/indicator/fd_contract_rate/?province=350000&year_from=2020"
        "&status=verified&page=3&sort=-value",
        "region (county)": "/region/350581/",
        "region (province)": "/region/350000/",
        "compare (5 regions)": "/compare/?indicator=fd_contract_rate&regions=350581&regions=350700"
        "&regions=421081&regions=140121&regions=350000",
    }
    print(f"\n{'page':32} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KB':>6}")
    for name, url in pages.items():
        client.get(url)  # warm caches and imports
        times, queries = [], 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
            assert response.status_code == 200, (url, response.status_code)
        size = len(response.content) / 1024
        print(
            f"{name:32} {statistics.median(times):10.1f} {max(times):8.1f} {queries:8} {size:6.0f}"
        )

    print("\nfull CSV export (every visible observation)")
    before = rss_mb()
    started = time.perf_counter()
    response = client.get("/observations.csv")
    size = rows = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\r\n")
    seconds = time.perf_counter() - started
    rows -= 1  # the header
    print(
        f"  dashboard: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s, "
        f"{size / 1e6:.0f} MB; peak memory {before:.0f} → {rss_mb():.0f} MB"
    )

    sql, params = selectors.export_queryset(
        selectors.visible_observations()
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        composed = connection.ops.compose_sql(sql, params)
        started = time.perf_counter()
        copied = copied_rows = 0
        with cursor.cursor.copy(f"COPY ({composed}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                copied += len(block)
                copied_rows += bytes(block).count(b"\n")
        baseline = time.perf_counter() - started
    print(
        f"  PostgreSQL COPY of the same rows: {copied_rows:,} rows in {baseline:.2f} s = "
        f"{copied_rows / baseline:,.0f} rows/s"
    )
    print(f"  ratio dashboard / COPY time: {seconds / baseline:.1f}×")


if __name__ == "__main__":
    main()
