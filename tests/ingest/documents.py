"""PDF and Word reports made by the tests from text they write, as bureaus publish them.

`pdf_report` lays paragraphs out on A4 pages the way a word processor does (lines wrapped at the
margin, paragraphs split across pages), with a running header and a page number on every page,
and tables as rows of cells; `docx_report` writes paragraphs and tables into a Word document.
A paragraph is a string; a table is a list of rows, each a list of cell strings.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# One of the Adobe Asian fonts every PDF reader knows: no font file is needed or embedded.
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

Block = str | list[list[str]]


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of a .txt report: its non-blank lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def pdf_report(
    blocks: list[Block],
    *,
    header: str | None = "石狮市卫生健康局 工作信息",
    footer: str | None = "- {page} -",
    indent: bool = False,
    font_size: float = 11,
) -> bytes:
    """A text PDF of the blocks; `footer` is formatted with the page number."""
    style = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=font_size,
        leading=font_size * 1.6,
        wordWrap="CJK",
        firstLineIndent=2 * font_size if indent else 0,
        spaceAfter=0 if indent else font_size * 0.8,
    )
    flowables = []
    for block in blocks:
        if isinstance(block, str):
            flowables.append(Paragraph(_escape(block), style))
        else:
            table = Table(block, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), FONT, font_size),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 24),
                    ]
                )
            )
            flowables += [table, Spacer(1, font_size)]

    def furniture(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 9)
        if header:
            canvas.drawString(25 * mm, A4[1] - 15 * mm, header)
        if footer:
            canvas.drawCentredString(A4[0] / 2, 12 * mm, footer.format(page=document.page))
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=30 * mm,
        bottomMargin=25 * mm,
        title="",
    ).build(flowables, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF of page images and no text, as a scanner makes it."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    image = Image.new("L", (200, 280), color=235)
    for _ in range(pages):
        drawing.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def docx_report(blocks: list[Block]) -> bytes:
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for row, cells in zip(table.rows, block, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
