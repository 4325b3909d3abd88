"""Segment: normalised text → sentences with absolute spans, paragraph numbers and clauses.

In: the normalised text. Out: `Sentence` records split on 。！？；(and ASCII equivalents) and on line
breaks, each with its paragraph number and a `boilerplate` flag for page furniture (copyright and
ICP lines, hotlines, "share / scan the QR code" prompts, advertising, and the headlines listed
under a "相关阅读 / 推荐阅读" heading, which belong to other articles); `clauses(sentence)` splits a
sentence on commas and colons (、 stays inside a clause because it joins enumerations), on demand,
since only sentences holding an indicator phrase need it; `heading_level` tells section headings
("一、2023年工作回顾", "二、2024年主要目标和任务") from prose. Refuses nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ingest.records import Sentence, Span

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_CLAUSE_BREAK = re.compile(r"[，,：:]")
# Two patterns: a pattern of literals is scanned for its first characters at once, but one letter
# matched in either case makes Python's engine try every position (eight times slower).
_BOILERPLATE = re.compile(
    r"©|版权所有|备案号|许可证号|举报电话|举报邮箱|服务热线|咨询热线|广告热线|"
    r"招商热线|新闻热线|联系电话|咨询电话|预约电话|扫码|扫一扫|二维码|关注公众号|"
    r"点击(?:查看|阅读|进入|下载|咨询)|分享到|上一篇|下一篇|相关阅读|推荐阅读|责任编辑|免责声明|"
    r"【广告】|广告位|加微信|微信号|首页\s*>|当前位置"
)
# "copyright" and "ICP备" in any case, starting with what the text must hold: its first letter
# is spelled out in both cases (with the two Turkish i that match i in any case), because a
# pattern that starts case-insensitive is tried at every position.
_BOILERPLATE_LATIN = re.compile(
    "[CcIi\u0130\u0131](?:(?<=[Cc])(?i:opyright)|(?<=[Ii\u0130\u0131])(?i:cp)备)"
)
_FURNITURE = (_BOILERPLATE, _BOILERPLATE_LATIN)
# A heading that introduces a list of links to other articles; the headlines listed under it
# carry figures of those articles, not of this one.
_LINK_LIST = re.compile(
    r"^\W*(?:相关阅读|推荐阅读|相关新闻|延伸阅读|相关链接|相关文章|热点推荐|热门推荐|热门文章|"
    r"猜你喜欢|更多阅读|往期回顾|本栏推荐)\W*$"
)
# A listed headline: a whole short line with no sentence-ending punctuation.
_LINK_LINE_CHARS = 40
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";")
_HEADING_CHARS = 30
_HEADING_NUMBERS = (
    (
        1,
        re.compile(
            r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+(?:部分|章|篇))"
        ),
    ),
    (2, re.compile(r"^\s*\(\s*[一二三四五六七八九十]+\s*\)")),
    (3, re.compile(r"^\s*\d+\s*[、.．](?!\d)")),
)
_UNNUMBERED_LEVEL = 2
_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}\s*年|^\s*\d+\s*[、.．](?!\d)")
_FIGURE = re.compile(r"\d|百分之")


def split_sentences(text: str) -> list[Sentence]:
    """Every non-blank sentence of `text`, in order."""
    furniture = sorted(m.start() for pattern in _FURNITURE for m in pattern.finditer(text))
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    in_link_list = False
    for match in _SENTENCE.finditer(text):
        paragraph += text.count("\n", position, match.start())
        position = match.start()
        start, end = strip_span(text, match.start(), match.end())
        if start >= end:
            continue
        index = bisect_left(furniture, start)
        sentence_text = text[start:end]
        if _LINK_LIST.match(sentence_text):
            in_link_list = True
        elif in_link_list and not _is_link_line(text, start, end):
            in_link_list = False
        sentences.append(
            Sentence(
                start=start,
                end=end,
                text=sentence_text,
                paragraph=paragraph,
                boilerplate=in_link_list or (index < len(furniture) and furniture[index] < end),
            )
        )
    return sentences


def _is_link_line(text: str, start: int, end: int) -> bool:
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    short = end - start <= _LINK_LINE_CHARS
    return whole_line and short and not text[start:end].endswith(_SENTENCE_END)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without its leading and trailing whitespace, as offsets (empty at `end`
    when it is all whitespace)."""
    kept = text[start:end].lstrip()
    first = end - len(kept)
    return first, first + len(kept.rstrip())


def clauses(sentence: Sentence) -> tuple[Span, ...]:
    """Clause spans (absolute offsets) of a sentence, computed only for sentences that need them.

    Figures are tied to the clause they sit in, because one Chinese sentence often strings
    several unrelated facts together.
    """
    spans = []
    begin = 0
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        if match.start() > begin:
            spans.append(Span(sentence.start + begin, sentence.start + match.start()))
        begin = match.end()
    if begin < len(sentence.text):
        spans.append(Span(sentence.start + begin, sentence.end))
    return tuple(spans)


def heading_level(text: str, sentence: Sentence) -> int | None:
    """The outline level of a sentence that is a section heading, else None.

    A heading is a whole short line without sentence punctuation or figures: "一、2023年工作回顾"
    (level 1), "(一)医改" or an unnumbered line (level 2), "1.托育" (level 3). Sections matter
    because a heading's year or plan wording ("2024年工作安排") governs the paragraphs under it.
    """
    start, end = sentence.start, sentence.end
    if end - start > _HEADING_CHARS or sentence.text.endswith(_SENTENCE_END):
        return None
    # Headings are often indented like the paragraphs under them ("　　一、2024年主要工作成效").
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t") or not (end == len(text) or text[end] == "\n"):
        return None
    if _FIGURE.search(_YEAR_TOKEN.sub("", sentence.text)):
        return None
    for level, pattern in _HEADING_NUMBERS:
        if pattern.match(sentence.text):
            return level
    return _UNNUMBERED_LEVEL


def is_boilerplate(line: str) -> bool:
    """True for page furniture (copyright, hotlines, share prompts, advertising, breadcrumbs)."""
    return any(pattern.search(line) for pattern in _FURNITURE)
