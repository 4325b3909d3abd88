"""The indicator page's observation table: sortable, paginated, each value linked to its source."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dashboard.formatting import source_url, value_link
from dashboard.models import Observation


class ObservationTable(tables.Table):
    region = tables.Column(verbose_name=_("Region"), order_by=("region__code",))
    parent = tables.Column(
        verbose_name=_("Part of"), accessor="region__parent__name", order_by=("region__parent",)
    )
    level = tables.Column(verbose_name=_("Level"), accessor="region__level")
    year = tables.Column(verbose_name=_("Year"))
    value = tables.Column(verbose_name=_("Value"))
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Review status"))
    report = tables.Column(
        verbose_name=_("Source"),
        order_by=("report__title", "report__original_filename"),
        default=_("entered by hand"),
    )

    class Meta:
        model = Observation
        fields = ("region", "parent", "level", "year", "value", "kind", "status", "report")
        order_by = ("region", "year")
        attrs = {"class": "data-table"}
        empty_text = _("No figures match these filters.")

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def render_region(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("dashboard:region", args=[record.region_id]),
            record.region.name,
        )

    def render_level(self, record):
        return record.region.get_level_display()

    def render_value(self, record):
        return value_link(record, self.unit)

    def render_status(self, record):
        return format_html(
            '<span class="badge {}">{}</span>', record.status, record.get_status_display()
        )

    def render_report(self, record):
        title = record.report.title or record.report.original_filename
        return format_html('<a href="{}">{}</a>', source_url(record), title)

    def render_kind(self, record):
        return record.get_kind_display()

    def value_report(self, record):
        return record.report_id
