"""Word reports: paragraphs and tables in document order; other files refused by name."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest.docx import OLD_WORD, read_docx
from ingest.read import read_report
from ingest.records import ReportError
from tests.ingest.documents import docx_report, paragraphs_of
from tests.ingest.helpers import SEEDS, facts

TABLE = [
    ["指标", "2022年", "2023年"],
    ["家庭医生签约率", "61.5%", "66.5%"],
]


def test_paragraphs_and_tables_come_in_document_order():
    raw = docx_report(["一、主要指标", TABLE, "二、下一步工作"])
    text = read_docx(raw, "r.docx").text
    assert text == (
        "一、主要指标\n\n指标 | 2022年 | 2023年\n家庭医生签约率 | 61.5% | 66.5%\n\n二、下一步工作"
    )


def test_a_merged_cell_is_written_once():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "指标"
    table.cell(0, 2).text = "2023年"
    table.cell(1, 0).text = "签约率"
    table.cell(1, 1).text = "说明"
    table.cell(1, 2).text = "66.5%"
    out = io.BytesIO()
    document.save(out)
    assert read_docx(out.getvalue(), "m.docx").text == "指标 | 2023年\n签约率 | 说明 | 66.5%"


def test_a_docx_of_each_seed_yields_the_same_observations_as_its_text(extract):
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        as_docx = extract(docx_report(paragraphs_of(text)), path.stem + ".docx")
        assert facts(as_docx) == facts(extract(text, path.name)), path.name


def test_an_old_word_document_is_refused_with_the_advice_to_save_it_as_docx():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(ReportError, match=rf"^old\.doc: {OLD_WORD}"):
        read_report(ole, "old.doc")


def test_an_excel_workbook_is_refused_as_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReportError, match=r"^a\.xlsx: this is an Excel workbook, not a Word"):
        read_report(out.getvalue(), "a.xlsx")


def test_a_word_document_without_text_is_refused():
    with pytest.raises(ReportError, match=r"^empty\.docx: the Word document contains no text"):
        read_report(docx_report(["", "  "]), "empty.docx")
