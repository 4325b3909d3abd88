"""Every change a reviewer, an import or the ingest makes to observations and to a report's
details, in one place.

Each change goes through `Model.save` (or simple_history's bulk helper), never `QuerySet.update`,
so that django-simple-history records who changed what and why, and `updated_by` names the
reviewer; the two bulk writes, an import and a new report with its figures, write the same rows
and history rows by SQL of their own. The reasons are stored untranslated and translated where
the history is shown.

Each change also keeps the coverage summary exact (`dashboard.coverage.changing`): the figures
are noted as they were before, read again under a row lock, and as they are after.
"""

from __future__ import annotations

import functools
import json
import operator
import uuid
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from dashboard import coverage, prepared
from dashboard.models import Observation, Report, Status

VERIFIED = gettext_noop("verified")
REJECTED = gettext_noop("rejected")
BACK_TO_EXTRACTED = gettext_noop("back to extracted")
PICKED = gettext_noop("picked in conflict")
OTHER_VALUE_PICKED = gettext_noop("other value picked")
REVIEWED = gettext_noop("reviewed")
MANUAL_ENTRY = gettext_noop("manual entry")
CSV_IMPORT = gettext_noop("CSV import")
EXTRACTED = gettext_noop("extracted from report")
EXTRACTED_AGAIN = gettext_noop("extracted again")
# The record dashboard/migrations/0006 wrote for each report stored before reports had history.
HISTORY_STARTS = gettext_noop("as stored when history began")

# What a reviewer may correct about a report, as (field, attribute) pairs.
REPORT_DETAILS = (
    ("title", "title"),
    ("publisher", "publisher"),
    ("published_on", "published_on"),
    ("region", "region_id"),
    ("year", "year"),
)
# History records that are no person's edit.
_NOT_EDITS = {EXTRACTED, EXTRACTED_AGAIN, HISTORY_STARTS}

_REASON_OF_STATUS = {
    Status.VERIFIED: VERIFIED,
    Status.REJECTED: REJECTED,
    Status.EXTRACTED: BACK_TO_EXTRACTED,
}


class TwoPicksInOneCell(ValueError):
    """Two observations of one region, indicator, year and kind were picked: which is right?"""


def _attribute(observation: Observation, user, reason: str | None) -> None:
    observation.updated_by = user
    # Named for the history also outside a request (a command, the shell).
    observation._history_user = user
    if reason:
        observation._change_reason = reason


# What the coverage counts depend on.
_COUNTED_FIELDS = ("indicator_id", "region_id", "year", "kind", "status", "confidence")


def _as_stored(observations: Iterable[Observation]) -> dict[int, Observation]:
    """The observations as the database holds them, locked until the transaction ends, so that
    what a change removes from the counts is what it replaces."""
    pks = [observation.pk for observation in observations if observation.pk is not None]
    return Observation.objects.select_for_update().only(*_COUNTED_FIELDS).in_bulk(pks)


def _save_status(
    observation: Observation,
    status: str,
    user,
    reason: str,
    change: coverage.Change,
    stored: Observation,
) -> None:
    change.remove(stored)
    observation.status = stored.status = status
    _attribute(observation, user, reason)
    observation.save(update_fields=["status", "updated_by", "updated_at"])
    change.add(stored)


def set_status(observations: Iterable[Observation], status: str, user) -> int:
    """Verify, reject or set back to extracted; returns how many observations changed."""
    changed = 0
    with coverage.changing() as change:
        observations = list(observations)
        stored = _as_stored(observations)
        for observation in observations:
            # The stored status decides, not a copy loaded before another reviewer's change.
            current = stored.get(observation.pk)
            if current is not None and current.status != status:
                reason = _REASON_OF_STATUS[status]
                _save_status(observation, status, user, reason, change, current)
                changed += 1
    return changed


def pick(observations: Iterable[Observation], user) -> int:
    """Each observation is the right value of its conflict: verify it and reject the figures that
    disagree with it. Returns how many were rejected; raises `TwoPicksInOneCell` and changes
    nothing when two of the observations are for the same cell."""
    chosen = list(observations)
    cells = Counter((o.region_id, o.indicator_id, o.year, o.kind) for o in chosen)
    if any(count > 1 for count in cells.values()):
        raise TwoPicksInOneCell
    rejected = 0
    with coverage.changing() as change:
        stored = _as_stored(chosen)
        for observation in chosen:
            current = stored[observation.pk]
            if current.status != Status.VERIFIED:
                _save_status(observation, Status.VERIFIED, user, PICKED, change, current)
            for other in Observation.objects.conflicting_with(observation).select_for_update():
                _save_status(other, Status.REJECTED, user, OTHER_VALUE_PICKED, change, other)
                rejected += 1
    return rejected


