"""Normalise: decoded report text → the canonical text every later stage and every span refers to.

In: any decoded text (Traditional or Simplified, full-width or not, with copy-paste line breaks).
Out: Simplified characters (Kangxi radicals and compatibility ideographs from PDF copies mapped
to ordinary ones); full-width digits, letters, %, +, parentheses as ASCII; no thousands
separators inside numbers, and no single space between a number and its 万/亿 or unit word or
between 万/亿 and the unit ("186.5 万 人次" → "186.5万人次", "65 % 以上" → "65%以上"); dates written in Chinese numerals ("二〇二五年一月六日", "二〇二五年二月") in Arabic ones,
so that they read as dates; Republic-of-China years ("民國113年") as Gregorian ones ("2024年"); no pinyin glosses such as "机构(gòu)"; no gambling adverts pasted into
sentences of reposts ("签约率3366aa新澳门精准资料2023年为48.2%"); line breaks that cut a sentence
or a word ("精神卫\\n生防治中心") joined, while table rows (cells split by "|", or by a tab, which
becomes two spaces so that it stays a column gap) keep their own lines. This output is what the
product stores, so all quotes and spans are taken from it. Refuses nothing; every step is a
single linear pass.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_WIDTH = {chr(0xFF10 + i): chr(ord("0") + i) for i in range(10)}
_WIDTH.update({chr(0xFF21 + i): chr(ord("A") + i) for i in range(26)})
_WIDTH.update({chr(0xFF41 + i): chr(ord("a") + i) for i in range(26)})
_WIDTH.update(
    {
        "％": "%",
        "﹪": "%",
        "＋": "+",
        "﹢": "+",
        "（": "(",
        "）": ")",
        "／": "/",
        "－": "-",
        "～": "~",
        "｜": "|",
        "\u3000": " ",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        # Two spaces, so that a tab between table cells stays a column gap.
        "\t": "  ",
    }
)
# str.translate does a dict lookup per character; a regex over the few affected characters is
# an order of magnitude faster on multi-megabyte reports.
_WIDE = re.compile("[" + "".join(re.escape(c) for c in _WIDTH) + "]")
# Text copied out of PDFs often carries Kangxi radicals or compatibility ideographs that look like
# ordinary characters ("⼈均预期寿命"); NFKC maps each to the ordinary character.
_LOOKALIKE = re.compile("[\u2f00-\u2fd5\uf900-\ufaff]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Reposts on content farms carry gambling adverts pasted into sentences, often with a year of
# their own ("签约率3366aa新澳门精准资料2023年为48.2%", "托育机构12家《稳赚app彩票平台下载》,…"):
# they are cut out, so that the sentence reads as written. Lottery words of health reports
# (福利彩票公益金) and places (中国澳门) are not adverts.
_GAMBLING_AD = re.compile(
    r"[0-9A-Za-z]{0,12}(?:新澳门|新澳|澳门|香港)"
    r"(?:资料大全|六合彩|彩票|开奖|天天彩|管家婆|一码一肖|一肖一码|精准资料|正版资料)"
    r"(?:(?:19|20)\d{2}年?|[0-9A-Za-z]{1,12})?"
    r"|《[^《》\n]{0,30}?(?:彩票|博彩|棋牌|娱乐城)(?:app|APP|平台|网站|下载)[^《》\n]{0,30}?》"
)
_MAY_HOLD_GAMBLING_AD = re.compile(r"澳|香港|彩票|博彩|棋牌|娱乐城")
# Patterns that start with a lookbehind or a character class are tried at every character; these
# start with what the text must hold for them to match, which is found at once ("．(?<=\d．)"
# rather than "(?<=\d)．", "\d(?<![\d.]\d)" rather than "(?<![\d.])\d"), or they run only where
# a quick test finds such a place.
_FULL_WIDTH_POINT = re.compile(r"．(?<=\d．)(?=\d)")
_THOUSANDS = re.compile(r"\d(?<![\d.]\d)\d{0,2}(?:[,，]\d{3})+(?![\d])")
_MAY_SEPARATE_THOUSANDS = re.compile(r"[,，]\d{3}")
# Newspaper typesetting puts a space around numbers ("186.5 万 人次", "65 %", "1043 人"); a single
# space between a number and its multiplier or unit, or between 万/亿 and the unit, is no gap.
_UNIT_WORDS = "个百分点|百分点|%|‰|万|亿|人次|例次|项次|元|人|名|位|个|支|家|所|张|次|例|项|岁|床"
_SPACED_UNIT = re.compile(rf"(\d) ?([万亿]?) (?={_UNIT_WORDS})")
_SPACED_QUALIFIER = re.compile(r" (?<=\d[%‰] )(?=以上|以下|以内|左右)")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A parenthesised pinyin gloss right after a Chinese character, recognised by its tone mark.
_PINYIN_GLOSS = re.compile(
    rf"\((?<=[\u4e00-\u9fff]\()\s*(?=[a-zü{_TONED}\s]*[{_TONED}])[a-zü{_TONED}\s]{{1,40}}\)"
)

# Characters after which a line break really ends a sentence or a heading.
_TERMINAL = set("。！？!?；;…:：」』】》")
# Characters after which the text obviously continues on the next line.
_CONTINUATION = set("，,、（(“‘《【")
_STARTS_NEW_BLOCK = re.compile(
    r"^(?:[●○■□◆◇▲△★☆•·\-—*#>]|[①-⑳]|[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]\)|\d+[、.．](?!\d))"
)
_COLUMNS = re.compile(r"\S {2,}\S")
# Table rows copied from web pages separate their cells with "|"; each row is a line of its own.
_CELL_BAR = re.compile(r"^\s*\||\S\s*\|\s*\S")
# A line holding a finished sentence is prose, not a heading, even when it is short.
_FINISHED_SENTENCE = re.compile(r"[。！？；]")
# A line this long is paragraph text, so a break at its end without punctuation cut a sentence.
_PARAGRAPH_LINE = 30
# Across a blank line only clearly paragraph-sized lines are rejoined; titles rarely reach this.
_PARAGRAPH_LINE_ACROSS_BLANK = 60


_CN_DIGIT = dict(zip("〇零○一二三四五六七八九", "000123456789", strict=True))
_MAY_HOLD_CN_DATE = re.compile(r"年[一二三四五六七八九十]{1,2}月")
_CN_DATE = re.compile(
    r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?"
)
# Taiwanese reposts count years from 1912 ("民國113年" is 2024); later stages know only the
# Gregorian calendar.
_ROC_YEAR = re.compile(r"民国\s*(\d{2,3})\s*年")
_ROC_OFFSET = 1911


def _small_number(numeral: str) -> str:
    """一 → 1, 十 → 10, 十二 → 12, 二十六 → 26, 三十一 → 31 (months and days)."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _CN_DIGIT[numeral]
    return str((int(_CN_DIGIT[tens]) if tens else 1) * 10 + (int(_CN_DIGIT[units]) if units else 0))


