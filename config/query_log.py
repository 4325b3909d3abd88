"""Management commands keep only their last queries in memory, even with DEBUG on.

With DEBUG on (as `make run` sets it) Django keeps the last 9,000 queries of every connection for
the debug pages of a web request; the development server empties the log at each request. A
command keeps it as long as it runs: an ingest of 1,000 reports grew from 91 to 112 MB holding its
INSERTs. `manage.py` calls `keep_short_query_log()` before any command but runserver; the last
queries stay readable (`connection.queries`) for debugging in the shell.
"""

from __future__ import annotations

COMMAND_QUERY_LOG = 100


def keep_short_query_log() -> None:
    """Call before the first database connection is made: each connection sizes its log then."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    BaseDatabaseWrapper.queries_limit = COMMAND_QUERY_LOG
