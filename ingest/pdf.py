"""PDF reports: the bytes of a text PDF → report text that reads like a `.txt` report.

In: the bytes of a PDF. Out: a `DecodedDocument` whose text has one paragraph per paragraph of
the document (the lines the page layout broke rejoined, across pages too), a blank line between
paragraphs, table rows as lines of cells separated by column gaps of two spaces (as
`ingest.tables` reads them), without running headers, footers and page numbers; and `pages`, the
offset in that text where each PDF page starts, so that a figure can say which page it is on.
Refuses, with a `ReportError` naming the file: a PDF that cannot be opened (damaged, or locked
with a password) and a PDF with no text layer (a scan: "扫描件，没有文字层").

The text comes from PDFium (pypdfium2) as positioned runs of text; which runs form one line,
which lines form one paragraph and which lines are page furniture is decided here from their
positions, by `layout`, which knows nothing of the PDF library.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ingest.records import DecodedDocument, ReportError

SCANNED = "扫描件，没有文字层"

# A gap wider than this many character heights between two runs of one line separates columns
# (table cells, or a label and its value); a narrower one is a space or nothing.
_COLUMN_GAP = 1.5
_WORD_GAP = 0.15
# A line ending within this many character heights of the right margin is full: the layout, not
# the author, ended it. A line starting this far right of the left margin is indented.
_FULL_LINE = 3.0
_INDENT = 0.8
# Space between two lines this much (in character heights) wider than the usual line spacing
# ends a paragraph.
_PARAGRAPH_GAP = 0.4
# Running headers and footers sit in the outer tenth of the page and repeat on most pages.
_MARGIN_BAND = 0.1
_EDGE_LINES = 2
_PAGE_NUMBER = re.compile(
    r"[-—–－~·•\s]*(?:第\s*)?\d{1,4}\s*页?"
    r"(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[-—–－~·•\s]*"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)
# Shorter than the line length from which the normaliser rejoins a line with the next one.
_CAPTION_CHARS = 30
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "，", ",", "：", ":")
_LATIN = re.compile(r"[A-Za-z0-9]")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Run:
    """A run of text on one line of a page, with its box in PDF units (y grows upwards)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class Page:
    runs: tuple[Run, ...]
    width: float
    height: float
    images: int = 0


@dataclass
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float
    columns: bool  # holds a column gap: a table row, kept as a line of its own

    @property
    def key(self) -> str:
        # Running headers differ from page to page only in their numbers.
        return _DIGITS.sub("#", self.text)


def read_pdf(raw: bytes, filename: str) -> DecodedDocument:
    """The text of a text PDF with its page offsets; raises `ReportError` for the rest."""
    pages = _pages(raw, filename)
    text, starts = layout(pages)
    if not text.strip():
        if any(page.images for page in pages):
            raise ReportError(
                f"{filename}: {SCANNED} (the PDF holds only images of its pages; ask for the "
                "original document or a PDF with text)"
            )
        raise ReportError(f"{filename}: the PDF contains no text")
    return DecodedDocument(text=text, pages=starts)