def _arabic_date(match: re.Match[str]) -> str:
    year = "".join(_CN_DIGIT[c] for c in match.group(1))
    day = f"{_small_number(match.group(3))}日" if match.group(3) else ""
    return f"{year}年{_small_number(match.group(2))}月{day}"


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    # hk2s is t2s plus the Hong Kong variants (衞生 → 卫生) common in Traditional reposts.
    return opencc.OpenCC("hk2s")


def normalize(text: str) -> str:
    """Return the canonical form of `text` (see module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LOOKALIKE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _t2s().convert(text)
    text = _ZERO_WIDTH.sub("", text)
    text = _WIDE.sub(lambda m: _WIDTH[m.group()], text)
    if _MAY_HOLD_GAMBLING_AD.search(text):
        text = _GAMBLING_AD.sub("", text)
    text = _FULL_WIDTH_POINT.sub(".", text)
    if _MAY_HOLD_CN_DATE.search(text):
        text = _CN_DATE.sub(_arabic_date, text)
    text = _ROC_YEAR.sub(lambda m: f"{int(m.group(1)) + _ROC_OFFSET}年", text)
    text = _PINYIN_GLOSS.sub("", text)
    if _MAY_SEPARATE_THOUSANDS.search(text):
        text = _THOUSANDS.sub(lambda m: re.sub("[,，]", "", m.group()), text)
    text = _SPACED_QUALIFIER.sub("", _SPACED_UNIT.sub(r"\1\2", text))
    return join_broken_lines(text)


def join_broken_lines(text: str) -> str:
    """Join line breaks that fall inside a sentence; keep paragraph and heading breaks."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    previous: str | None = None  # last non-blank line written
    blank_run = 0
    for line in lines:
        if not line.strip():
            blank_run += 1
            continue
        if previous is not None and _continues(previous, line, across_blank=blank_run > 0):
            out.append(line)
        else:
            if previous is not None:
                out.append("\n" * (blank_run + 1))
            out.append(line)
        previous = line
        blank_run = 0
    return "".join(out)


def _continues(previous: str, line: str, *, across_blank: bool) -> bool:
    last = previous[-1]
    if last in _TERMINAL or previous.endswith(("...", "…")):
        return False
    if _STARTS_NEW_BLOCK.match(line.lstrip()):
        return False
    if last in _CONTINUATION:
        return True
    if line[0].isspace() or _COLUMNS.search(previous.strip()):
        return False
    if _has_cells(previous) or _has_cells(line):
        return False
    if not (_is_text_char(last) and _is_text_char(line[0])):
        return False
    if across_blank:
        return len(previous.strip()) >= _PARAGRAPH_LINE_ACROSS_BLANK
    return len(previous.strip()) >= _PARAGRAPH_LINE or bool(_FINISHED_SENTENCE.search(previous))


def _has_cells(line: str) -> bool:
    return "|" in line and bool(_CELL_BAR.search(line))


def _is_text_char(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or char.isdigit() or char in "%“”"
