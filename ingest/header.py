"""Header: normalised text → what the top of a report says about it.

In: the normalised text (and what the reader already found: an HTML page's title, site name and
date). Out: a `Header` — where the heading lines end (the title block, whose place names and year
weigh more), the title, the publisher a "来源:" line or the page names, the first health authority
named (for display only) and the publication date. Refuses nothing; every field may be None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.normalize import normalize
from ingest.records import DecodedDocument
from ingest.segment import is_boilerplate
from ingest.years import publication_date

# The title block: at most this many short lines before the first paragraph-sized line.
_HEADER_LINES = 4
_HEADER_LINE_CHARS = 60
_HEADER_SEARCH = 4000
_BYLINE = re.compile(
    r"^\W*(?:通讯员|记者|作者|来源|时间|日期|发布|编辑|首页)|\d{4}-\d{1,2}-\d{1,2}"
)
_SUBTITLE = ("——", "—", "--")
_FINISHED = ("。", "！", "？", "；", "!", "?", ";")
_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜]+)")
_SOURCE_SEARCH = 600
_AUTHORITY = re.compile(
    r"[\u4e00-\u9fff]{2,8}?(?:省|市|县|区|州|旗)(?:卫生健康局|卫生健康委员会|卫健委|卫健局|卫生局)"
)
_AUTHORITY_SEARCH = 2000


@dataclass(frozen=True)
class Header:
    end: int
    title: str | None
    stated_publisher: str | None  # from page metadata or a 来源 line: evidence of the region
    publisher: str | None  # for display: the stated one, else the first authority named
    published: date | None


def read_header(text: str, document: DecodedDocument) -> Header:
    end = _header_end(text)
    title = normalize(document.title).strip() if document.title else _title(text, end)
    stated = document.publisher or _search(_SOURCE, text, _SOURCE_SEARCH, group=1)
    return Header(
        end=end,
        title=title,
        stated_publisher=stated,
        publisher=stated or _search(_AUTHORITY, text, _AUTHORITY_SEARCH),
        published=document.published or publication_date(text),
    )


def _header_end(text: str) -> int:
    end = 0
    taken = 0
    for match in re.finditer(r"[^\n]+", text[:_HEADER_SEARCH]):
        line = match.group().strip()
        if not line or is_boilerplate(line):
            continue
        # A finished sentence is the body's, however short ("延续2023年开展的…活动。").
        if len(line) > _HEADER_LINE_CHARS or taken == _HEADER_LINES or line.endswith(_FINISHED):
            break
        end = match.end()
        taken += 1
    return end


def _title(text: str, header_end: int) -> str | None:
    lines = [line.strip() for line in text[:header_end].split("\n") if line.strip()]
    lines = [line for line in lines if not is_boilerplate(line) and not _BYLINE.search(line)]
    if not lines:
        return None
    if len(lines) > 1 and lines[1].startswith(_SUBTITLE):
        return f"{lines[0]} {lines[1]}"
    return lines[0]


def _search(pattern: re.Pattern[str], text: str, limit: int, group: int = 0) -> str | None:
    match = pattern.search(text, 0, limit)
    return match.group(group) if match else None
