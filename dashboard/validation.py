"""Rules an observation's figures must obey, shared by model validation and the ingest loader.

Pure: plain values in, a list of problems out (empty when the figures are possible).
"""

from __future__ import annotations

from decimal import Decimal

FIRST_YEAR = 1949
LAST_YEAR = 2100


def year_problem(year: int | None) -> str | None:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return f"the year must be between {FIRST_YEAR} and {LAST_YEAR}"
    return None


def value_problem(value: Decimal | None, value_type: str | None) -> str | None:
    if value is None:
        return None
    if value < 0:
        return "the value cannot be negative"
    if value_type == "percent" and value > 100:
        return "a share in % cannot be above 100"
    return None


def observation_problems(year: int | None, value: Decimal | None, value_type: str | None):
    return [p for p in (year_problem(year), value_problem(value, value_type)) if p]
