"""Statements a write runs once per report are prepared once per database session."""

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from dashboard import prepared, review
from dashboard.models import Observation
from tests.dashboard.admin_support import reviewer
from tests.dashboard.test_review import extracted_report


def preparations(queries) -> int:
    return sum(1 for query in queries if query["sql"].startswith("PREPARE"))


@pytest.mark.django_db
def test_storing_more_reports_prepares_nothing_again():
    user = reviewer()
    report, figures = extracted_report("a", user)
    assert review.store_new_report(report, figures, user) is True
    with CaptureQueriesContext(connection) as queries:
        for name in "bc":
            report, figures = extracted_report(name, user)
            assert review.store_new_report(report, figures, user) is True
    assert preparations(queries.captured_queries) == 0
    # Per report: the lock on the coverage summary, then the statement that writes it all.
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["EXECUTE"] * 4
    assert Observation.objects.count() == 6


@pytest.mark.django_db
def test_another_database_session_prepares_the_statement_again():
    sql = "SELECT %(a)s::int * 2"
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, {"a": 2})
        assert cursor.fetchone() == (4,)
    other = connections.create_connection("default")
    try:
        with CaptureQueriesContext(other) as queries, other.cursor() as cursor:
            prepared.execute(cursor, sql, {"a": 21})
            assert cursor.fetchone() == (42,)
    finally:
        other.close()
    assert preparations(queries.captured_queries) == 1


@pytest.mark.django_db
def test_a_prepared_statement_survives_a_rolled_back_transaction():
    with pytest.raises(RuntimeError), connection.cursor() as cursor, transaction.atomic():
        prepared.execute(cursor, "SELECT %(a)s::int + %(b)s::int", {"a": 40, "b": 2})
        raise RuntimeError("the transaction is rolled back")
    with connection.cursor() as cursor, CaptureQueriesContext(connection) as queries:
        prepared.execute(cursor, "SELECT %(a)s::int + %(b)s::int", {"b": 3, "a": 40})
        assert cursor.fetchone() == (43,)
    assert preparations(queries.captured_queries) == 0
