"""Loading the reference tables (themes, regions, the indicator catalog) from the CSV files.

In: the CSV files in dashboard/data. Out: rows created or updated so that the database equals the
files, and a count of what changed. Rows already equal are not written, so a second load changes
nothing (and leaves no history entries). Rows that the files no longer contain are kept: observations
may point at them. A malformed file raises `ReferenceDataError` naming the file, line and field.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from dashboard import coverage, reference_cache
from dashboard.models import (
    LEVEL_RANK,
    Direction,
    Indicator,
    Region,
    RegionLevel,
    Theme,
    ValueType,
)


class ReferenceDataError(ValueError):
    pass


@dataclass(frozen=True)
class LoadResult:
    table: str
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return (
            f"{self.table}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def read_csv(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a UTF-8 CSV with exactly `columns`, each with its line number."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise ReferenceDataError(
                f"{path.name}: expected columns {','.join(columns)}, "
                f"found {','.join(reader.fieldnames or [])}"
            )
        return [(reader.line_num, row) for row in reader]


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split("|") if item.strip()]


def _sync(model, table: str, wanted: dict[str, dict], fields: list[str]) -> LoadResult:
    existing = model.objects.in_bulk(list(wanted))
    created, updated = [], []
    for pk, values in wanted.items():
        current = existing.get(pk)
        if current is None:
            created.append(model(pk=pk, **values))
        elif any(getattr(current, field) != values[field] for field in fields):
            for field in fields:
                setattr(current, field, values[field])
            updated.append(current)
    model.objects.bulk_create(created, batch_size=1000)
    for row in updated:
        # save(), not bulk_update: history records each catalog change.
        row.save()
    return LoadResult(table, len(created), len(updated), len(wanted) - len(created) - len(updated))


THEME_COLUMNS = ["code", "name_zh", "name_en", "position"]


def load_themes(path: Path) -> LoadResult:
    wanted = {
        row["code"]: {
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "position": int(row["position"]),
        }
        for _, row in read_csv(path, THEME_COLUMNS)
    }
    result = _sync(Theme, "themes", wanted, ["name_zh", "name_en", "position"])
    reference_cache.changed()
    return result


REGION_COLUMNS = ["code", "name", "level", "parent_code", "aliases", "initials"]


def load_regions(path: Path) -> LoadResult:
    rows = read_csv(path, REGION_COLUMNS)
    levels = {row["code"]: row["level"] for _, row in rows}
    known_levels = dict(Region.objects.values_list("code", "level"))
    wanted: dict[str, dict] = {}
    for line, row in rows:
        code, level, parent = row["code"], row["level"], row["parent_code"] or None
        where = f"{path.name}:{line}"
        if not (len(code) == 6 and code.isdigit()):
            raise ReferenceDataError(f"{where}: code {code!r} is not six digits")
        if code in wanted:
            raise ReferenceDataError(f"{where}: code {code} appears twice")
        if level not in RegionLevel.values:
            raise ReferenceDataError(f"{where}: level {level!r} is not one of {RegionLevel.values}")
        if parent is not None:
            parent_level = levels.get(parent) or known_levels.get(parent)
            if parent_level is None:
                raise ReferenceDataError(f"{where}: parent_code {parent} is not a known region")
            if LEVEL_RANK[parent_level] >= LEVEL_RANK[level]:
                raise ReferenceDataError(
                    f"{where}: parent_code {parent} ({parent_level}) is not above {level}"
                )
        elif level != RegionLevel.COUNTRY:
            raise ReferenceDataError(f"{where}: parent_code is empty for a {level}")
        wanted[code] = {
            "name": row["name"],
            "level": level,
            "parent_id": parent,
            "aliases": _split(row["aliases"]),
            "initials": row["initials"].lower(),
        }
    with transaction.atomic():
        fields = ["name", "level", "parent_id", "aliases", "initials"]
        result = _sync(Region, "regions", wanted, fields)
    reference_cache.changed()
    return result


CATALOG_COLUMNS = [
    "code",
    "theme",
    "name_zh",
    "name_en",
    "unit",
    "value_type",
    "direction",
    "additive",
    "definition",
    "definition_zh",
    "target_value",
    "target_year",
    "target_source",
    "phrasings",
]


def parse_catalog_row(where: str, row: dict[str, str], themes: set[str]) -> dict:
    def fail(field: str, problem: str) -> ReferenceDataError:
        return ReferenceDataError(f"{where}: {field} {row[field]!r} {problem}")

    if row["theme"] not in themes:
        raise fail("theme", f"is not one of {sorted(themes)}")
    if row["value_type"] not in ValueType.values:
        raise fail("value_type", f"is not one of {ValueType.values}")
    if row["direction"] not in Direction.values:
        raise fail("direction", f"is not one of {Direction.values}")
    if row["additive"] not in {"yes", "no"}:
        raise fail("additive", "is not yes or no")
    try:
        target_value = Decimal(row["target_value"]) if row["target_value"] else None
    except InvalidOperation:
        raise fail("target_value", "is not a number") from None
    if row["target_year"] and not row["target_year"].isdigit():
        raise fail("target_year", "is not a year")
    target_year = int(row["target_year"]) if row["target_year"] else None
    if target_value is not None and target_year is None:
        raise fail("target_year", "is empty although target_value is set")
    return {
        "theme_id": row["theme"],
        "name_zh": row["name_zh"],
        "name_en": row["name_en"],
        "unit": row["unit"],
        "value_type": row["value_type"],
        "direction": row["direction"],
        "additive": row["additive"] == "yes",
        "definition": row["definition"],
        "definition_zh": row["definition_zh"],
        "target_value": target_value,
        "target_year": target_year,
        "target_source": row["target_source"],
        "phrasings": _split(row["phrasings"]),
    }


def load_catalog(path: Path) -> LoadResult:
    themes = set(Theme.objects.values_list("code", flat=True))
    wanted: dict[str, dict] = {}
    for position, (line, row) in enumerate(read_csv(path, CATALOG_COLUMNS), start=1):
        where = f"{path.name}:{line}"
        if row["code"] in wanted:
            raise ReferenceDataError(f"{where}: code {row['code']} appears twice")
        wanted[row["code"]] = {**parse_catalog_row(where, row, themes), "position": position}
    fields = [*next(iter(wanted.values()), {}).keys()]
    with transaction.atomic():
        result = _sync(Indicator, "indicators", wanted, fields)
        if result.updated:
            # An indicator may have moved to another theme, whose counts then change.
            coverage.forget()
    reference_cache.changed()
    return result
