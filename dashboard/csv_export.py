"""CSV of observations: UTF-8 with a BOM so that Excel on Chinese Windows reads it correctly.

In: rows from `selectors.export_rows`. Out: text chunks, produced lazily so that a download of a
million rows streams with flat memory. Text a spreadsheet would run as a formula (a file name,
a sentence, a source a reviewer typed) is neutralised by `formatting.spreadsheet_safe_cells`; years
and values are numbers and stay so.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dashboard.formatting import format_value, spreadsheet_safe_cells
from dashboard.selectors import EXPORT_COLUMNS

_VALUE, _DOCUMENT = EXPORT_COLUMNS.index("value"), EXPORT_COLUMNS.index("document")

BOM = "\ufeff"

# The header row in Chinese; in English the header is the column codes themselves. Values stay
# codes in either (status "verified", kind "actual"), so that a file imports back as it is.
HEADER_LABELS = {
    "region_code": _("region code"),
    "region_name": _("region name"),
    "region_level": _("region level"),
    "indicator_code": _("indicator code"),
    "indicator_name": _("indicator name"),
    "year": _("year"),
    "value": _("value"),
    "unit": _("unit"),
    "qualifier": _("qualifier"),
    "kind": _("kind"),
    "status": _("review status"),
    "document": _("source document"),
    "quote": _("source sentence"),
}


def header_row(language: str | None = None) -> list[str]:
    """The CSV's first line in a language: Chinese labels, or the column codes in English."""
    if not language or language.startswith("en"):
        return list(EXPORT_COLUMNS)
    with translation.override(language):
        return [str(HEADER_LABELS[column]) for column in EXPORT_COLUMNS]


def column_of_header() -> dict[str, str]:
    """Every header a file may carry (the codes, the Chinese labels) → its column code."""
    columns = {column: column for column in EXPORT_COLUMNS}
    columns.update(zip(header_row("zh-hans"), EXPORT_COLUMNS, strict=True))
    return columns


class _Line:
    """A file-like object whose write() hands back what it was given."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(
    rows: Iterable[tuple], *, rows_per_chunk: int = 2000, language: str | None = None
) -> Iterator[str]:
    """The file in chunks; `language` decides the header row (column codes by default)."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    chunk = [BOM, writer.writerow(header_row(language))]
    for row in rows:
        row = spreadsheet_safe_cells(row)
        row[_VALUE] = format_value(row[_VALUE])
        if row[_DOCUMENT] is None:
            row[_DOCUMENT] = ""
        chunk.append(writer.writerow(row))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
