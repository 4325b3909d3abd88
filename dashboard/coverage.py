"""Coverage counts of the published figures, kept in summary tables so that no page counts them.

Per indicator and per theme (a "scope"): how many published actual figures, for how many regions,
over which years; and how many extracted figures wait for review. Every write rule in
`dashboard.review` runs inside `changing()`: it notes each figure as it was before and as it is
after (`Change`), and the difference is applied in one statement in the same transaction (or in
the very statement that writes the figures: `counted_in`; or, for an import of many rows, counted
from the rows as stored: `count_stored`).

The summary also records the data version (the newest observation id and history id) and the
publishing threshold it is exact for. A change made past `dashboard.review` (the shell, a bulk
update, a copy), a new threshold or an indicator moved to another theme leaves it behind; the next
reader then rebuilds it from the observations (about a second for a national dataset).

The lists and parts the pages cache are keyed on the data version (`data_version()`: those ids,
the newest report history id, since pages show report titles a reviewer corrects, and the
threshold); within a GET request it is read once (`dashboard.reading`).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count

from dashboard import prepared, reading
from dashboard.models import (
    Coverage,
    CoverageByRegion,
    CoverageByYear,
    CoverageState,
    Indicator,
    Kind,
    Observation,
    Report,
    is_held_back,
    is_visible,
)

_OBSERVATIONS = Observation._meta.db_table
_HISTORY = Observation.history.model._meta.db_table
_REPORT_HISTORY = Report.history.model._meta.db_table
_STATE = CoverageState._meta.db_table
_COVERAGE = Coverage._meta.db_table
_BY_REGION = CoverageByRegion._meta.db_table
_BY_YEAR = CoverageByYear._meta.db_table
_INDICATORS = Indicator._meta.db_table

INDICATOR = "indicator:"
THEME = "theme:"


# -- the data version and the state -------------------------------------------------------------


@dataclass(frozen=True)
class State:
    observation_max_id: int | None
    history_max_id: int | None
    held_back: int
    fresh: bool  # the counts are exact for the current data and threshold
    synthetic: bool  # synthetic figures exist (read with the version: every page says so)
    reference_version: str  # see `dashboard.reference_cache`
    # Pages show the reports' titles and dates, which a reviewer corrects: their history counts.
    report_history_max_id: int | None = None

    @property
    def version(self) -> str:
        """Changes whenever an observation or a report is added, changed or deleted through the
        ORM (a new id or a new history row), or the publishing threshold changes."""
        threshold = settings.EXTRACTION_PUBLISH_THRESHOLD
        return (
            f"{self.observation_max_id}-{self.history_max_id}-{self.report_history_max_id}-"
            f"{threshold}"
        )


_NOW = (
    f"(SELECT max(id) FROM {_OBSERVATIONS}), (SELECT max(history_id) FROM {_HISTORY}), "
    f"EXISTS (SELECT 1 FROM {_OBSERVATIONS} WHERE synthetic), "
    f"(SELECT max(history_id) FROM {_REPORT_HISTORY})"
)


# The counts are exact for the data as they are: built, for this threshold, and no observation
# or history row is newer than the ones they counted. Its one parameter is the threshold.
_FRESH = (
    f"s.built AND s.threshold = %s::float8 AND s.observation_max_id IS NOT DISTINCT FROM "
    f"(SELECT max(id) FROM {_OBSERVATIONS}) AND s.history_max_id IS NOT DISTINCT FROM "
    f"(SELECT max(history_id) FROM {_HISTORY})"
)


def _locked(sql: str, lock: bool) -> str:
    return sql + (" FOR UPDATE OF s" if lock else "")


def _read_state(using: str = "default", *, lock: bool = False) -> State:
    with connections[using].cursor() as cursor:
        cursor.execute(
            _locked(
                f"SELECT coalesce({_FRESH}, false), s.held_back, s.reference_version, {_NOW} "
                f"FROM {_STATE} s WHERE s.id = 1",
                lock,
            ),
            [settings.EXTRACTION_PUBLISH_THRESHOLD],
        )
        row = cursor.fetchone()
        if row is None:  # the row was flushed away: nothing is counted
            cursor.execute(f"SELECT {_NOW}")
            row = (False, 0, "", *cursor.fetchone())
    fresh, held_back, reference, max_id, max_history, synthetic, reports = row
    return State(max_id, max_history, held_back, fresh, synthetic, reference, reports)


def _state() -> State:
    return reading.once("coverage-state", _read_state)


def data_version() -> str:
    return _state().version


def reference_version() -> str:
    return _state().reference_version


def new_reference_version(version: str) -> None:
    """Record a new reference data version (`dashboard.reference_cache.changed`)."""
    CoverageState.objects.get_or_create(pk=1)
    CoverageState.objects.filter(pk=1).update(reference_version=version)
    reading.forget("coverage-state")


def has_synthetic() -> bool:
    """Whether synthetic figures (`manage.py generate_synthetic`) are in this database."""
    return _state().synthetic


def up_to_date() -> bool:
    """Whether the counts are exact for the data as they are (no reader has to rebuild them)."""
    return _read_state().fresh


def _fresh_state() -> State:
    state = _state()
    if not state.fresh:
        rebuild()
        state = _read_state()
        reading.replace("coverage-state", state)
    return state


# -- reading ------------------------------------------------------------------------------------


def held_back() -> int:
    """How many extracted figures wait for review before they are published."""
    return _fresh_state().held_back


@dataclass(frozen=True)
class Counts:
    observations: int
    regions: int
    first_year: int | None
    last_year: int | None
    years: int


def counts() -> tuple[dict[str, Counts], dict[str, Counts]]:
    """({indicator code: counts}, {theme code: counts}) for the scopes with published figures."""
    _fresh_state()
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"SELECT c.scope, c.observations, c.regions, y.first, y.last, y.years "
            f"FROM {_COVERAGE} c LEFT JOIN ("
            f"  SELECT scope, min(year) AS first, max(year) AS last, count(*) AS years"
            f"  FROM {_BY_YEAR} WHERE observations > 0 GROUP BY scope"
            f") y ON y.scope = c.scope WHERE c.observations > 0"
        )
        rows = cursor.fetchall()
    per_indicator, per_theme = {}, {}
    for scope, *numbers in rows:
        if scope.startswith(INDICATOR):
            per_indicator[scope.removeprefix(INDICATOR)] = Counts(*numbers)
        else:
            per_theme[scope.removeprefix(THEME)] = Counts(*numbers)
    return per_indicator, per_theme


# -- keeping the counts -------------------------------------------------------------------------


@dataclass
class Change:
    """What a write does to the counts: each figure noted as it was before (`remove`) and as it
    is after (`add`)."""

    cells: Counter = field(default_factory=Counter)  # (indicator, region, year) → ±figures
    held_back: int = 0
    fresh: bool = True  # the summary was exact when the change began

    def add(self, observation, times: int = 1) -> None:
        self._note(observation, +times)

    def remove(self, observation) -> None:
        self._note(observation, -1)

    def _note(self, observation, sign: int) -> None:
        if observation.kind == Kind.ACTUAL and is_visible(
            observation.status, observation.confidence
        ):
            cell = (observation.indicator_id, observation.region_id, observation.year)
            self.cells[cell] += sign
        if is_held_back(observation.status, observation.confidence):
            self.held_back += sign


_BEGIN = _locked(
    f"SELECT coalesce({_FRESH % '%(threshold)s'}, false) FROM {_STATE} s WHERE s.id = 1", True
)


def begin(using: str = "default") -> Change:
    """Before a write (inside its transaction): locks the summary until the transaction ends, so
    that concurrent writes apply their differences one after the other. Reads only whether the
    counts are fresh: the full state's test for synthetic figures scans the observations while
    the planner has no statistics (a new database's first large ingest), before every report."""
    with connections[using].cursor() as cursor:
        # Run before every stored report: planning its two subqueries each time cost PostgreSQL
        # a seventh of its time per report.
        prepared.execute(cursor, _BEGIN, {"threshold": settings.EXTRACTION_PUBLISH_THRESHOLD})
        row = cursor.fetchone()
    return Change(fresh=bool(row and row[0]))


# The cells' differences go to the per-region and per-year rows of the indicator and of its
# theme; a per-region row that goes from zero or to zero changes the scope's regions. `only_if`
# lets a statement that writes the figures itself count them only when it wrote them.
_NOTED_DELTA = """
    SELECT * FROM unnest(
        %(c_indicators)s::text[], %(c_regions)s::text[], %(c_years)s::int[], %(c_counts)s::int[]
    )"""


def _counting(only_if: str = "TRUE", delta: str = _NOTED_DELTA) -> str:
    return f"""
delta (indicator_id, region_code, year, n) AS (
    SELECT * FROM ({delta}) noted WHERE {only_if}
), scoped AS (
    SELECT '{INDICATOR}' || indicator_id AS scope, region_code, year, n FROM delta
    UNION ALL
    SELECT '{THEME}' || i.theme_id, d.region_code, d.year, d.n
    FROM delta d JOIN {_INDICATORS} i ON i.code = d.indicator_id
), region_delta AS (
    SELECT scope, region_code, sum(n) AS n FROM scoped
    GROUP BY scope, region_code HAVING sum(n) <> 0
), by_region AS (
    INSERT INTO {_BY_REGION} AS c (scope, region_code, observations)
    SELECT scope, region_code, n FROM region_delta ORDER BY scope, region_code
    ON CONFLICT (scope, region_code)
    DO UPDATE SET observations = c.observations + EXCLUDED.observations
    RETURNING c.scope, c.region_code, c.observations
), by_year AS (
    INSERT INTO {_BY_YEAR} AS c (scope, year, observations)
    SELECT scope, year, sum(n) FROM scoped GROUP BY scope, year HAVING sum(n) <> 0
    ORDER BY scope, year
    ON CONFLICT (scope, year) DO UPDATE SET observations = c.observations + EXCLUDED.observations
), totals AS (
    SELECT d.scope, sum(d.n) AS n, sum(
        CASE WHEN r.observations > 0 AND r.observations = d.n THEN 1
             WHEN r.observations = 0 AND d.n < 0 THEN -1 ELSE 0 END
    ) AS regions
    FROM region_delta d JOIN by_region r USING (scope, region_code) GROUP BY d.scope
), coverage AS (
    INSERT INTO {_COVERAGE} AS c (scope, observations, regions)
    SELECT scope, n, regions FROM totals ORDER BY scope
    ON CONFLICT (scope) DO UPDATE SET observations = c.observations + EXCLUDED.observations,
                                      regions = c.regions + EXCLUDED.regions
)"""


def _state_update(
    newest_id: str, newest_history: str, only_if: str = "TRUE", held_back: str = "%(c_held_back)s"
) -> str:
    """The summary's new data version and held-back count."""
    return (
        f"UPDATE {_STATE} SET held_back = held_back + {held_back}, "
        f"observation_max_id = {newest_id}, history_max_id = {newest_history} "
        f"WHERE id = 1 AND {only_if}"
    )


_NEWEST_ID = f"(SELECT max(id) FROM {_OBSERVATIONS})"
_NEWEST_HISTORY = f"(SELECT max(history_id) FROM {_HISTORY})"
_APPLY = f"WITH {_counting()}\n{_state_update(_NEWEST_ID, _NEWEST_HISTORY)}"


def _parameters(change: Change) -> dict:
    cells = [(cell, n) for cell, n in change.cells.items() if n]
    return {
        "c_indicators": [cell[0] for cell, _ in cells],
        "c_regions": [cell[1] for cell, _ in cells],
        "c_years": [cell[2] for cell, _ in cells],
        "c_counts": [n for _, n in cells],
        "c_held_back": change.held_back,
    }


def apply(change: Change, using: str = "default") -> None:
    """After the write, in its transaction: the counts follow it, and the summary records the
    new data version. A summary that was already behind is left to the next reader's rebuild."""
    if not change.fresh:
        return
    with connections[using].cursor() as cursor:
        cursor.execute(_APPLY, _parameters(change))


def counted_in(change: Change, *, written: str, history: str, only_if: str) -> tuple[str, dict]:
    """`apply` as part of a statement that writes observations itself, for its last CTEs: the
    text (starting with a comma) and its parameters; nothing when the summary is behind. `written`
    and `history` name the statement's CTEs that return the new rows' `id` and `history_id`: the
    statement does not see its own rows, so the newest ids also come from them. Begun (`begin`)
    in the same transaction, and `change` noted, before the statement runs."""
    if not change.fresh:
        return "", {}
    newest_id = f"greatest({_NEWEST_ID}, (SELECT max(id) FROM {written}))"
    newest_history = f"greatest({_NEWEST_HISTORY}, (SELECT max(history_id) FROM {history}))"
    state = _state_update(newest_id, newest_history, only_if)
    return f", {_counting(only_if)}, counted_state AS ({state})", _parameters(change)


def count_stored(change: Change, first_id: int, last_id: int, using: str = "default") -> None:
    """After a write of many new figures (an import), in its transaction: the figures with ids
    `first_id`…`last_id` counted where they are stored, by the same rules as `rebuild`, instead
    of noted one by one in `change` (a million cells would travel to Python and back)."""
    if not change.fresh:
        return
    written = Observation.objects.using(using).filter(id__range=(first_id, last_id)).order_by()
    published = written.visible().filter(kind=Kind.ACTUAL)
    delta, delta_params = _sql(
        published.values("indicator_id", "region_id", "year").annotate(n=Count("id")), using
    )
    held, held_params = _sql(written.held_back().values("id"), using)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"WITH {_counting(delta=delta)}\n"
            + _state_update(
                _NEWEST_ID, _NEWEST_HISTORY, held_back=f"(SELECT count(*) FROM ({held}) h)"
            ),
            [*delta_params, *held_params],
        )


