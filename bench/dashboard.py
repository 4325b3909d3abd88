"""Dashboard speed on the synthetic national dataset (`manage.py generate_synthetic` first).

Per page: median and 95th percentile server time over --runs requests, next to the page's floor
measured in the same run, and their ratio. The floor is the page's data read straight from
PostgreSQL: the SQL the page runs when Django's cache is empty and bypassed (a DummyCache), sent
through a bare psycopg cursor, every row fetched and passed to `json.dumps`; no ORM objects, no
templates. Page and floor runs alternate, so both see the same load on a shared machine. Also
printed: the median time of the page with the cache bypassed (what the first request after a
change of the figures pays, when every cached list, chart and page part is computed again), the
SQL the page runs as served, timed like the floor, and the query count as served. Targets: every
page's median ≤ 2× its floor and ≤ 50 ms.

Then the full CSV export (rows/s and peak memory growth) beside PostgreSQL `COPY` of the same rows
to CSV, the baseline, and their ratio. Target: ≥ 100,000 CSV rows/s.

Run: .venv/bin/python bench/dashboard.py [--database dashboard_synthetic] [--runs 45] [--only region]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch_db import use_scratch_database

PAGES = {
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


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="dashboard_synthetic")
    parser.add_argument("--runs", type=int, default=45)
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV export")
    args = parser.parse_args()

    use_scratch_database(args.database, recreate=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
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
    print(f"{args.database}: {total:,} synthetic observations; {args.runs} runs per page")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    uncached = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    def page_sql(url: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return [query["sql"] for query in captured.captured_queries]

    def replay_ms(queries: list[str]) -> float:
        started = time.perf_counter()
        with connection.connection.cursor() as cursor:
            for sql in queries:
                cursor.execute(sql)
                json.dumps(cursor.fetchall() if cursor.description else [], default=str)
        return (time.perf_counter() - started) * 1000

    header = (
        f"{'page':26} {'median':>7} {'p95':>7} {'floor':>7} {'ratio':>6} "
        f"{'uncached':>8} {'served SQL':>10} {'queries':>7} {'KB':>5}"
    )
    print(f"\n{header}\n{'':26} {'ms':>7} {'ms':>7} {'ms':>7} {'':>6} {'ms':>8} {'ms':>10}")
    worst = 0.0
    for name, url in PAGES.items():
        if args.only not in name:
            continue
        with override_settings(CACHES=uncached):
            floor_sql = page_sql(url)
        client.get(url)  # warm caches and imports
        served_sql = page_sql(url)
        times, floors, served, cold = [], [], [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            floors.append(replay_ms(floor_sql))
            served.append(replay_ms(served_sql))
            with override_settings(CACHES=uncached):
                started = time.perf_counter()
                client.get(url)
                cold.append((time.perf_counter() - started) * 1000)
        size = len(response.content) / 1024
        median, floor = statistics.median(times), statistics.median(floors)
        worst = max(worst, median / floor)
        print(
            f"{name:26} {median:7.1f} {percentile(times, 0.95):7.1f} {floor:7.1f} "
            f"{median / floor:5.2f}× {statistics.median(cold):8.1f} "
            f"{statistics.median(served):10.1f} {len(served_sql):7} {size:5.0f}"
        )
    print(f"largest ratio page / floor: {worst:.2f}× (target ≤ 2×)")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    if args.no_csv:
        return
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
