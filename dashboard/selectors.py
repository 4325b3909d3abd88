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
    themes = Theme.objects.order_by("position", "code").annotate(
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


@dataclass(frozen=True)
class ObservationFilter:
    """The filters shared by CSV downloads, the export command and the tables."""

    theme: str | None = None
    indicator: str | None = None
    region: str | None = None  # the region and every region below it
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    status: str | None = None
    include_rejected: bool = False

    def apply(self, queryset):
        if not self.include_rejected and self.status != Status.REJECTED:
            queryset = queryset.exclude(status=Status.REJECTED)
        if self.theme:
            queryset = queryset.filter(indicator__theme=self.theme)
        if self.indicator:
            queryset = queryset.filter(indicator=self.indicator)
        if self.region:
            queryset = queryset.filter(
                Q(region=self.region)
                | Q(region__parent=self.region)
                | Q(region__parent__parent=self.region)
                | Q(region__parent__parent__parent=self.region)
            )
        if self.year is not None:
            queryset = queryset.filter(year=self.year)
        if self.year_from is not None:
            queryset = queryset.filter(year__gte=self.year_from)
        if self.year_to is not None:
            queryset = queryset.filter(year__lte=self.year_to)
        if self.status:
            queryset = queryset.filter(status=self.status)
        return queryset


EXPORT_COLUMNS = [
    "region_code",
    "region_name",
    "region_level",
    "indicator_code",
    "indicator_name",
    "year",
    "value",
    "unit",
    "qualifier",
    "kind",
    "status",
    "document",
    "quote",
]

_EXPORT_FIELDS = [
    "region_id",
    "region__name",
    "region__level",
    "indicator_id",
    "indicator__name_zh",
    "year",
    "value",
    "indicator__unit",
    "qualifier",
    "kind",
    "status",
    "report__original_filename",
    "quote",
]


def export_rows(observations):
    """Rows in EXPORT_COLUMNS order for any observation queryset, streamed from the server."""
    return (
        observations.order_by(
            "indicator__theme__position", "indicator__position", "region_id", "year", "kind", "id"
        )
        .values_list(*_EXPORT_FIELDS)
        .iterator(chunk_size=5000)
    )
