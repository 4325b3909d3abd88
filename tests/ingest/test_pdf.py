"""PDF reports: text the pipeline reads like a .txt report, pages kept, scans refused."""

from __future__ import annotations

import io
import re

import pytest

from ingest.normalize import normalize
from ingest.pdf import SCANNED, read_pdf
from ingest.read import read_report
from ingest.records import ReportError
from tests.ingest.documents import paragraphs_of, pdf_report, scanned_pdf
from tests.ingest.helpers import SEEDS, facts

LONG = (
    "2023年，石狮市持续深化紧密型县域医共体建设，家庭医生签约服务覆盖面不断扩大，"
    "重点人群家庭医生签约率达到78.6%，比上年提高2.1个百分点，基层医疗卫生机构诊疗量占比"
    "达到61.2%，县域内住院量占比达到86.5%，群众在家门口看病就医更加方便。"
)
TABLE = [
    ["指标", "2022年", "2023年"],
    ["家庭医生签约率", "61.5%", "66.5%"],
    ["县域内住院量占比", "84.1%", "86.5%"],
]


def one_paragraph_lines(text: str) -> list[str]:
    return [line for line in text.split("\n\n") if line]


def test_lines_broken_by_the_page_width_are_joined_into_their_paragraph():
    raw = pdf_report(["石狮市卫生健康局2023年工作总结", LONG], header=None)
    text = read_pdf(raw, "r.pdf").text
    assert one_paragraph_lines(text) == ["石狮市卫生健康局2023年工作总结", LONG]


def test_first_line_indents_start_paragraphs_even_without_space_between_them():
    second = "二是推进托育服务，全市每千人口拥有3岁以下婴幼儿托位数达到3.9个，" * 3
    text = read_pdf(pdf_report([LONG, second], indent=True, header=None), "r.pdf").text
    assert one_paragraph_lines(text) == [LONG, second]


def test_a_paragraph_split_by_a_page_break_is_joined_across_the_pages():
    filler = [f"第{n}段。" + "医共体建设持续推进，服务能力稳步提升。" * 6 for n in range(1, 30)]
    document = read_pdf(pdf_report([*filler, LONG]), "r.pdf")
    assert len(document.pages) > 1
    assert all(paragraph in document.text for paragraph in [*filler, LONG])


def test_running_headers_footers_and_page_numbers_are_dropped():
    filler = [f"第{n}段。" + "医共体建设持续推进，服务能力稳步提升。" * 6 for n in range(1, 30)]
    raw = pdf_report(filler, header="2019年第3期 卫生健康工作简报", footer="第 {page} 页 共 5 页")
    text = read_pdf(raw, "r.pdf").text
    assert "简报" not in text and "共 5 页" not in text
    assert re.findall(r"第\d+段", text) == [f"第{n}段" for n in range(1, 30)]


@pytest.mark.parametrize(
    "footer", ["- {page} -", "{page}", "第{page}页", "{page}/9", "Page {page}"]
)
def test_a_page_number_alone_is_dropped(footer):
    text = read_pdf(pdf_report([LONG], header=None, footer=footer), "r.pdf").text
    assert text.strip() == LONG


def test_a_table_keeps_one_line_per_row_with_its_cells_apart():
    text = read_pdf(pdf_report(["表1 石狮市医改主要指标", TABLE], header=None), "r.pdf").text
    rows = text.split("\n")[-3:]
    assert [re.split(r" {2,}", row) for row in rows] == TABLE
    assert "表1 石狮市医改主要指标\n指标" in text


def test_the_text_says_where_each_page_starts():
    filler = [f"第{n}段。" + "医共体建设持续推进，服务能力稳步提升。" * 6 for n in range(1, 30)]
    document = read_pdf(pdf_report(filler), "r.pdf")
    assert document.pages[0] == 0
    assert list(document.pages) == sorted(document.pages)
    second = document.text[document.pages[1] :]
    assert second and not second.startswith("\n")


def test_a_scanned_pdf_without_text_is_refused_as_a_scan():
    with pytest.raises(ReportError, match=rf"^scan\.pdf: {SCANNED}"):
        read_report(scanned_pdf(), "scan.pdf")


def test_a_damaged_pdf_is_refused_naming_the_file():
    raw = pdf_report([LONG])
    with pytest.raises(ReportError, match=r"^cut\.pdf: this is a PDF document that cannot be"):
        read_report(raw[: len(raw) // 3], "cut.pdf")


def test_a_pdf_locked_with_a_password_is_refused_with_that_reason():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", "owner"))
    page.drawString(72, 720, "2023 report")
    page.save()
    with pytest.raises(ReportError, match=r"^locked\.pdf: the PDF is locked with a password"):
        read_report(out.getvalue(), "locked.pdf")


@pytest.mark.parametrize("style", [{}, {"indent": True, "font_size": 14}, {"font_size": 9}])
def test_a_pdf_of_each_seed_yields_the_same_observations_as_its_text(extract, style):
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        as_text = extract(text, path.name)
        as_pdf = extract(pdf_report(paragraphs_of(text), **style), path.stem + ".pdf")
        assert facts(as_pdf) == facts(as_text), path.name
        assert [o.quote for o in as_pdf.observations] == [o.quote for o in as_text.observations], (
            path.name
        )


def test_a_pdf_of_a_seed_reads_as_its_text_with_paragraphs_apart():
    text = SEEDS[0].read_text(encoding="utf-8")
    document = read_pdf(pdf_report(paragraphs_of(text)), "seed.pdf")
    squeeze = lambda t: re.sub(r"\n+", "\n", normalize(t))  # noqa: E731
    assert squeeze(document.text) == squeeze(text)


def test_the_figures_of_a_table_in_a_pdf_are_read_for_each_year_column(extract):
    raw = pdf_report(["石狮市2023年卫生健康工作总结", "表1 石狮市医改主要指标", TABLE])
    figures = {(o.indicator_code, o.year, o.value) for o in extract(raw, "shishi.pdf").observations}
    assert {(code, year) for code, year, _ in figures} >= {
        ("fd_contract_rate", 2022),
        ("fd_contract_rate", 2023),
    }
