"""Rules an observation's figures must obey, shared by model validation and the ingest loader.

Pure: plain values in, the defect found (or None) out. The model turns defects into translated
messages naming the field; the loader turns them into report warnings.
"""

from __future__ import annotations

from decimal import Decimal

FIRST_YEAR = 1949
LAST_YEAR = 2100

NEGATIVE = "negative"
SHARE_ABOVE_100 = "share above 100"


def year_out_of_range(year: int | None) -> bool:
    return year is not None and not FIRST_YEAR <= year <= LAST_YEAR


def value_defect(value: Decimal | None, value_type: str | None) -> str | None:
    if value is None:
        return None
    if value < 0:
        return NEGATIVE
    if value_type == "percent" and value > 100:
        return SHARE_ABOVE_100
    return None


def observation_problems(year: int | None, value: Decimal | None, value_type: str | None):
    problems = []
    if year_out_of_range(year):
        problems.append(f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    defect = value_defect(value, value_type)
    if defect is not None:
        problems.append(f"the value is {defect}")
    return problems
