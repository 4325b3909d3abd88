"""The reference data every page reads (the themes and indicator catalog, the region tree), kept
by each worker process while the reference version stays the same.

Reading them costs a request a few milliseconds (the catalog's two queries, the tree's 3,212 rows);
the version is read with the data version, in the query every page makes once
(`dashboard.coverage`). Every write of reference data calls `changed()`: the reference data load
(`manage.py bootstrap`) and the admin pages of regions, themes and indicators. A process that
finds another version reads afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_kept: dict[str, tuple[str, object]] = {}  # name → (version, value), in this process


def version() -> str:
    """Changes whenever regions, themes or indicators change (read once per request)."""
    # Here, not at the top: dashboard.models keeps its region tree through this module.
    from dashboard import coverage

    return coverage.reference_version()


def kept(name: str, read: Callable[[], T]) -> T:
    """`read()`, or what it returned in this process for the current version."""
    current = version()
    entry = _kept.get(name)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = read()
    _kept[name] = (current, value)
    return value


def changed() -> None:
    """After regions, themes or indicators change: every process reads them afresh."""
    from dashboard import coverage

    coverage.new_reference_version(uuid.uuid4().hex)
    _kept.clear()
