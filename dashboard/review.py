"""Every change a reviewer, an import or the ingest makes to observations, in one place.

Each change goes through `Model.save` (or simple_history's bulk helper), never `QuerySet.update`,
so that django-simple-history records who changed what and why, and `updated_by` names the
reviewer. The reasons are stored untranslated and translated where the history is shown.

Each change also keeps the coverage summary exact (`dashboard.coverage.changing`): the figures
are noted as they were before, read again under a row lock, and as they are after.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from dashboard import coverage
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


def begin_import() -> coverage.Change:
    """Before a CSV import saves its first row, inside the import's transaction; the rows it
    saves are noted with `imported` and counted by `finish_import`."""
    return coverage.begin()


def prepare_import(observation: Observation, user) -> None:
    """A row of an imported CSV, before the import saves it: its author and history reason."""
    observation.created_by = user
    _attribute(observation, user, CSV_IMPORT)


def imported(change: coverage.Change, observation: Observation) -> None:
    """A row of an imported CSV, after the import saved it."""
    change.add(observation)


def finish_import(change: coverage.Change) -> None:
    coverage.apply(change)


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


def discard_unreviewed(report: Report) -> None:
    """Before a report is extracted again: the figures no person has touched are replaced;
    verified, rejected and edited ones stay."""
    with coverage.changing() as change:
        untouched = report.observations.filter(status=Status.EXTRACTED, updated_by=None)
        doomed = list(untouched.select_for_update().only(*_COUNTED_FIELDS))
        for observation in doomed:
            change.remove(observation)
        Observation.objects.filter(pk__in=[o.pk for o in doomed]).delete()
