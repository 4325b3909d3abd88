"""Reading: which bytes become report text, and which are refused with a clear message."""

from __future__ import annotations

import codecs

import pytest

from ingest.read import read_report
from ingest.records import ReportError
from tests.ingest.helpers import SEEDS, as_html_page, gbk_safe


def test_it_rejects_an_empty_file():
    with pytest.raises(ReportError, match=r"^empty\.txt: the file is empty$"):
        read_report(b"", "empty.txt")


def test_it_rejects_a_whitespace_only_file():
    with pytest.raises(ReportError, match=r"blank\.txt: the file contains only whitespace"):
        read_report(b" \n\t\r\n\xe3\x80\x80\n", "blank.txt")


def test_it_rejects_a_pdf_named_txt():
    with pytest.raises(ReportError, match=r"report\.txt: this is a PDF document"):
        read_report(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.txt")


def test_it_rejects_a_zip_named_txt():
    with pytest.raises(ReportError, match=r"a\.txt: this is a ZIP archive"):
        read_report(b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "a.txt")


def test_it_rejects_a_png_named_txt():
    with pytest.raises(ReportError, match="PNG image"):
        read_report(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt")


def test_it_rejects_bytes_with_nul_characters():
    with pytest.raises(ReportError, match=r"x\.txt: binary content"):
        read_report(b"abc\x00\x01\x02\x03def" * 10, "x.txt")


def test_it_decodes_utf8_with_a_byte_order_mark():
    document = read_report(codecs.BOM_UTF8 + "全市签约率达66%。".encode(), "bom.txt")
    assert document.text == "全市签约率达66%。"


def test_it_decodes_gbk_bytes():
    text = gbk_safe(SEEDS[1].read_text(encoding="utf-8"))
    assert read_report(text.encode("gbk"), "gbk.txt").text == text


def test_it_decodes_a_very_short_gb18030_snippet():
    assert read_report("全市签约率达66%".encode("gb18030"), "s.txt").text == "全市签约率达66%"


def test_it_decodes_utf16_with_a_byte_order_mark():
    assert read_report("签约率达66%".encode("utf-16"), "u16.txt").text == "签约率达66%"


def test_it_uses_the_charset_an_html_page_declares():
    page = as_html_page("全市家庭医生签约率达到66%，重点人群签约率达到90%。", charset="gb2312")
    document = read_report(page.encode("gb18030"), "page.htm")
    assert "重点人群签约率达到90%" in document.text


def test_it_keeps_the_article_text_of_an_html_page_and_drops_the_furniture():
    body = SEEDS[3].read_text(encoding="utf-8")
    document = read_report(as_html_page(body, title="清徐医共体建设").encode(), "page.html")
    assert "基层医疗卫生机构诊疗人次占比60%" in document.text
    for furniture in ("导航统计脚本", "欢迎访问本站", "提交评论", "广告位招租", "新闻中心"):
        assert furniture not in document.text
    assert document.title == "清徐医共体建设"
    assert document.is_html


def test_it_recognises_html_content_behind_a_txt_name():
    page = as_html_page("全市家庭医生签约率达到66%。")
    document = read_report(page.encode(), "saved.txt")
    assert document.is_html
    assert "<p>" not in document.text


REPORT_LINE = "石狮市2023年家庭医生签约率达到70.5%，较上年提高2.1个百分点。\n"


def test_it_decodes_utf16_little_endian_without_a_byte_order_mark():
    text = REPORT_LINE * 3 + "全市一共建成15个医共体。\n"
    assert read_report(text.encode("utf-16-le"), "u16le.txt").text == text


def test_it_decodes_utf16_big_endian_without_a_byte_order_mark():
    text = REPORT_LINE * 3
    assert read_report(text.encode("utf-16-be"), "u16be.txt").text == text


def test_it_rejects_a_file_of_only_a_byte_order_mark_and_zero_width_characters():
    raw = codecs.BOM_UTF8 + "\u200b\u200c\u200d\u2060\ufeff\n".encode()
    with pytest.raises(ReportError, match=r"^invisible\.txt: the file is empty"):
        read_report(raw, "invisible.txt")


def test_it_rejects_a_utf16_byte_order_mark_alone():
    with pytest.raises(ReportError, match=r"^bom\.txt: the file is empty"):
        read_report(codecs.BOM_UTF16_LE, "bom.txt")


def test_it_rejects_a_nul_byte_far_into_a_utf8_file():
    raw = (REPORT_LINE * 2000).encode() + b"\x00" + REPORT_LINE.encode()
    with pytest.raises(ReportError, match=r"^late\.txt: binary content \(NUL"):
        read_report(raw, "late.txt")
