"""Values read once per GET request: the data version, the coverage state, the region tree.

A GET request changes no figure, so what it reads from the database or the cache several times
(the footer, the lists, the filters) can be read once; `OneReadingPerRequest` in
`dashboard.middleware` opens the block. Outside one (commands, the shell, tests calling selectors)
every call reads afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("dashboard_reading", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(key: str, read: Callable[[], T]) -> T:
    """`read()`, or what it returned earlier in this reading."""
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def replace(key: str, value) -> None:
    """After this reading itself brought a value up to date (the coverage rebuilt)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def forget(key: str) -> None:
    """After this reading itself changed what it had read: the next `once` reads again."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)
