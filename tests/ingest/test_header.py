"""Header: title, publisher and publication date from the top of a report."""

from __future__ import annotations

from datetime import date

from ingest.header import read_header
from ingest.records import DecodedDocument

TEXT = (
    "卫健局 县乡村三级协同发展 推进紧密型县域医共体全面建设\n\n"
    "时间:2025-03-24 15:11:44   作者:本通   来源:清徐融媒  \n"
    "内容摘要:本报讯2024年以来,县卫生健康局在省、市卫健部门的精心指导和大力支持下,在县委、"
    "县政府的正确领导下,以建高地、兜网底、提能力强医工程为主线,持续推进改革。"
)


def test_it_reads_the_title_source_and_date_of_a_plain_text_report():
    header = read_header(TEXT, DecodedDocument(text=TEXT))
    assert header.title == "卫健局 县乡村三级协同发展 推进紧密型县域医共体全面建设"
    assert header.stated_publisher == "清徐融媒"
    assert header.published == date(2025, 3, 24)
    assert TEXT[: header.end].rstrip().endswith("来源:清徐融媒")


def test_it_skips_bylines_when_choosing_the_title():
    text = "□通讯员刘娟刘咪\n石首市卫生健康局党组书记、局长 王志红\n核心提示:" + "正文" * 40
    assert read_header(text, DecodedDocument(text=text)).title == (
        "石首市卫生健康局党组书记、局长 王志红"
    )


def test_it_joins_a_dash_subtitle_to_the_title():
    text = "强基层 筑高地\n\n——2023 石狮卫健工作巡礼\n\n" + "正文" * 40
    assert read_header(text, DecodedDocument(text=text)).title == (
        "强基层 筑高地 ——2023 石狮卫健工作巡礼"
    )


def test_an_html_pages_metadata_wins():
    document = DecodedDocument(
        text="正文",
        title="南平市卫生健康工作",
        publisher="南平市卫健委",
        published=date(2025, 1, 6),
    )
    header = read_header("正文", document)
    assert (header.title, header.stated_publisher, header.published) == (
        "南平市卫生健康工作",
        "南平市卫健委",
        date(2025, 1, 6),
    )


def test_the_first_health_authority_named_is_shown_as_publisher_when_none_is_stated():
    text = "标题\n2024年,南平市卫健委创新提出建设路径。"
    header = read_header(text, DecodedDocument(text=text))
    assert header.stated_publisher is None
    assert header.publisher == "南平市卫健委"
