"""Statements run once per stored report, prepared once per database session.

In: a statement with named parameters (`%(name)s`) and their values. Out: the statement run as
`EXECUTE` of a server-side prepared statement, which PREPARE made on this session the first time
it saw the text. Storing a report is one large statement (the report, its figures, their history
rows and the coverage counts); parsing and planning it again for every report cost PostgreSQL
about as much as running it. A prepared statement is planned a few times and then kept as a
generic plan, since its plans do not depend on the values.

Refuses nothing of its own: a parameter PostgreSQL cannot give a type from its place in the
statement fails PREPARE with PostgreSQL's message. Prepared statements belong to the session and
survive a rolled-back transaction; a new connection prepares them again. A pooler that hands
one session to several clients (PgBouncer in transaction mode) would need this switched off.
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref

_NAMED = re.compile(r"%\((\w+)\)s")

# The statements prepared on each open psycopg connection (a reconnect is a new object).
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@functools.lru_cache(maxsize=64)
def _positional(sql: str) -> tuple[str, str, tuple[str, ...]]:
    """The statement's name, its text with $1, $2… for its named parameters, and their names."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    text = _NAMED.sub(number, sql)
    name = "stmt_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    return name, text, tuple(names)


def execute(cursor, sql: str, params: dict) -> None:
    """`cursor.execute(sql, params)` through the session's prepared statement of `sql`."""
    name, text, names = _positional(sql)
    session = cursor.db.connection
    prepared = _prepared_on.setdefault(session, set())
    if name not in prepared:
        # No parameters are passed, so the driver leaves the text (its "%" signs) as it is.
        cursor.execute(f"PREPARE {name} AS {text}")
        prepared.add(name)
    placeholders = ", ".join(["%s"] * len(names))
    cursor.execute(f"EXECUTE {name}({placeholders})", [params[key] for key in names])
