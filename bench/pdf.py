"""PDF text extraction: PDFium (pypdfium2, what the product uses) against pdfplumber.

Makes text PDFs from the seed reports in four layouts (paragraph spacing or first-line indents,
11, 14 and 9 pt type, running header and page numbers) plus one long report of 30 seeds with a
table on every tenth page, reads each with both libraries into the same positioned runs, and lays
them out with the product's own `ingest.pdf.layout`. Prints per library: pages/s, how many seed
paragraphs come out whole (normalised, as the pipeline reads them from a .txt), how many table rows keep
their cells apart, and how many pages carry a header or page number into the text.

Needs the test dependencies (reportlab) and pdfplumber:
  .venv/bin/pip install ".[test,compare-pdf]"
Run: .venv/bin/python bench/pdf.py
"""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.normalize import normalize
from ingest.pdf import Page, Run, _pages, layout
from tests.ingest.documents import paragraphs_of, pdf_report

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
STYLES = [{}, {"indent": True, "font_size": 14}, {"font_size": 9}, {"indent": True}]
TABLE = [
    ["指标", "2022年", "2023年", "2024年"],
    ["家庭医生签约率", "61.5%", "66.5%", "68.2%"],
    ["县域内住院量占比", "84.1%", "86.5%", "87.0%"],
    ["每千人口托位数", "3.1个", "3.6个", "4.0个"],
]
HEADER = "石狮市卫生健康局 工作信息"


def pdfium_pages(raw: bytes) -> list[Page]:
    return _pages(raw, "bench.pdf")


def pdfplumber_pages(raw: bytes) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(raw)) as document:
        for page in document.pages:
            words = page.extract_words(keep_blank_chars=True, x_tolerance=3, y_tolerance=3)
            runs = tuple(
                Run(w["text"], w["x0"], page.height - w["bottom"], w["x1"], page.height - w["top"])
                for w in words
            )
            pages.append(Page(runs, page.width, page.height, len(page.images)))
    return pages


def documents() -> list[tuple[bytes, list[str], int]]:
    """(pdf, paragraphs expected whole, table rows expected) for every test document."""
    made = []
    for style in STYLES:
        for seed in SEEDS:
            paragraphs = paragraphs_of(seed.read_text(encoding="utf-8"))
            made.append((pdf_report(paragraphs, **style), paragraphs, 0))
    blocks, paragraphs, rows = [], [], 0
    for number in range(30):
        seed = paragraphs_of(SEEDS[number % len(SEEDS)].read_text(encoding="utf-8"))
        blocks += seed
        paragraphs += seed
        if number % 3 == 2:
            blocks.append(TABLE)
            rows += len(TABLE)
    made.append((pdf_report(blocks), paragraphs, rows))
    return made


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).strip()


def measure(name: str, read, made) -> None:
    pages = whole = expected = rows_kept = rows_expected = furniture = 0
    elapsed = 0.0
    for raw, paragraphs, rows in made:
        started = time.perf_counter()
        read_pages = read(raw)
        text, _ = layout(read_pages)
        elapsed += time.perf_counter() - started
        pages += len(read_pages)
        lines = {squeeze(line) for line in normalize(text).split("\n")}
        # The paragraphs as the pipeline reads the same text from a .txt file.
        wanted = [squeeze(p) for p in normalize("\n\n".join(paragraphs)).split("\n") if p]
        whole += sum(p in lines for p in wanted)
        expected += len(wanted)
        cells = [re.split(r" {2,}", line) for line in text.split("\n")]
        rows_kept += sum(row in cells for row in TABLE) * (rows // len(TABLE))
        rows_expected += rows
        furniture += text.count(HEADER) + len(re.findall(r"^- \d+ -$", text, re.M))
    sys.stdout.write(
        f"{name:11} {pages / elapsed:7.1f} pages/s   paragraphs whole {whole}/{expected}   "
        f"table rows with cells apart {rows_kept}/{rows_expected}   "
        f"headers or page numbers left {furniture}\n"
    )


def main() -> None:
    made = documents()
    pages = sum(len(pdfium_pages(raw)) for raw, _, _ in made)
    sys.stdout.write(f"{len(made)} PDFs, {pages} pages\n")
    measure("pypdfium2", pdfium_pages, made)
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        sys.stdout.write("pdfplumber   not installed (pip install pdfplumber) — skipped\n")
        return
    measure("pdfplumber", pdfplumber_pages, made)


if __name__ == "__main__":
    main()
