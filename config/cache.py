"""Django's database cache, writing with one statement on PostgreSQL.

Django's backend counts the whole table and reads the key in a savepoint before every write: five
statements for each list a page computes after the data changed. Here a write is one upsert that
also counts the table; a table over MAX_ENTRIES is culled as Django culls it.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends import db
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import connections, router
from django.utils.timezone import now as tz_now


class DatabaseCache(db.DatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)
        # As Django's backend stores it: base64 of the pickle, an expiry to the second.
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            # The count sees the table as it was before this write (the statement's snapshot).
            cursor.execute(
                f"WITH written AS (INSERT INTO {table} (cache_key, value, expires) "
                f"VALUES (%s, %s, %s) ON CONFLICT (cache_key) DO UPDATE "
                f"SET value = EXCLUDED.value, expires = EXCLUDED.expires) "
                f"SELECT COUNT(*) FROM {table}",
                [key, pickled, expires],
            )
            count = cursor.fetchone()[0] + 1
            if count > self._max_entries:
                self._cull(alias, cursor, tz_now().replace(microsecond=0), count)
