"""A synthetic national dataset in a database of its own, for the dashboard benchmark.

Every region × YEARS years × every catalog indicator, with plausible values (shares in 0–100 that
drift towards the national target, counts scaled by the region's level), a fifth of them left
"extracted", all flagged `synthetic`. The rows go to a separate database on the same server
(default `dashboard_synthetic`), never to the one holding real data; the reference tables are copied
from the real database, so run `manage.py bootstrap` first.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from django.core.management import BaseCommand, CommandError, call_command
from django.db import connections
from django.utils import timezone

from dashboard import coverage
from dashboard.models import Indicator, Observation, Region, Theme

ALIAS = "synthetic"
REFERENCE_TABLES = [Theme, Region, Indicator]
# Typical county-level magnitude per unit; prefectures and provinces add up their counties.
COUNTY_SCALE = {
    "人次": 400_000,
    "次": 20_000,
    "个": 600,
    "家": 40,
    "支": 80,
    "人": 30_000,
    "万元": 800,
}
LEVEL_FACTOR = {"county": 1, "prefecture": 9, "province": 90, "country": 2800}
OBSERVATION_COLUMNS = [
    "region_id",
    "indicator_id",
    "year",
    "value",
    "qualifier",
    "kind",
    "status",
    "quote",
    "source",
    "note",
    "synthetic",
    "created_at",
    "updated_at",
]


def plausible_value(rng: random.Random, indicator: Indicator, level: str, step: int) -> Decimal:
    """A value for the `step`-th year: shares drift upwards, counts grow a few % a year."""
    if indicator.unit == "%":
        start = rng.uniform(35, 80)
        value = min(99.5, start + step * rng.uniform(0.3, 2.0))
        if indicator.direction == "down":
            value = max(5.0, 100 - value)
        return Decimal(f"{value:.2f}")
    if indicator.unit == "岁":
        return Decimal(f"{rng.uniform(74, 80) + step * 0.2:.2f}")
    if indicator.unit == "天":
        return Decimal(f"{max(4.0, rng.uniform(7, 10) - step * 0.1):.1f}")
    if indicator.value_type == "rate":
        return Decimal(f"{rng.uniform(1.0, 3.5) + step * 0.25:.2f}")
    base = COUNTY_SCALE.get(indicator.unit, 1000) * LEVEL_FACTOR.get(level, 1)
    return Decimal(round(base * rng.uniform(0.4, 1.6) * (1.04**step)))


class Command(BaseCommand):
    help = (
        "Fill a separate database (default dashboard_synthetic, on the same server) with a "
        "synthetic national dataset: every region × --years years × every indicator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database-name", default="dashboard_synthetic")
        parser.add_argument("--years", type=int, default=10, help="number of years (default 10)")
        parser.add_argument("--last-year", type=int, default=2024)
        parser.add_argument(
            "--regions", type=int, default=None, help="only the first N regions (default: all)"
        )
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *, database_name, years, last_year, regions, seed, **options):
        real = connections["default"].settings_dict
        if database_name == real["NAME"]:
            raise CommandError(
                f"{database_name!r} is the database of the real data; choose another name"
            )
        started = time.perf_counter()
        self._create_database(database_name)
        connections.settings[ALIAS] = {**real, "NAME": database_name}
        try:
            call_command("migrate", database=ALIAS, interactive=False, verbosity=0)
            self._copy_reference_tables()
            count = self._fill(years, last_year, regions, random.Random(seed))
            # The rows were copied in past the write rules: count them once here, not in the
            # first page request.
            coverage.rebuild(using=ALIAS)
        finally:
            connections[ALIAS].close()
        self.stdout.write(
            f"{count:,} synthetic observations in database {database_name!r} "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def _create_database(self, name: str) -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')

    def _copy_reference_tables(self) -> None:
        if not Region.objects.exists():
            raise CommandError("the real database has no regions: run `manage.py bootstrap` first")
        with connections["default"].cursor() as source, connections[ALIAS].cursor() as target:
            for model in REFERENCE_TABLES:
                table = model._meta.db_table
                target.execute(f'TRUNCATE "{table}" CASCADE')
                # Rows of a self-referencing table are checked at the end of the statement.
                with (
                    source.cursor.copy(f'COPY "{table}" TO STDOUT') as out,
                    target.cursor.copy(f'COPY "{table}" FROM STDIN') as into,
                ):
                    for block in out:
                        into.write(block)

    def _fill(self, years: int, last_year: int, limit: int | None, rng: random.Random) -> int:
        regions = list(Region.objects.using(ALIAS).values_list("code", "level").order_by("code"))
        if limit:
            regions = regions[:limit]
        indicators = list(Indicator.objects.using(ALIAS).all())
        now = timezone.now()
        first_year = last_year - years + 1
        statuses = random.Random(rng.random())
        table = Observation._meta.db_table
        count = 0
        with connections[ALIAS].cursor() as cursor:
            with cursor.cursor.copy(
                f'COPY "{table}" ({", ".join(OBSERVATION_COLUMNS)}) FROM STDIN'
            ) as copy:
                for code, level in regions:
                    for indicator in indicators:
                        state = rng.getstate()
                        for step in range(years):
                            # The same start for every year of a series, so values drift smoothly.
                            rng.setstate(state)
                            value = plausible_value(rng, indicator, level, step)
                            status = "extracted" if statuses.random() < 0.2 else "verified"
                            copy.write_row(
                                (
                                    code,
                                    indicator.code,
                                    first_year + step,
                                    value,
                                    "eq",
                                    "actual",
                                    status,
                                    "",
                                    "synthetic",
                                    "",
                                    True,
                                    now,
                                    now,
                                )
                            )
                            count += 1
                        rng.random()
            cursor.execute(f'VACUUM ANALYZE "{table}"')
        return count
