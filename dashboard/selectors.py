"""Every read query of the dashboard, shared by views, tables, charts and CSV so they agree."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from dashboard.models import Observation, Report, Status, Theme


@dataclass(frozen=True)
class ThemeCoverage:
    theme: Theme
    observations: int
    regions: int
    years: int


@dataclass(frozen=True)
class CoverageSummary:
    reports: int
    themes: list[ThemeCoverage]


def coverage_summary() -> CoverageSummary:
    shown = ~Q(indicators__observations__status=Status.REJECTED)
    themes = Theme.objects.annotate(
        n_observations=Count("indicators__observations", filter=shown),
        n_regions=Count("indicators__observations__region", filter=shown, distinct=True),
        n_years=Count("indicators__observations__year", filter=shown, distinct=True),
    )
    return CoverageSummary(
        reports=Report.objects.count(),
        themes=[ThemeCoverage(t, t.n_observations, t.n_regions, t.n_years) for t in themes],
    )


def visible_observations():
    """Observations a dashboard user may see: never rejected ones."""
    return Observation.objects.exclude(status=Status.REJECTED)
