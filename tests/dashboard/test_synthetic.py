"""generate_synthetic, run as a user runs it: in its own process, against its own database."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from dashboard.models import Indicator, Report
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


def connect(dbname: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def generate(db):
    """Runs the command with the test database as the real one; drops what it made."""
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    real_url = (
        f"postgres://{settings['USER']}{password}@{quote(settings['HOST'], safe='')}"
        f"{':' + str(settings['PORT']) if settings['PORT'] else ''}/{settings['NAME']}"
    )
    name = f"synthetic_test_{os.getpid()}"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", "generate_synthetic", *args],
            cwd=PROJECT,
            env={**os.environ, "DATABASE_URL": real_url},
            capture_output=True,
            text=True,
            timeout=300,
        )

    yield name, run
    with connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_it_fills_its_own_database_with_flagged_rows_and_leaves_the_real_one_alone(generate):
    name, run = generate
    result = run("--database-name", name, "--regions", "4", "--years", "3")
    assert result.returncode == 0, result.stderr
    expected = 4 * 3 * Indicator.objects.count()
    with connect(name) as synthetic:
        rows = synthetic.execute(
            "SELECT count(*), count(*) FILTER (WHERE synthetic), min(year), max(year) "
            "FROM dashboard_observation"
        ).fetchone()
    assert rows == (expected, expected, 2022, 2024)
    with connect(connection.settings_dict["NAME"]) as real:
        assert real.execute("SELECT count(*) FROM dashboard_observation").fetchone() == (0,)
    assert f"{expected:,} synthetic observations" in result.stdout


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("sync_orm_beside_playwright")
def test_it_runs_beside_real_reports_and_leaves_their_history_alone(generate, reference_data):
    # Migrating its own database must not read or write the real one's reports.
    ReportFactory()
    history = Report.history.count()
    name, run = generate
    result = run("--database-name", name, "--regions", "4", "--years", "3")
    assert result.returncode == 0, result.stderr
    assert Report.history.count() == history


def test_its_shares_stay_between_0_and_100(generate):
    name, run = generate
    assert run("--database-name", name, "--regions", "30", "--years", "10").returncode == 0
    with connect(name) as synthetic:
        shares = synthetic.execute(
            "SELECT count(*), max(o.value) FROM dashboard_observation o "
            "JOIN dashboard_indicator i ON i.code = o.indicator_id WHERE i.value_type = 'percent'"
        ).fetchone()
        negative = synthetic.execute(
            "SELECT count(*) FROM dashboard_observation WHERE value < 0"
        ).fetchone()
    assert shares[0] > 0 and shares[1] <= 100
    assert negative == (0,)


def test_it_refuses_to_write_into_the_database_of_the_real_data(generate):
    _, run = generate
    result = run("--database-name", connection.settings_dict["NAME"])
    assert result.returncode != 0
    assert "is the database of the real data" in result.stderr


def test_it_counts_its_rows_for_the_overview_so_no_page_has_to(generate):
    name, run = generate
    assert run("--database-name", name, "--regions", "4", "--years", "3").returncode == 0
    with connect(name) as synthetic:
        state = synthetic.execute(
            "SELECT built, observation_max_id = (SELECT max(id) FROM dashboard_observation) "
            "FROM dashboard_coveragestate"
        ).fetchone()
        counted = synthetic.execute(
            "SELECT observations, regions FROM dashboard_coverage "
            "WHERE scope = 'indicator:fd_contract_rate'"
        ).fetchone()
    assert state == (True, True)
    assert counted == (4 * 3, 4)
