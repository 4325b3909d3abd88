"""The reference data every page reads (the themes and indicator catalog, the region tree), kept
by each worker process while a version entry in the shared cache stays the same.

Reading them costs a request a few milliseconds (the catalog's two queries, the tree's 3,212 rows);
checking the version costs it one small cache read, once per request (`dashboard.reading`). Every
write of reference data calls `changed()`: the reference data load (`manage.py bootstrap`) and the
admin pages of regions, themes and indicators. A process that finds another version reads afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from dashboard import reading

T = TypeVar("T")

_VERSION_KEY = "dashboard:reference-version"
_kept: dict[str, tuple[str, object]] = {}  # name → (version, value), in this process


def version() -> str:
    """Changes whenever regions, themes or indicators change (read once per request)."""

    def read() -> str:
        current = cache.get(_VERSION_KEY)
        if current is None:
            current = uuid.uuid4().hex
            cache.set(_VERSION_KEY, current, None)
        return current

    return reading.once("reference-version", read)


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
    current = uuid.uuid4().hex
    cache.set(_VERSION_KEY, current, None)
    reading.replace("reference-version", current)
    _kept.clear()