def save_correction(observation: Observation, user, *, status_before: str, status_chosen: bool):
    """A reviewer saves an observation's form. Saving an extracted figure without choosing
    another status is vouching for it, corrected or not: it becomes verified."""
    vouched = status_before == Status.EXTRACTED and not status_chosen
    if vouched:
        observation.status = Status.VERIFIED
    _attribute(observation, user, REVIEWED if vouched else None)
    with coverage.changing() as change:
        for before in _as_stored([observation]).values():
            change.remove(before)
        observation.save()
        change.add(observation)


def enter(observation: Observation, user) -> None:
    """A figure typed in from a yearbook or another publication: verified, with its author."""
    observation.created_by = user
    observation.status = Status.VERIFIED
    _attribute(observation, user, MANUAL_ENTRY)
    with coverage.changing() as change:
        observation.save()
        change.add(observation)


def delete(observations: Iterable[Observation]) -> int:
    """Figures an admin deletes (the history keeps them); returns how many were deleted."""
    pks = [observation.pk for observation in observations]
    with coverage.changing() as change:
        # Whole rows: the history keeps a copy of each.
        stored = Observation.objects.select_for_update().in_bulk(pks)
        for before in stored.values():
            change.remove(before)
            before.delete()
    return len(stored)


def store_extracted(observations: list[Observation], user=None) -> None:
    """The figures the ingest extracted from a report, with history rows, so that the audit trail
    of every observation starts at its extraction."""
    for observation in observations:
        observation.created_by = user
    with coverage.changing() as change:
        bulk_create_with_history(
            observations, Observation, default_user=user, default_change_reason=EXTRACTED
        )
        for observation in observations:
            change.add(observation)


def store_new_report(report: Report, observations: list[Observation], user=None) -> bool:
    """A report the ingest read for the first time and the figures it extracted, with the history
    rows of both and the coverage counts, in one statement (`dashboard.prepared`: planned once per
    database session, not once per report) after the summary's lock: the rows
    saving them through the ORM would write (the reason "extracted from report", `user` as their
    author), at a fraction of the cost. Nothing is written and False is returned when a report of
    the same text is already stored. On success `report` has its id and timestamps; the
    observations are written but keep no id."""
    for observation in observations:
        observation.created_by = user
    params: dict = {"user": getattr(user, "pk", None), "reason": EXTRACTED}
    report_columns, report_values = _insert_values(report, params)
    params["figures"] = _figure_rows(observations)
    figure_columns, figure_values = _figure_columns()
    with transaction.atomic(savepoint=False):
        change = coverage.begin()
        for observation in observations:
            change.add(observation)
        counting, counting_params = coverage.counted_in(
            change,
            written="figures",
            history="figure_history",
            only_if="EXISTS (SELECT 1 FROM new_report)",
        )
        with connection.cursor() as cursor:
            prepared.execute(
                cursor,
                f"""
                WITH new_report AS (
                    INSERT INTO {Report._meta.db_table} ({", ".join(report_columns)})
                    VALUES ({", ".join(report_values)})
                    ON CONFLICT (sha256) DO NOTHING
                    RETURNING *
                ), report_history AS ({_history_insert(Report, "new_report")}),
                figures AS (
                    INSERT INTO {Observation._meta.db_table}
                        (report_id, {", ".join(figure_columns + _STAMPED)})
                    SELECT new_report.id, {", ".join(figure_values)},
                        {", ".join("now()" for _ in _STAMPED)}
                    FROM new_report,
                        jsonb_array_elements(%(figures)s::jsonb) WITH ORDINALITY
                        AS figure(item, position)
                    ORDER BY figure.position
                    RETURNING *
                ), figure_history AS (
                    {_history_insert(Observation, "figures")} RETURNING history_id
                ){counting}
                SELECT id, created_at, updated_at FROM new_report""",
                {**params, **counting_params},
            )
            row = cursor.fetchone()
    if row is None:
        return False
    report.pk, report.created_at, report.updated_at = row
    report._state.adding, report._state.db = False, connection.alias
    return True


