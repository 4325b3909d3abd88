"""CSV of observations: UTF-8 with a BOM so that Excel on Chinese Windows reads it correctly.

In: rows from `selectors.export_rows`. Out: text chunks, produced lazily so that a download of a
million rows streams with flat memory. Text a spreadsheet would run as a formula (a file name,
a sentence, a source a reviewer typed) is neutralised by `formatting.spreadsheet_safe`; years
and values are numbers and stay so.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from dashboard.formatting import format_value, spreadsheet_safe
from dashboard.selectors import EXPORT_COLUMNS

_VALUE, _DOCUMENT = EXPORT_COLUMNS.index("value"), EXPORT_COLUMNS.index("document")

BOM = "\ufeff"


class _Line:
    """A file-like object whose write() hands back what it was given."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(rows: Iterable[tuple], *, rows_per_chunk: int = 2000) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    chunk = [BOM, writer.writerow(EXPORT_COLUMNS)]
    for row in rows:
        row = [spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row]
        row[_VALUE] = format_value(row[_VALUE])
        if row[_DOCUMENT] is None:
            row[_DOCUMENT] = ""
        chunk.append(writer.writerow(row))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
