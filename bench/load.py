"""Throughput under load: concurrent clients against gunicorn on the synthetic national dataset.

Starts gunicorn (as the README runs it in production: --workers 3) on 127.0.0.1 only, against the
synthetic database (`manage.py generate_synthetic` first), requests every page of the mix once to
warm it, then measures one client for --baseline-seconds (the baseline) and --clients concurrent
clients for --seconds. Each client requests the pages of a fixed mix in its own order: the nine
pages of bench/dashboard.py, every indicator's page, every theme, and the pages of 60 regions.
Prints requests/s, errors (any answer but 200, or no answer) and the 50th, 95th and 99th
percentile of the response time, for the baseline and under load, and the ratio of the
throughputs. Targets on 2 cores: ≥ 50 requests/s, no error, p99 ≤ 1.5 s under 50 clients.

With --changes-per-second N a reviewer changes a figure N times a second during both runs (its
status, back and forth, through dashboard.review): every change is a new data version, so the
pages' cached lists, charts and parts are computed again, as during an ingest.

Run: .venv/bin/python bench/load.py [--clients 50] [--seconds 60] [--baseline-seconds 20]
                                    [--changes-per-second 0]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard import PAGES
from bench.scratch_db import BASE_DIR, use_scratch_database

HOST = "127.0.0.1"  # never another host: this benchmark loads the machine it runs on
MAX_SECONDS = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def page_mix(database_url: str) -> list[str]:
    """The benchmark's pages, every indicator and theme, and 60 regions chosen with a fixed seed."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        indicators = [row[0] for row in connection.execute("SELECT code FROM dashboard_indicator")]
        themes = [row[0] for row in connection.execute("SELECT code FROM dashboard_theme")]
        regions = [row[0] for row in connection.execute("SELECT code FROM dashboard_region")]
    rng = random.Random(13)
    return [
        *PAGES.values(),
        *(f"/indicator/{code}/" for code in sorted(indicators)),
        *(f"/theme/{code}/" for code in sorted(themes)),
        *(f"/region/{code}/" for code in rng.sample(sorted(regions), 60)),
    ]


def get(port: int, path: str) -> tuple[int, float]:
    """(status, seconds); status 0 when no answer came. A new connection per request, as the
    sync workers close each one."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Language": "zh-hans"})
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - started


@dataclass
class Run:
    seconds: float
    times: list[float] = field(default_factory=list)
    errors: int = 0

    def line(self, name: str) -> str:
        count = len(self.times) + self.errors
        if not self.times:
            return f"{name:22} no answers ({self.errors} errors)"
        ordered = sorted(self.times)

        def quantile(share: float) -> float:
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

        return (
            f"{name:22} {count / self.seconds:8.1f} {self.errors:7} "
            f"{quantile(0.50):8.0f} {quantile(0.95):8.0f} {quantile(0.99):8.0f} "
            f"{statistics.mean(self.times) * 1000:8.0f}"
        )

    @property
    def rate(self) -> float:
        return (len(self.times) + self.errors) / self.seconds


def load(port: int, urls: list[str], clients: int, seconds: float) -> Run:
    run = Run(seconds)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        order = urls[:]
        random.Random(number).shuffle(order)
        index = 0
        while time.perf_counter() < deadline:
            status, took = get(port, order[index % len(order)])
            index += 1
            with lock:
                if status == 200:
                    run.times.append(took)
                else:
                    run.errors += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run


class Reviewer(threading.Thread):
    """Sets one synthetic figure to verified and back, `rate` times a second, as a reviewer
    would (through dashboard.review), until stopped; leaves it as it found it."""

    def __init__(self, rate: float):
        super().__init__(daemon=True)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from dashboard.models import Observation

        self.interval = 1 / rate
        self.observation = Observation.objects.filter(synthetic=True).order_by("id").first()
        self.original = self.observation.status
        self.changes = 0
        self.stopping = threading.Event()
        self.start()

    def run(self) -> None:
        from django.db import connection

        from dashboard import review
        from dashboard.models import Status

        try:
            while not self.stopping.wait(self.interval):
                flipped = Status.VERIFIED if self.changes % 2 == 0 else Status.EXTRACTED
                review.set_status([self.observation], flipped, None)
                self.changes += 1
            review.set_status([self.observation], self.original, None)
        finally:
            connection.close()

    def stop(self) -> int:
        self.stopping.set()
        self.join()
        return self.changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="dashboard_synthetic")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--changes-per-second", type=float, default=0)
    args = parser.parse_args()
    if not 0 < args.seconds <= MAX_SECONDS or not 0 < args.baseline_seconds <= MAX_SECONDS:
        sys.exit(f"--seconds and --baseline-seconds must be between 0 and {MAX_SECONDS}")
    if not 1 <= args.clients <= 200:
        sys.exit("--clients must be between 1 and 200")

    database_url = use_scratch_database(args.database, recreate=False)
    urls = page_mix(database_url)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    python = str(Path(sys.executable))
    # Always: the production storage needs a manifest that lists every file of this checkout,
    # and collecting again copies only what changed.
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=environment,
        check=True,
    )

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=environment,
    )
    try:
        for _ in range(600):
            if get(port, "/")[0] == 200:
                break
            if server.poll() is not None:
                sys.exit("gunicorn stopped while starting")
            time.sleep(0.1)
        else:
            sys.exit("gunicorn did not answer within a minute")
        for url in urls:  # the shared cache holds every page's lists and figures afterwards
            status, _took = get(port, url)
            if status != 200:
                sys.exit(f"{url} answered {status} while warming up")

        print(
            f"{args.database} through gunicorn --workers {args.workers} on {HOST}:{port}; "
            f"{len(urls)} pages in the mix; {os.cpu_count()} cores"
        )
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        reviewer = Reviewer(args.changes_per_second) if args.changes_per_second else None
        try:
            baseline = load(port, urls, 1, args.baseline_seconds)
            loaded = load(port, urls, args.clients, args.seconds)
        finally:
            if reviewer:
                print(f"figures changed during the runs: {reviewer.stop()}")
        print(
            f"\n{'':22} {'req/s':>8} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'mean ms':>8}"
        )
        print(baseline.line(f"1 client, {args.baseline_seconds:.0f} s"))
        print(loaded.line(f"{args.clients} clients, {args.seconds:.0f} s"))
        print(f"throughput under load / one client: {loaded.rate / baseline.rate:.1f}×")
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
