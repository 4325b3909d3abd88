"""Years: normalised text → year mentions, the report's publication date and its report year.

In: the normalised text (and, for the report year, where its header ends and the boilerplate
sentences). Out: `YearMention`s — explicit (2023年, 二〇二三年), ranges (2021—2023年), relative
(去年 / 今年 / 上年 / 过去一年, resolved against a reference year), "current" markers (截至目前, 目前, 现有),
comparison bases (比2021年, 较上年, 同比 — never the year of a figure) and deadlines (到2025年,
2025年底前 — the year of a target; "提高到2024年的" is not one); the year of a dated comparison
base (由2021年的84.6% → 2021); the year a section heading names; the publication date found in
the header, else in the address of a reposted page (".../t20250116_1187342.html"), else a date
alone on a line at the foot (a signature); the report year (a header's publication date,
"2025年03月05日", or a line holding only a date, "(2025年2月)", is not a title year; nor is a
bare header number after a page counter, "点击:2096", or one later than a year after publication;
such date lines, years whose clause names a target, "2025年…的规划目标", and signature dates do
not count towards it; a section heading's year counts more). A number followed by a unit
("1913人次") is never a year; a year outside 1949–2100 and the year columns of a table under
the title are never the report year.
Refuses: nothing, but a figure whose year cannot be determined gets `None`, and the pipeline does
not store such a figure as an actual observation.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ingest.classify import is_base, plans_ahead
from ingest.records import Sentence, YearMention
from ingest.segment import heading_level

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_YEAR = r"(?:19|20)\d{2}"
_CN_YEAR_DIGITS = "〇零○Oo一二三四五六七八九"
_CN_YEAR = rf"[{_CN_YEAR_DIGITS}]{{4}}"


def _year_not_after(characters: str) -> str:
    """A year of digits not written right after one of `characters` (a class). The test follows
    the first digit, so that each pattern starts with a character: Python's engine then jumps to
    where one stands instead of trying every position, as it does for a leading lookbehind."""
    return rf"(?:1(?<!{characters}1)9|2(?<!{characters}2)0)\d{{2}}"


_YEAR_NOT_AFTER_DIGIT = _year_not_after(r"\d")
_YEAR_NOT_AFTER_MARK = _year_not_after(r"[\d.\-/:：#]")
_RANGE = re.compile(rf"({_YEAR_NOT_AFTER_DIGIT})\s*年?\s*[-—–~至到]\s*({_YEAR})\s*年")
# A year of digits or of Chinese numerals, its first character tested once for both.
_EXPLICIT = re.compile(
    rf"([12{_CN_YEAR_DIGITS}](?<![\d.].)"
    rf"(?:(?<=1)9\d{{2}}|(?<=2)0\d{{2}}|(?<=[{_CN_YEAR_DIGITS}])[{_CN_YEAR_DIGITS}]{{3}}))"
    r"\s*年(?!代|龄|级)"
)
# "2023鄂州市居民健康素养监测报告", "2017中国家庭医生论坛": a year written without 年 before a name.
# The years the database accepts (dashboard.validation has the same bounds): an earlier or later
# one ("始建于1913年") is history or a typo, never what a report is about.
FIRST_YEAR = 1949
LAST_YEAR = 2100
# A number followed by a multiplier or a unit word counts something ("1913人次"): it is no year.
_COUNTED = "万亿千百余多个人名位次例项家所支张床天岁元台组队处单份场种株件篇"
_BARE_YEAR = re.compile(
    rf"({_YEAR_NOT_AFTER_MARK})(?=[\u4e00-\u9fff])(?![年月日号时分秒{_COUNTED}届期版级])"
)
_RELATIVE = re.compile(r"过去的?一年|去年|上年|上一年|前年|今年|本年度|本年|当年|明年")
_RELATIVE_OFFSET = {"去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1}
_RELATIVE_OFFSET.update({"过去一年": -1, "过去的一年": -1})
_CURRENT = re.compile(r"截至目前|截至当前|截止目前|截至今|目前|当前|现有|现已|至今")
_COMPARISON_BEFORE = re.compile(
    r"(?:比|较|与|同|相比|相较|较之|由|从|对比|高于|低于|超过|多于|少于|优于)\s*$"
)
_COMPARISON_AFTER = re.compile(r"^\s*(?:同期|相比|比较)")
# "自2021年启动…以来": a starting point; what follows adds up the years since, it is no level of 2021.
_SINCE_BEFORE = re.compile(r"(?:自|自从)\s*$")
_SINCE_AFTER = re.compile(r"^\s*(?:以来|来)")
# "提高到2024年的77.6岁" reports where a change ended up; only a bare 到/至 sets a deadline.
_DEADLINE_BEFORE = re.compile(r"(?<!截)(?<!截止)(?<![高升长加增降低少减])(?:到|至)\s*$")
_DEADLINE_AFTER = re.compile(r"^\s*(?:年)?(?:底|末)?前")
_BARE_HEADER_YEAR = re.compile(rf"(?<![\d.\-/])({_YEAR})(?![\d.\-/%‰{_COUNTED}])")
# A table's header row right under the title ("| 指标 | 2020年 | 2021年 |") names its columns' years.
_YEAR_CELL = re.compile(rf"(?:^|\||\s{{2}})\s*{_YEAR}\s*年?(?:度|底|末)?\s*(?=\||\s{{2}}|$)")
_LABELLED_DATE = re.compile(
    r"(?:时间|日期|发布时间|发布日期|发表时间|发布于)\s*[:：]?\s*"
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_ANY_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_HEAD_CHARS = 600
# Reposts keep the original page's address, which CMSs stamp with the publication date
# (".../202501/t20250116_1187342.html"); only a date inside a URL-like token is read this way.
_URL_TOKEN = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。]+|[^\s<>\"'，。]+\.s?html?\b", re.I)
_URL_MARKS = ("http", "www.", ".htm", ".shtm")
_URL_DATE = re.compile(r"(?<![0-9])((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?([0-3]\d)(?![0-9])")
# "01.02.2018  03:51": a reposting site's day-first date line.
_DAY_FIRST_DATE = re.compile(
    r"(?m)^[ \t]*(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d{2})\b"
)
# A date alone on a line at the foot of a document is the signature date of a letter or summary.
_DATE_LINE = re.compile(
    r"^[ \t]*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[ \t]*$", re.M
)
_TAIL_CHARS = 300
_URL_TAIL_CHARS = 800
# A line holding only a date, down to the month ("(2025年2月)" under a memo's title), dates the
# document; it names no year the document reports on.
_DATE_ONLY_LINE = re.compile(
    r"^[ \t]*\(?\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*\)?[ \t]*$", re.M
)
# Page furniture counts things ("点击:2096", "阅读次数:612"); such a number is never a year.
_COUNTER_LABEL = re.compile(r"(?:点击|阅读|浏览|访问|次数|人次|量)\s*[:：]?\s*$")
# A report is not about a year later than the one after it appeared.
_YEARS_AHEAD = 1
# A section heading's year ("(二)2024年主要成效") speaks for the whole section under it.
_HEADING_WEIGHT = 3
_RANGE_LEAD = 6
_BASE_YEAR = re.compile(
    rf"(?:由|从|比|较|与|同)\s*({_YEAR}|{_CN_YEAR})\s*年(?:底|末)?"
    r"(?:[^，,。；;\d]{0,12}?时)?\s*(?:的|\()?\s*$"
)
# "2025年83.5岁的规划目标": a year whose clause goes on to name a target is a deadline.
_TARGET_AFTER = re.compile(r"[^，,。；;！？\n]{0,20}?(?:目标|规划|计划|预期|任务)")
_LEADING_RANGE = re.compile(
    rf"\s*(?:从|自)?\s*(?:{_YEAR})\s*年?\s*(?:到|至|—|-|~)\s*({_YEAR})\s*年(?:底|末)?(?!\s*(?:以来|间))"
)
_LEADING = re.compile(rf"\s*(?:截至|截止到?)?\s*({_YEAR}|{_CN_YEAR})\s*年(?!代|龄|级)")


# What every year mention holds (a year's digits, 年, or a word for now): most sentences of a
# report are looked at for years more than once, and many hold none.
_MAY_HOLD_A_YEAR = re.compile(r"19\d{2}|20\d{2}|年|目前|当前|现有|现已|至今")


def find_years(text: str, start: int = 0, end: int | None = None) -> list[YearMention]:
    """Year mentions in text[start:end], sorted by position, relative ones unresolved."""
    end = len(text) if end is None else end
    if not _MAY_HOLD_A_YEAR.search(text, start, end):
        return []
    found: list[YearMention] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text, start, end):
        first, last = int(match.group(1)), int(match.group(2))
        found.append(YearMention(match.start(), match.end(), first, "range", end_year=last))
        taken.append(match.span())
    for pattern in (_EXPLICIT, _BARE_YEAR):
        for match in pattern.finditer(text, start, end):
            if any(a <= match.start() < b for a, b in taken):
                continue
            year = _year_value(match.group(1))
            found.append(YearMention(match.start(), match.end(), year, _role(text, match, start)))
    for match in _RELATIVE.finditer(text, start, end):
        kind = "comparison" if _role(text, match, start) == "comparison" else "relative"
        found.append(YearMention(match.start(), match.end(), None, kind))
    for match in _CURRENT.finditer(text, start, end):
        found.append(YearMention(match.start(), match.end(), None, "current"))
    found.sort(key=lambda m: m.start)
    return found


# "提高到2021年的78.2岁", "较2017年(76.90岁)", "比2010年第六次人口普查时的76.63岁", "2021年为19.32%":
# a year written right before the figure, joined to it by 的, a bracket or 为, dates that figure.
_ATTACHED = re.compile(
    rf"({_YEAR}|{_CN_YEAR})\s*年(?:底|末|度)?(?:[^，,。；;:：\d]{{0,12}}?时)?\s*(?:的|\(|为|是|达|达到)?\s*$"
)
_ATTACHED_REACH = 20


def attached_year(text: str, floor: int, position: int) -> int | None:
    """The year written right before the figure at `position` and joined to it (see _ATTACHED)."""
    match = _ATTACHED.search(text, max(floor, position - _ATTACHED_REACH), position)
    return _year_value(match.group(1)) if match else None


def leading_year(text: str, start: int, end: int) -> int | None:
    """The year a sentence opens with ("2024年,…", "截至2023年…", "从2015年到2019年底,…": the
    year a span it opens with ends in): the topic of what follows."""
    span = _LEADING_RANGE.match(text, start, end)
    if span:
        return _year_value(span.group(1))
    match = _LEADING.match(text, start, end)
    return _year_value(match.group(1)) if match else None


def base_year(lead: str) -> int | None:
    """The year of a comparison base written with it: "由2021年的" / "比2022年的" → 2021 / 2022."""
    match = _BASE_YEAR.search(lead)
    return _year_value(match.group(1)) if match else None


def heading_year(text: str, start: int, end: int, reference: int | None) -> int | None:
    """The year a section heading names ("一、2023年工作回顾", "过去一年工作回顾"), if any."""
    for mention in find_years(text, start, end):
        if mention.kind in ("explicit", "deadline"):
            return mention.year
        if mention.kind == "relative":
            return resolve_relative(mention, text, reference)
    return None


def current_year(report_year: int | None, source: str | None, published: date | None) -> int | None:
    """The year "截至目前 / 目前" stands for: the page's own year, unless the report writes out the
    year it reviews and that is the year before (a January summary of last year's work)."""
    if published is None:
        return report_year
    if source in ("title", "text") and report_year == published.year - 1:
        return report_year
    return published.year


def resolve_relative(mention: YearMention, text: str, reference: int | None) -> int | None:
    """The calendar year a relative mention (去年 …) stands for, given the reference year."""
    if reference is None:
        return None
    return reference + _RELATIVE_OFFSET.get(text[mention.start : mention.end], 0)


def figure_year(
    text: str,
    years: list[YearMention],
    *,
    clause: tuple[int, int],
    position: int,
    paragraph_year: int | None,
    report_year: int | None,
    reference_year: int | None,
    current_year: int | None = None,
) -> tuple[int | None, str]:
    """The year of the figure at `position` and where it came from.

    `years` are the sentence's mentions. Nearest usable mention before the figure in its clause,
    else the first after it in its clause (not inside a parenthetical aside), else the nearest in
    an earlier clause of the sentence; then the year the paragraph opened with (or, failing that,
    its section heading named); then the report year. Comparison bases are never used, and a
    range gives None (it does not say which single year the figure belongs to).
    """
    usable = [y for y in years if y.kind != "comparison"]
    in_clause = [y for y in usable if clause[0] <= y.start < clause[1]]
    before = [y for y in in_clause if y.start < position]
    # "5.95个(2025年目标:6.5个)": a parenthesis after the figure opens an aside about another one.
    after = [y for y in in_clause if y.start >= position and "(" not in text[position : y.start]]
    earlier = [y for y in usable if y.start < clause[0]]
    pick = None
    if before:
        pick = before[-1]
    elif after:
        pick = after[0]
    elif earlier:
        pick = earlier[-1]
    if pick is not None and pick.kind == "range" and pick.end_year:
        # "2020年至2024年,…占比由29.38%下降至27.38%": the base is the first year's, the level
        # reached the last year's.
        lead = text[max(clause[0], position - _RANGE_LEAD) : position]
        return (pick.year if is_base(lead) else pick.end_year), "range"
    if pick is not None:
        return _mention_year(text, pick, report_year, reference_year, current_year), pick.kind
    if paragraph_year is not None:
        return paragraph_year, "paragraph"
    return report_year, "report"


def _mention_year(
    text: str,
    mention: YearMention,
    report_year: int | None,
    reference_year: int | None,
    current_year: int | None = None,
) -> int | None:
    if mention.kind in ("explicit", "deadline"):
        return mention.year
    if mention.kind == "relative":
        return resolve_relative(mention, text, reference_year)
    if mention.kind == "current":
        return current_year or report_year
    if mention.kind == "since" and report_year is not None and mention.year == report_year:
        return mention.year  # "2024年以来" in a 2024 report: the year so far
    return None


def _year_value(token: str) -> int:
    if token[0].isdigit():
        return int(token)
    return int("".join(str(_CN_DIGITS[c]) for c in token))


def _role(text: str, match: re.Match[str], floor: int) -> str:
    before = text[max(floor, match.start() - 3) : match.start()]
    after = text[match.end() : match.end() + 4]
    if _COMPARISON_BEFORE.search(before) or _COMPARISON_AFTER.match(after):
        return "comparison"
    if _SINCE_BEFORE.search(before) or _SINCE_AFTER.match(after):
        return "since"
    if _DEADLINE_BEFORE.search(before) or _DEADLINE_AFTER.match(after):
        return "deadline"
    return "explicit"


def publication_date(text: str) -> date | None:
    """A date written in the report's header (labelled 时间/日期 … preferred; a day-first date line
    too), else one in the address of the page a repost copied (at its head, else its foot), else a
    date alone on a line at the document's foot."""
    head = text[:_HEAD_CHARS]
    match = _LABELLED_DATE.search(head) or _ANY_DATE.search(head)
    if not match:
        day_first = _DAY_FIRST_DATE.search(head)
        if day_first:
            return _ymd(day_first.group("year"), day_first.group("month"), day_first.group("day"))
    tail = max(0, len(text) - _TAIL_CHARS)
    if not match:
        foot = max(0, len(text) - _URL_TAIL_CHARS)
        match = _url_date(text, 0, len(head)) or _url_date(text, foot, len(text), last=True)
    if not match:
        match = next(reversed(list(_DATE_LINE.finditer(text, tail))), None)
    if not match:
        return None
    return _date(match)


def _url_date(text: str, start: int, end: int, *, last: bool = False) -> re.Match[str] | None:
    window = text[start:end]
    if not any(mark in window for mark in _URL_MARKS):
        return None  # the address pattern is slow on long runs of Chinese text
    found = [
        match
        for token in _URL_TOKEN.finditer(text, start, end)
        if (match := _URL_DATE.search(token.group()))
    ]
    if not found:
        return None
    return found[-1] if last else found[0]


def _ymd(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _date(match: re.Match[str]) -> date | None:
    return _ymd(match.group(1), match.group(2), match.group(3))


def report_year(
    text: str,
    sentences: list[Sentence],
    *,
    header_end: int,
    published: date | None,
    title: str | None = None,
) -> int | None:
    """The year the report is about: its title's year, else the dominant year (relative mentions
    such as 去年 counted once resolved against the publication date), else the date's."""
    return report_year_and_source(
        text, sentences, header_end=header_end, published=published, title=title
    )[0]


def report_year_and_source(
    text: str,
    sentences: list[Sentence],
    *,
    header_end: int,
    published: date | None,
    title: str | None = None,
) -> tuple[int | None, str | None]:
    """`report_year` and where it came from: "title", "text" (a year it writes out), "relative"
    (去年 / 今年 against the publication date), "published" or "plan_period" (the last year of a
    five-year plan the text reviews)."""
    for source, limit in ((title or "", None), (text, header_end)):
        year = _header_year(source, limit, published)
        if year:
            return year, "title"
    counts: Counter[int] = Counter()
    written: set[int] = set()  # years written out, not only inferred from 去年 / 今年
    # A full date ("2025年03月05日 10:26 来源:…") says when the page appeared, not what about.
    dates = {m.start() for m in _ANY_DATE.finditer(text)}
    for sentence in sentences:
        if sentence.boilerplate:
            continue
        mentions = find_years(text, sentence.start, sentence.end)
        if (
            not mentions
            or _DATE_LINE.fullmatch(sentence.text)
            or _DATE_ONLY_LINE.fullmatch(sentence.text)
        ):
            continue  # a signature date says when, not what about
        weight = _HEADING_WEIGHT if heading_level(text, sentence) is not None else 1
        for mention in mentions:
            if mention.start in dates:
                continue
            year = mention.year if mention.kind == "explicit" else None
            if year is not None and (
                _TARGET_AFTER.match(text, mention.end, sentence.end)
                or plans_ahead(text, sentence.start, mention.end)
            ):
                continue
            if mention.kind == "relative" and published is not None:
                # A January article about "去年" is about the year before it was published.
                year = resolve_relative(mention, text, published.year)
            if (
                year is not None
                and FIRST_YEAR <= year <= LAST_YEAR
                and (published is None or year <= published.year)
            ):
                counts[year] += weight
                if mention.kind == "explicit":
                    written.add(year)
    if counts:
        # On a tie the latest year wins: a report looks back from the year it reports on
        # ("2018年获批创建…,2024年…下降到26.73%").
        year = max(counts, key=lambda year: (counts[year], year))
        return year, "text" if year in written else "relative"
    if published:
        return published.year, "published"
    period = _reviewed_plan_period(text)
    if period:
        return period, "plan_period"
    return None, None


# "“十四五”期间，四川交出了一份答卷", "决胜十四五": a review of a five-year plan, published as it
# closes, is about the plan's last year (十四五 → 2025), when nothing else dates it.
_PLAN_PERIOD = re.compile(
    r"[“\"]?十([一二三四五六七八九])五[”\"]?\s*(期间|以来|时期|收官|成就|成效|答卷)"
)
_PERIOD_CLOSING = re.compile(r"决胜|收官|答卷|成就|成效|展望\s*[“\"]?十[一二三四五六七八九]五|交出")
_PERIOD_NUMBER = dict(zip("一二三四五六七八九", range(1, 10), strict=True))


def _reviewed_plan_period(text: str) -> int | None:
    if not _PERIOD_CLOSING.search(text):
        return None
    periods = [10 + _PERIOD_NUMBER[m.group(1)] for m in _PLAN_PERIOD.finditer(text)]
    return 1955 + 5 * max(periods) if periods else None


def _header_year(text: str, limit: int | None, published: date | None) -> int | None:
    end = len(text) if limit is None else limit
    if end <= 0:
        return None
    # A publication date ("2025年03月05日") says when the report appeared, not what it covers.
    dates = {m.start() for m in _ANY_DATE.finditer(text, 0, end)}
    dates.update(m.start(1) for m in _DATE_ONLY_LINE.finditer(text, 0, end))
    mentions = find_years(text, 0, end)
    tables = _table_lines(text, end)
    for mention in mentions:
        if (
            mention.kind == "explicit"
            and mention.year
            and FIRST_YEAR <= mention.year <= LAST_YEAR
            and mention.start not in dates
            and not _within(mention.start, tables)
        ):
            line_end = text.find("\n", mention.end, end)
            # "2035年,武汉人均期望寿命将达83.5岁": a title naming what a year is to bring.
            if plans_ahead(text, mention.start, end if line_end < 0 else line_end):
                continue
            return mention.year
    # A bare "2023" ("——2023 石狮卫健工作巡礼"); a year already read as a base, a start or a
    # deadline ("2021年以来") is not the report's.
    placed = {mention.start for mention in mentions}
    for match in _BARE_HEADER_YEAR.finditer(text, 0, end):
        year = int(match.group(1))
        if (
            match.start() not in placed
            and FIRST_YEAR <= year <= LAST_YEAR
            and not _within(match.start(), tables)
            and not any(d <= match.start() < d + 10 for d in dates)
            and not _COUNTER_LABEL.search(text, max(0, match.start() - 6), match.start())
            and (published is None or year <= published.year + _YEARS_AHEAD)
        ):
            return year
    return None


def _table_lines(text: str, end: int) -> list[tuple[int, int]]:
    """The lines before `end` that are table rows with year columns."""
    lines = []
    for line in re.finditer(r"[^\n]+", text[:end]):
        if len(_YEAR_CELL.findall(line.group())) >= 2:
            lines.append(line.span())
    return lines


def _within(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)