def _now_fields(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _insert_values(instance, params: dict) -> tuple[list[str], list[str]]:
    """The columns of one row and their placeholders, its values as the ORM would save them."""
    columns, values = [], []
    for field in type(instance)._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if _now_fields(field):
            values.append("now()")
            continue
        key = f"r_{field.column}"
        params[key] = field.get_db_prep_save(getattr(instance, field.attname), connection)
        values.append(f"%({key})s")
    return columns, values


# Observation columns the ingest fills in, other than the report and the timestamps.
_FIGURE_FIELDS = [
    field
    for field in Observation._meta.concrete_fields
    if not field.primary_key and field.name != "report" and not _now_fields(field)
]


# Its timestamps, set by the database.
_STAMPED = [field.column for field in Observation._meta.concrete_fields if _now_fields(field)]


_figure_values = operator.attrgetter(*(field.attname for field in _FIGURE_FIELDS))


def _figure_rows(observations: list[Observation]) -> str:
    """The figures as one JSON array of rows, each the values of `_FIGURE_FIELDS` in that order:
    one parameter instead of an array per column, which the driver quoted value by value in
    Python (a tenth of the storing process's time). The values go as the instance holds them
    (decimals as their text, floats in their shortest exact form): the statement casts each to
    its column's type, which is all the ORM's preparation of these plain values comes to, and
    asking each field to prepare its value took an eighth of the storing process's time."""
    rows = [_figure_values(row) for row in observations]
    return json.dumps(rows, default=str, ensure_ascii=False, allow_nan=False)


@functools.cache
def _figure_columns() -> tuple[list[str], list[str]]:
    # Asking each field for its type cost a stored report a tenth of a millisecond.
    values = [
        f"(figure.item->>{index})::{field.db_type(connection)}"
        for index, field in enumerate(_FIGURE_FIELDS)
    ]
    return [field.column for field in _FIGURE_FIELDS], values


# Cached: `Model.history` builds a new manager class on every access (simple_history), which
# cost each stored report a millisecond.
@functools.cache
def _history_insert(model, source: str) -> str:
    """The history rows simple_history writes for new rows: a copy of each, "+", the reason and
    the author."""
    history = model.history.model._meta
    stored = {field.column for field in model._meta.concrete_fields}
    extra = {
        "history_date": "now()",
        "history_change_reason": "%(reason)s",
        "history_type": "'+'",
        "history_user_id": "%(user)s",
    }
    columns = [field.column for field in history.concrete_fields if field.column != "history_id"]
    values = [column if column in stored else extra[column] for column in columns]
    return (
        f"INSERT INTO {history.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {source}"
    )


def discard_unreviewed(report: Report) -> None:
    """Before a report is extracted again: the figures no person has touched are replaced;
    verified, rejected and edited ones stay."""
    with coverage.changing() as change:
        untouched = report.observations.filter(status=Status.EXTRACTED, updated_by=None)
        doomed = list(untouched.select_for_update().only(*_COUNTED_FIELDS))
        for observation in doomed:
            change.remove(observation)
        Observation.objects.filter(pk__in=[o.pk for o in doomed]).delete()


# -- imports ------------------------------------------------------------------------------------
#
# An import writes hundreds of thousands of rows, so its rows are copied into a temporary table
# (COPY) while they are checked, and the new ones are written with their history rows by two SQL
# statements in one transaction: the same audit trail as `store_extracted` (one "+" history row
# per figure with the importing user and the reason "CSV import"), at the speed of the database.

# What makes two figures the same figure: a row already stored this many times is new in the file
# only from its (n+1)-th copy on.
_IMPORT_KEY = (
    "region_id",
    "indicator_id",
    "year",
    "value",
    "qualifier",
    "kind",
    "status",
    "report_id",
    "source",
    "quote",
)
_STAGED = ("line", *_IMPORT_KEY)


class ImportBatch:
    """Rows of one import, staged in a temporary table of this connection; `write` stores the
    new ones (a context manager: the table is dropped on leaving)."""

    def __init__(self, user=None):
        self.user = user
        self.table = f"import_rows_{uuid.uuid4().hex[:12]}"

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.table} (line integer, region_id varchar(6), "
                "indicator_id varchar(64), year smallint, value numeric(20, 4), "
                "qualifier varchar(6), kind varchar(6), status varchar(10), report_id bigint, "
                "source varchar(255), quote text)"
            )
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
        return False

    def add(self, rows) -> None:
        if not rows:
            return
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {self.table} ({', '.join(_STAGED)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(tuple(getattr(row, name) for name in _STAGED))

    def _fresh(self) -> str:
        """The staged rows that are new: the n-th copy of a figure, counted in file order, is
        new only when fewer than n are stored."""
        key = ", ".join(_IMPORT_KEY)
        same = " AND ".join(
            f"coalesce(s.{c}, 0) = coalesce(n.{c}, 0)" if c == "report_id" else f"s.{c} = n.{c}"
            for c in _IMPORT_KEY
        )
        return f"""
            numbered AS (
                SELECT t.*, row_number() OVER (PARTITION BY {key} ORDER BY line) AS copy
                FROM {self.table} t
            ),
            stored AS (
                SELECT {key}, count(*) AS copies FROM {Observation._meta.db_table}
                WHERE (region_id, indicator_id, year) IN (
                    SELECT DISTINCT region_id, indicator_id, year FROM {self.table}
                )
                GROUP BY {key}
            ),
            fresh AS (
                SELECT n.* FROM numbered n LEFT JOIN stored s ON {same}
                WHERE n.copy > coalesce(s.copies, 0)
            )"""

    def count_new(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {self._fresh()} SELECT count(*) FROM fresh")
            return cursor.fetchone()[0]

    def write(self) -> int:
        """Store the new rows, in file order, each with its history row; returns how many."""
        observation = Observation._meta
        columns = [*_IMPORT_KEY, "note", "synthetic", "created_at", "updated_at"]
        columns += ["created_by_id", "updated_by_id"]
        values = [*_IMPORT_KEY, "''", "false", "now()", "now()", "%(user)s", "%(user)s"]
        sql = f"""
            WITH {self._fresh()},
            inserted AS (
                INSERT INTO {observation.db_table} ({", ".join(columns)})
                SELECT {", ".join(values)} FROM fresh ORDER BY line
                RETURNING *
            ),
            recorded AS ({_history_insert(Observation, "inserted")})
            SELECT min(id), max(id), count(*) FROM inserted"""
        # The coverage counts follow in the same transaction, counted where the rows are.
        with coverage.changing() as change, connection.cursor() as cursor:
            cursor.execute(sql, {"user": getattr(self.user, "pk", None), "reason": CSV_IMPORT})
            first, last, written = cursor.fetchone()
            if written:
                coverage.count_stored(change, first, last)
            return written


def edited_report_details(report: Report) -> set[str]:
    """The details (`REPORT_DETAILS` fields) of a stored report that a person has changed: the
    fields in which a history record not written by the ingest differs from the one before it.
    An edit with no record before it (a report stored before history was kept and not yet
    given its starting record) may have changed any of them."""
    edited: set[str] = set()
    previous = None
    for record in report.history.order_by("history_date", "history_id"):
        if record.history_change_reason not in _NOT_EDITS:
            edited.update(
                field
                for field, attribute in REPORT_DETAILS
                if previous is None or getattr(record, attribute) != getattr(previous, attribute)
            )
        previous = record
    return edited


def store_extracted_report(report: Report, details: dict, user=None) -> set[str]:
    """Save a report the ingest read: a new one with all the `details` it extracted (keyed by
    the attributes of `REPORT_DETAILS`), one extracted again with only those no person has
    changed, so that `--reprocess` never undoes a reviewer's correction. Returns the fields
    kept as the reviewer left them."""
    new = report.pk is None
    kept = set() if new else edited_report_details(report)
    for field, attribute in REPORT_DETAILS:
        if field not in kept:
            setattr(report, attribute, details[attribute])
    report._history_user = user
    report._change_reason = EXTRACTED if new else EXTRACTED_AGAIN
    try:
        report.save()
    finally:
        # simple_history reads these on every save: a later edit of this same instance must not
        # pass for the ingest's.
        del report._history_user, report._change_reason
    return kept
