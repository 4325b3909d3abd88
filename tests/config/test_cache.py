"""The database cache the pages share: one statement per write, culled like Django's own."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.cache import DatabaseCache

pytestmark = pytest.mark.django_db


def test_a_value_written_is_read_back_and_a_second_write_replaces_it():
    cache.set("years", [2024, 2023])
    cache.set("years", [2024])
    assert cache.get("years") == [2024]


def test_a_write_is_one_statement():
    with CaptureQueriesContext(connection) as captured:
        cache.set("second", 2)
    assert len(captured) == 1
    assert cache.get("second") == 2


def test_an_expired_value_is_not_read():
    cache.set("gone", 1, timeout=-1)
    assert cache.get("gone") is None


def test_a_full_table_is_culled_so_it_stays_bounded():
    small = DatabaseCache("dashboard_cache", {"OPTIONS": {"MAX_ENTRIES": 10}})
    small.clear()
    for number in range(100):
        small.set(f"entry-{number:03d}", number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dashboard_cache")
        assert cursor.fetchone()[0] <= 11
    assert small.get("entry-099") == 99
