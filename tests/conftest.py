import os
from pathlib import Path

import pytest

from config.embedded_db import EmbeddedPostgres


def pytest_configure(config):
    # pytest-django creates its test database on the same server the product uses.
    from django.conf import settings

    if settings.USING_EMBEDDED_DB:
        # Left running afterwards, like any command's: a dev server may be using it too.
        EmbeddedPostgres(settings.EMBEDDED_PG_DIR).ensure_running()
        # One test database per run, so that two runs on one checkout never collide.
        settings.DATABASES["default"]["TEST"] = {
            **settings.DATABASES["default"].get("TEST", {}),
            "NAME": f"{TEST_DB_PREFIX}{os.getpid()}",
        }
        _drop_test_databases_of_dead_runs(settings.DATABASES["default"])


TEST_DB_PREFIX = "test_dashboard_"


def _drop_test_databases_of_dead_runs(database: dict) -> None:
    import psycopg

    with psycopg.connect(
        host=database["HOST"],
        user=database["USER"],
        password=database["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        names = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [TEST_DB_PREFIX + "%"]
        ).fetchall()
        for (name,) in names:
            pid = name.removeprefix(TEST_DB_PREFIX)
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The reference tables (regions, themes, catalog) are part of every real database.
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("bootstrap", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def as_reviewer(client):
    """A client logged in as a member of 数据审核员; `client.user` is that user."""
    from tests.dashboard.admin_support import reviewer

    user = reviewer()
    client.force_login(user)
    client.user = user
    return client
