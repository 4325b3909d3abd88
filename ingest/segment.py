"""Segment: normalised text → sentences with absolute spans, paragraph numbers and clauses.

In: the normalised text. Out: `Sentence` records split on 。！？；(and ASCII equivalents) and on line
breaks, each with its paragraph number and a `boilerplate` flag for page furniture (copyright and
ICP lines, hotlines, "share / scan the QR code" prompts, advertising); `clauses(sentence)` splits a
sentence on commas and colons (、 stays inside a clause because it joins enumerations), on demand,
since only sentences holding an indicator phrase need it. Refuses nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ingest.records import Sentence, Span

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_CLAUSE_BREAK = re.compile(r"[，,：:]")
_BOILERPLATE = re.compile(
    r"copyright|©|版权所有|ICP备|备案号|许可证号|举报电话|举报邮箱|服务热线|咨询热线|广告热线|"
    r"招商热线|新闻热线|联系电话|咨询电话|预约电话|扫码|扫一扫|二维码|关注公众号|"
    r"点击(?:查看|阅读|进入|下载|咨询)|分享到|上一篇|下一篇|相关阅读|推荐阅读|责任编辑|免责声明|"
    r"【广告】|广告位|加微信|微信号|首页\s*>|当前位置",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[Sentence]:
    """Every non-blank sentence of `text`, in order."""
    furniture = [m.start() for m in _BOILERPLATE.finditer(text)]
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    for match in _SENTENCE.finditer(text):
        paragraph += text.count("\n", position, match.start())
        position = match.start()
        start, end = _strip(text, match.start(), match.end())
        if start >= end:
            continue
        index = bisect_left(furniture, start)
        sentences.append(
            Sentence(
                start=start,
                end=end,
                text=text[start:end],
                paragraph=paragraph,
                boilerplate=index < len(furniture) and furniture[index] < end,
            )
        )
    return sentences


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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


def is_boilerplate(line: str) -> bool:
    """True for page furniture (copyright, hotlines, share prompts, advertising, breadcrumbs)."""
    return bool(_BOILERPLATE.search(line))
