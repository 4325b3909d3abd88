"""Rules an observation's figures must obey, shared by model validation and the ingest loader.

Pure: plain values in, the defect found (or None) out. The model turns defects into translated
messages naming the field; the loader turns them into report warnings.
"""

from __future__ import annotations

from decimal import Decimal

FIRST_YEAR = 1949
LAST_YEAR = 2100

# Defects, as codes: the model words them as field errors, report warnings carry them.
YEAR_OUT_OF_RANGE = "year_out_of_range"
NEGATIVE = "negative"
SHARE_ABOVE_100 = "share_above_100"
TOO_LARGE = "too_large"

# Observation.value is numeric(20, 4): PostgreSQL refuses a value of 10^16 or more.
VALUE_LIMIT = Decimal(10) ** 16


def year_out_of_range(year: int | None) -> bool:
    return year is not None and not FIRST_YEAR <= year <= LAST_YEAR


def value_defect(value: Decimal | None, value_type: str | None) -> str | None:
    if value is None:
        return None
    if value < 0:
        return NEGATIVE
    if value >= VALUE_LIMIT:
        return TOO_LARGE
    if value_type == "percent" and value > 100:
        return SHARE_ABOVE_100
    return None


def observation_problems(
    year: int | None, value: Decimal | None, value_type: str | None
) -> list[str]:
    """The defects of a figure: YEAR_OUT_OF_RANGE, NEGATIVE, TOO_LARGE, SHARE_ABOVE_100 (none
    when valid)."""
    problems = []
    if year_out_of_range(year):
        problems.append(YEAR_OUT_OF_RANGE)
    defect = value_defect(value, value_type)
    if defect is not None:
        problems.append(defect)
    return problems