def _sql(queryset, using: str) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using).as_sql()


@contextmanager
def changing(using: str = "default") -> Iterator[Change]:
    """A transaction around a write of observations that keeps the counts exact. Inside an
    outer transaction (the ingest's, one per report) it adds no savepoint: a failure rolls the
    whole write back, counts and figures together."""
    with transaction.atomic(using=using, savepoint=False):
        change = begin(using)
        yield change
        apply(change, using)


def forget(using: str = "default") -> None:
    """After a change the counting cannot follow (an indicator moved to another theme): the next
    reader rebuilds the counts."""
    CoverageState.objects.using(using).filter(pk=1).update(built=False)


def rebuild(using: str = "default") -> None:
    """Count every published figure again (and the held-back ones), unless another process has
    just done it."""
    with transaction.atomic(using=using):
        CoverageState.objects.using(using).get_or_create(pk=1)
        state = _read_state(using, lock=True)
        if state.fresh:
            return
        # The version first: what commits meanwhile is counted, and only makes the next reader
        # count again.
        published = Observation.objects.using(using).visible().filter(kind=Kind.ACTUAL).order_by()
        per_region = published.values("indicator_id", "region_id").annotate(n=Count("id"))
        per_year = published.values("indicator_id", "year").annotate(n=Count("id"))
        held = Observation.objects.using(using).held_back().count()
        with connections[using].cursor() as cursor:
            for table in (_BY_REGION, _BY_YEAR, _COVERAGE):
                cursor.execute(f"DELETE FROM {table}")
            for table, column, source, queryset in (
                (_BY_REGION, "region_code", "region_id", per_region),
                (_BY_YEAR, "year", "year", per_year),
            ):
                sql, params = queryset.query.get_compiler(using).as_sql()
                cursor.execute(
                    f"INSERT INTO {table} (scope, {column}, observations) "
                    f"SELECT '{INDICATOR}' || indicator_id, {source}, n FROM ({sql}) counted",
                    params,
                )
                cursor.execute(
                    f"INSERT INTO {table} (scope, {column}, observations) "
                    f"SELECT '{THEME}' || i.theme_id, c.{column}, sum(c.observations) "
                    f"FROM {table} c JOIN {_INDICATORS} i ON c.scope = '{INDICATOR}' || i.code "
                    f"GROUP BY 1, 2"
                )
            cursor.execute(
                f"INSERT INTO {_COVERAGE} (scope, observations, regions) "
                f"SELECT scope, sum(observations), count(*) FROM {_BY_REGION} GROUP BY scope"
            )
            # A new reference version too: a change made past the write rules may have reused
            # ids (a truncated table), so the data version alone might name older figures.
            cursor.execute(
                f"UPDATE {_STATE} SET built = true, threshold = %s, held_back = %s, "
                f"observation_max_id = %s, history_max_id = %s, reference_version = %s "
                f"WHERE id = 1",
                [
                    settings.EXTRACTION_PUBLISH_THRESHOLD,
                    held,
                    state.observation_max_id,
                    state.history_max_id,
                    uuid.uuid4().hex,
                ],
            )