def _pages(raw: bytes, filename: str) -> list[Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReportError(
                f"{filename}: the PDF is locked with a password; save it without one"
            ) from None
        raise ReportError(
            f"{filename}: this is a PDF document that cannot be opened (damaged or incomplete)"
        ) from None
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            runs = []
            for i in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(i)
                text = textpage.get_text_bounded(left, bottom, right, top)
                if text.strip():
                    runs.append(Run(text, left, bottom, right, top))
            images = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
            width, height = page.get_size()
            pages.append(Page(tuple(runs), width, height, images))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def layout(pages: list[Page]) -> tuple[str, tuple[int, ...]]:
    """The text of the pages as paragraphs and table rows, and the offset where each page
    starts in it."""
    lines = [_lines(page) for page in pages]
    furniture = _running_lines(pages, lines)
    bodies = [
        [line for index, line in enumerate(page_lines) if (number, index) not in furniture]
        for number, page_lines in enumerate(lines)
    ]
    prose = [line for body in bodies for line in body if not line.columns]
    left = _margin([line.left for line in prose])
    right = _right_margin([line.right for line in prose])
    spacing = _usual_spacing(bodies)
    out: list[str] = []
    length = 0
    starts: list[int] = []
    previous: _Line | None = None
    for body in bodies:
        starts.append(length)
        for position, line in enumerate(body):
            if previous is not None:
                gap = None if position == 0 else previous.bottom - line.top
                separator = _separator(previous, line, gap, left, right, spacing)
                out.append(separator)
                length += len(separator)
                if position == 0:
                    # The page starts where its first line does, after the break before it.
                    starts[-1] = length
            out.append(line.text)
            length += len(line.text)
            previous = line
    return "".join(out), tuple(starts)


def _lines(page: Page) -> list[_Line]:
    """The page's runs grouped into lines, top to bottom."""
    groups: list[list[Run]] = []
    for run in sorted(page.runs, key=lambda r: (-r.top, r.left)):
        if groups and _same_line(groups[-1], run):
            groups[-1].append(run)
        else:
            groups.append([run])
    return [_line(sorted(group, key=lambda r: r.left)) for group in groups]


def _same_line(group: list[Run], run: Run) -> bool:
    top = min(r.top for r in group)
    bottom = max(r.bottom for r in group)
    overlap = min(top, run.top) - max(bottom, run.bottom)
    return overlap > 0.5 * min(top - bottom, run.top - run.bottom)


def _line(runs: list[Run]) -> _Line:
    size = median(r.top - r.bottom for r in runs) or 1.0
    parts: list[str] = []
    columns = False
    previous: Run | None = None
    for run in runs:
        text = run.text.replace("\r", "").replace("\n", "").strip()
        if previous is not None and parts:
            gap = run.left - previous.right
            if gap > _COLUMN_GAP * size:
                parts.append("  ")
                columns = True
            elif gap > _WORD_GAP * size and _LATIN.match(parts[-1][-1:]) and _LATIN.match(text[:1]):
                parts.append(" ")
        parts.append(text)
        previous = run
    return _Line(
        text="".join(parts),
        left=runs[0].left,
        right=max(r.right for r in runs),
        top=max(r.top for r in runs),
        bottom=min(r.bottom for r in runs),
        size=size,
        columns=columns,
    )


def _running_lines(pages: list[Page], lines: list[list[_Line]]) -> set[tuple[int, int]]:
    """(page, line) of every page number, running header and running footer."""
    edges: dict[tuple[int, int], _Line] = {}
    for number, page_lines in enumerate(lines):
        count = len(page_lines)
        for index in {*range(min(_EDGE_LINES, count)), *range(max(0, count - _EDGE_LINES), count)}:
            edges[(number, index)] = page_lines[index]
    in_band = {
        where: line
        for where, line in edges.items()
        if line.bottom > pages[where[0]].height * (1 - _MARGIN_BAND)
        or line.top < pages[where[0]].height * _MARGIN_BAND
    }
    pages_with = Counter()
    for key in {(where[0], line.key) for where, line in in_band.items()}:
        pages_with[key[1]] += 1
    repeated = max(2, (len(pages) + 1) // 2)
    return {
        where
        for where, line in edges.items()
        if _PAGE_NUMBER.fullmatch(line.text)
        or (where in in_band and pages_with[line.key] >= repeated)
    }


def _margin(lefts: list[float]) -> float:
    """The left margin: the leftmost position, to the nearest two units, where a fair share of
    the lines start (first lines of paragraphs may all be indented, a stray line may stick out)."""
    counts = Counter(round(left / 2) for left in lefts)
    enough = max(2, len(lefts) // 20)
    common = [position for position, count in counts.items() if count >= enough]
    return min(common or counts or [0]) * 2.0


def _right_margin(rights: list[float]) -> float:
    """The right margin: where the longest lines end, past the few that stick out."""
    if not rights:
        return 0.0
    ranked = sorted(rights, reverse=True)
    return ranked[min(len(ranked) - 1, max(2, len(ranked) // 20) - 1)]


def _usual_spacing(bodies: list[list[_Line]]) -> float:
    gaps = [
        above.bottom - below.top
        for body in bodies
        for above, below in pairwise(body)
        if above.bottom > below.top
    ]
    return median(gaps) if gaps else 0.0


def _separator(
    previous: _Line, line: _Line, gap: float | None, left: float, right: float, spacing: float
) -> str:
    """What goes between two lines: nothing or a space (one paragraph), a line break (between
    table rows, and between a table and its caption) or a blank line (a new paragraph)."""
    size = max(previous.size, line.size)
    new_block = gap is not None and gap - spacing > _PARAGRAPH_GAP * size
    if previous.columns and line.columns:
        return "\n"
    if line.columns:
        # A short line right above a table is its caption, which the table reader looks for on
        # the line above the header; anything longer is a paragraph of its own.
        caption = len(previous.text) < _CAPTION_CHARS and not previous.text.endswith(_SENTENCE_END)
        return "\n" if caption else "\n\n"
    if previous.columns:
        return "\n\n"
    full = previous.right >= right - _FULL_LINE * size
    indented = line.left > left + _INDENT * size
    similar = abs(previous.size - line.size) <= 0.2 * size
    if full and not indented and not new_block and similar:
        latin = _LATIN.match(previous.text[-1:]) and _LATIN.match(line.text[:1])
        return " " if latin else ""
    # A blank line, as in a .txt report: the normaliser would rejoin a long line that ends
    # without punctuation with the next one across a single line break.
    return "\n\n"
