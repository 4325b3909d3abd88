"""CSV of observations: UTF-8 with a BOM so that Excel on Chinese Windows reads it correctly.

In: rows from `selectors.export_rows`. Out: text chunks, produced lazily so that a download of a
million rows streams with flat memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from dashboard.formatting import format_value
from dashboard.selectors import EXPORT_COLUMNS

BOM = "\ufeff"


class _Line:
    """A file-like object whose write() hands back what it was given."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(rows: Iterable[tuple], *, rows_per_chunk: int = 2000) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    chunk = [BOM, writer.writerow(EXPORT_COLUMNS)]
    for row in rows:
        row = list(row)
        row[6] = format_value(row[6])
        if row[11] is None:
            row[11] = ""
        chunk.append(writer.writerow(row))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
