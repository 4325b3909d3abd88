import os

import pytest

from config.embedded_db import start_embedded_database_if_configured


def pytest_configure(config):
    # pytest-django creates its test database on the same server the product uses.
    start_embedded_database_if_configured()


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
