"""Word reports: the bytes of a `.docx` → report text that reads like a `.txt` report.

In: the bytes of a Word document (.docx, a ZIP package). Out: a `DecodedDocument` with the body's
paragraphs and tables in document order: one paragraph per line with a blank line between
paragraphs, and each table row as one line of cells separated by " | " (as `ingest.tables` reads
web-page tables), a merged cell written once. Headers, footers, footnotes, comments and text
boxes are not part of the report's text.
Refuses, with a `ReportError` naming the file: a ZIP that is no Word document (another Office
file or a plain archive), a damaged package, a document with no text; and the old binary Word
format (.doc), with the advice to save it as .docx.
"""

from __future__ import annotations

import io
import zipfile

from ingest.records import DecodedDocument, ReportError

OLD_WORD = "旧版 Word 文档（.doc），请在 Word 或 WPS 中另存为 .docx 后再导入"
_OTHER_OFFICE = {
    "xl/workbook.xml": "an Excel workbook",
    "ppt/presentation.xml": "a PowerPoint presentation",
}


def refuse_old_word(filename: str) -> ReportError:
    return ReportError(
        f"{filename}: {OLD_WORD} (an old binary Office document: save it as .docx first)"
    )


def read_docx(raw: bytes, filename: str) -> DecodedDocument:
    """The paragraphs and tables of a .docx; raises `ReportError` for anything else."""
    import docx
    from docx.table import Table

    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except zipfile.BadZipFile:
        raise ReportError(f"{filename}: this is a ZIP archive that cannot be opened") from None
    if "word/document.xml" not in names:
        what = next((what for part, what in _OTHER_OFFICE.items() if part in names), None)
        raise ReportError(
            f"{filename}: this is {what or 'a ZIP archive'}, not a Word report (.docx)"
        )
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors …
        raise ReportError(f"{filename}: the Word document cannot be read ({error})") from None
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = _table_rows(block)
            if rows:
                blocks.append("\n".join(rows))
        elif block.text.strip():
            blocks.append(block.text.strip())
    text = "\n\n".join(blocks)
    if not text.strip():
        raise ReportError(f"{filename}: the Word document contains no text")
    return DecodedDocument(text=text)


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell is returned once for every grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell.text))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _cell_text(text: str) -> str:
    """A cell on one line: its line breaks dropped, a space kept between words of Latin text."""
    out = ""
    for piece in text.split():
        if out and out[-1].isascii() and piece[0].isascii():
            out += " "
        out += piece
    return out
