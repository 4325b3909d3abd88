"""Where each PDF page starts in the normalised text, although normalising changes lengths."""

from __future__ import annotations

from ingest.normalize import normalize
from ingest.pages import page_starts


def located(pages: list[str]) -> tuple[str, list[str]]:
    decoded = "".join(pages)
    offsets, position = [], 0
    for page in pages:
        offsets.append(position)
        position += len(page)
    normalized = normalize(decoded)
    starts = page_starts(decoded, tuple(offsets), normalized)
    return normalized, [normalized[start : start + 6] for start in starts]


def test_each_page_starts_at_its_first_words_after_numbers_lost_their_separators():
    pages = [
        "全市总诊疗量达1,234,567人次，同比增长３.５%。\n\n",
        "家庭医生签约率达66%，较上年提高2个百分点。\n\n",
        "托位数达到12,000个。",
    ]
    _, firsts = located(pages)
    assert firsts == ["全市总诊疗量", "家庭医生签约", "托位数达到1"]


def test_a_page_that_starts_inside_a_sentence_starts_there():
    pages = ["2024年，石狮市家庭医生签约率达到", "66.5%，群众获得感持续增强。"]
    normalized, firsts = located(pages)
    assert firsts == ["2024年，", "66.5%，"]
    assert normalized == "".join(pages)


def test_words_repeated_on_an_earlier_page_do_not_move_a_page_back():
    repeated = "医共体建设持续推进。"
    pages = [repeated * 3 + "\n\n", repeated * 3 + "\n\n", repeated + "全文完。"]
    normalized, _ = located(pages)
    decoded = "".join(pages)
    starts = page_starts(decoded, (0, len(pages[0]), len(pages[0]) + len(pages[1])), normalized)
    assert starts == (0, len(pages[0]), len(pages[0]) + len(pages[1]))


def test_a_document_without_pages_has_no_page_starts():
    assert page_starts("全文。", (), "全文。") == ()
