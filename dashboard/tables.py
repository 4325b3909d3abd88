"""The indicator page's observation table: sortable, paginated, each value linked to its source.

django-tables2 writes the header, the sort links and the pages; the rows are written in one go by
`row_html` (templates/dashboard/_observation_table.html), because its per-cell machinery
(accessors, render methods found by their signatures, a template loop per cell) cost the page more
than its SQL.
"""

from __future__ import annotations

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dashboard import selectors
from dashboard.formatting import page_url, source_url, value_link
from dashboard.models import Observation

_ROW = "<tr {}>" + "<td >{}</td>" * 8 + "</tr>"


class CountedPaginator(Paginator):
    """Pages of the table's rows, counted once per data version and filter
    (`selectors.row_count`)."""

    @cached_property
    def count(self) -> int:
        return selectors.row_count(self.object_list.data.data)  # the table's queryset


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
        template_name = "dashboard/_observation_table.html"

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def row_html(self, row) -> str:
        """A row of the columns above, in their order."""
        record = row.record
        region = record.region
        if record.report_id:
            title = record.report.title or record.report.original_filename
            source = format_html('<a href="{}">{}</a>', source_url(record), title)
        else:
            source = gettext("entered by hand")
        return format_html(
            _ROW,
            row.attrs.as_html(),
            format_html(
                '<a href="{}">{}</a>', page_url("dashboard:region", region.code), region.name
            ),
            region.parent.name if region.parent_id else "—",
            region.get_level_display(),
            record.year,
            value_link(record, self.unit),
            record.get_kind_display(),
            format_html(
                '<span class="badge {}">{}</span>', record.status, record.get_status_display()
            ),
            source,
        )

    def value_report(self, record):
        return record.report_id
