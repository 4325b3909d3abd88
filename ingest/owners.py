"""Owners: whose figure a pair is — every place the text supports, with the reasons.

In: a `Document`, a `SentenceContext`, the pair's clause and anchor (or a table cell). Out: a
mapping from region code to the reasons it could own the figure: the rules' place (named in its
clause before the figure, or ending the clause before a value clause; the sentence's subject; the
place a short line right before opened with; the report's own), a national word (全国, 我国,
中国居民), the place named nearest before the figure, the place an earlier sentence opened with,
the report's own region; and how a place and a year relate to the report's (level, above or
below the report's region; before, after or at the report's and the page's year).
Refuses: ambiguous places (never guessed), places named as a yardstick ("高于全省平均"), places of
a newspaper's name or a dateline ("安徽商报讯", "新华社北京4月25日电").
"""

from __future__ import annotations

import re
from collections import defaultdict

from ingest import classify
from ingest.context import Document, SentenceContext, clause_of
from ingest.link import Pairing
from ingest.pairing import VALUE_CLAUSE
from ingest.records import RegionMention, Sentence, Span
from ingest.regions import RegionIndex
from ingest.tables import Table, TableFigure

_SUBJECT_SLACK = 2  # a sentence's subject place stands at (or right after) a clause start
_YARDSTICK_BEFORE = re.compile(r"(?:比|较|与|同|高于|低于|超过|优于|好于|不及|对比)$")
_COMPARATIVE = re.compile(r"(?:在|居|于|比|较|与|同|高于|低于|超过|领先|位居|位列|列)$")
# After a place: the name of a newspaper or site, or a dateline — where the report comes from.
_DATELINE = re.compile(
    r"(?:商报|日报|晚报|晨报|新闻|融媒|电视|广播|发布|网|讯|\d{1,2}月\d{1,2}日(?:电|讯))"
)
# Before the subject: when ("截至目前全市…", "2024年,全县…", "今年以来全区…").
_LEADING_TIME = re.compile(
    r"\s*(?:截至|截止到?|到|至)?\s*(?:目前|当前|今年以来|今年|去年|年初以来|(?:19|20)\d{2}\s*年(?:底|末|以来)?|"
    r"\d{1,2}\s*月(?:底|末|份)?)+\s*"
)
_OPENING_CHARS = 12
# Whose figure a national word makes it: 全国, 我国, 中国居民 …
_NATIONAL = re.compile(r"全国|我国|(?<![驻])中国(?=居民|人均|人口|城乡|城市居民|农村居民|的|$)")


def region_options(
    doc: Document, shared: SentenceContext, clause: Span, anchor: int, pairing: Pairing
) -> dict[str, set[str]]:
    """Each place that could own the figure, with the reasons it could."""
    options: dict[str, set[str]] = defaultdict(set)
    text, places = doc.text, doc.places
    sentence = shared.sentence
    if pairing.place:
        options[pairing.place].add("region:listed")
    else:
        rule = _named_before_value(doc, shared, pairing) or _region(
            doc, shared.parts, clause, anchor, shared.line_subject
        )
        if rule is not None:
            code, source = rule
            options[code].add(f"region:{source}")
    country = doc.regions.country_code
    national_clause = _NATIONAL.search(text, clause.start, anchor)
    national = national_clause or _NATIONAL.search(text, sentence.start, anchor)
    if country and national:
        options[country].add("region:national_clause" if national_clause else "region:national")
    nearest = [
        p
        for p in places.inside(sentence.start, pairing.quantity.start)
        if p.code and not p.is_scope and not _comparison_frame(doc, p)
    ]
    if nearest:
        options[nearest[-1].code].add("region:nearest")
        mention = pairing.mention
        if mention.end <= nearest[-1].start:
            # "人均预期寿命最长的是中国香港,为85.29岁": the place named after the phrase.
            options[nearest[-1].code].add("region:after_phrase")
    if places.main_code:
        options[places.main_code].add("region:main")
    if shared.previous_subject and not nearest:
        options[shared.previous_subject].add("region:previous_subject")
    cue = "cue:national_clause" if national_clause else "cue:national" if national else None
    if cue:
        for code, reasons in options.items():
            reasons.add(f"{cue}&{'country' if code == country else 'place'}")
    if not any(r.startswith(("region:rule", "region:listed")) for r in _flat(options)):
        for reasons in options.values():
            reasons.add("region:no_rule")
    return options


def _named_before_value(
    doc: Document, shared: SentenceContext, pairing: Pairing
) -> tuple[str, str] | None:
    """ "人均预期寿命最长的是中国香港,为85.29岁": a clause that only states the value, after a clause
    ending with a place, gives the value to that place."""
    parts, text = shared.parts, doc.text
    own = clause_of(parts, pairing.quantity.start)
    index = parts.index(own)
    if not index or pairing.mention.start >= own.start:
        return None
    if not VALUE_CLAUSE.match(text, own.start, own.end):
        return None
    previous = parts[index - 1]
    ending = [
        p for p in doc.places.inside(previous.start, previous.end) if previous.end - p.end <= 1
    ]
    if not ending or ending[-1].code is None or ending[-1].is_scope:
        return None
    return ending[-1].code, "rule_clause"


def opening_place(doc: Document, sentence: Sentence) -> str | None:
    """The place a sentence opens with ("全市共有托育机构772家", "南平市建阳区…"), if any."""
    named = doc.places.inside(sentence.start, min(sentence.end, sentence.start + _OPENING_CHARS))
    chain = _subject([m for m in named if not _comparison_frame(doc, m)], sentence, doc.text)
    return _named_region(doc.regions, chain) if chain else None


def _flat(options: dict) -> set[str]:
    return {reason for reasons in options.values() for reason in reasons}


def relation_features(doc: Document, code: str, year: int) -> list[str]:
    regions = doc.regions
    main = doc.places.main_code
    level = regions.rows[code].level if code in regions.rows else "unknown"
    found = [f"level:{level}"]
    if main is None:
        found.append("rel:no_main")
    elif code == main:
        found.append("rel:main")
    elif code in regions.ancestors(main):
        found.append("rel:above_main")
    elif main in regions.ancestors(code):
        found.append("rel:below_main")
    else:
        found.append("rel:other")
    if doc.report_year_source:
        found.append(f"ry:{doc.report_year_source}")
    if doc.report_year is not None:
        found.append(
            "yr:report"
            if year == doc.report_year
            else "yr:before_report"
            if year < doc.report_year
            else "yr:after_report"
        )
    if doc.published is None:
        found.append("yr:no_publication_date")
    else:
        published = doc.published.year
        found.append(
            "yr:published"
            if year == published
            else "yr:published-1"
            if year == published - 1
            else "yr:before_published"
            if year < published
            else "yr:after_published"
        )
    return found


def _region(
    doc: Document,
    parts: tuple[Span, ...],
    clause: Span,
    anchor: int,
    line_subject: str | None = None,
) -> tuple[str, str] | None:
    """The place the rules give a figure: named in its clause, the sentence's subject, the place
    a short line right before opened with (when the sentence names none), the main."""
    places = doc.places
    named = [m for m in places.inside(clause.start, anchor) if not _comparison_frame(doc, m)]
    subject = _sentence_subject(doc, parts, clause)
    if named:
        last = named[-1]
        if last.is_scope and subject and _scope_fits(doc, last, subject[-1]):
            resolved = _named_region(doc.regions, subject)  # "南平市建阳区…, 全区…"
            return (resolved, "rule_subject") if resolved else None
        resolved = _named_region(doc.regions, named)
        if resolved is None:
            return None
        return resolved, "rule_scope" if last.is_scope else "rule_clause"
    if parts[0] != clause and classify.facility_subject(doc.text, parts[0].start, parts[0].end):
        return None  # the sentence is about one hospital; its figures are that hospital's
    if subject:
        resolved = _named_region(doc.regions, subject)
        return (resolved, "rule_subject") if resolved else None
    if line_subject and not places.inside(parts[0].start, anchor):
        return line_subject, "rule_subject"
    if places.main_code is None:
        return None
    return places.main_code, "rule_main"


def _sentence_subject(doc: Document, parts: tuple[Span, ...], clause: Span) -> list[RegionMention]:
    found: list[RegionMention] = []
    for earlier in reversed([c for c in parts if c.end <= clause.start]):
        # "高于宜昌市平均水平(58.9%),…": a place named as a yardstick is no subject of what follows.
        named = [
            m
            for m in doc.places.inside(earlier.start, earlier.end)
            if not _YARDSTICK_BEFORE.search(doc.text, max(earlier.start, m.start - 3), m.start)
        ]
        subject = _subject(named, earlier, doc.text)
        if not subject:
            continue
        if not found:
            found = subject
            if not subject[-1].is_scope:
                return subject
        elif not subject[-1].is_scope and _scope_fits(doc, found[-1], subject[-1]):
            # "遵义市…,全市托位数…,每千人口托位数…": the 全市 is the city named before it.
            return subject
    return found


def _scope_fits(doc: Document, scope: RegionMention, place: RegionMention) -> bool:
    return bool(place.code) and doc.regions.name(place.code).endswith(scope.surface[-1])


def _subject(
    mentions: list[RegionMention], clause: Span, text: str | None = None
) -> list[RegionMention]:
    """The chain of places a clause opens with ("南平市建阳区…", "截至目前全市…"), or nothing.
    A place naming a newspaper or a dateline ("安徽商报讯", "新华社北京4月25日电") is none."""
    if text is not None:
        mentions = [m for m in mentions if not _DATELINE.match(text, m.end)]
    if not mentions:
        return []
    slack = _SUBJECT_SLACK
    if text is not None:
        lead = _LEADING_TIME.match(text, clause.start, mentions[0].start)
        slack += lead.end() - clause.start if lead else 0
    if mentions[0].start - clause.start > slack:
        return []
    chain = [mentions[0]]
    for mention in mentions[1:]:
        if mention.start - chain[-1].end > 1:
            break
        chain.append(mention)
    return chain


def _comparison_frame(doc: Document, mention: RegionMention) -> bool:
    """ "在全省率先…", "居全省前列": a larger place named as the yardstick, not the subject."""
    main = doc.places.main_code
    if mention.code is None or main is None or mention.code == main:
        return False
    if mention.code not in doc.regions.ancestors(main):
        return False
    return bool(_COMPARATIVE.search(doc.text, max(0, mention.start - 2), mention.start))


def _named_region(regions: RegionIndex, named: list[RegionMention]) -> str | None:
    last = named[-1]
    if last.code is None:
        return None  # ambiguous place: never guessed
    others = {m.code for m in named if m.code and m.code != last.code and not m.is_scope}
    if others and not others <= set(regions.ancestors(last.code)):
        return None  # several places listed together: the figure is not one region's
    return last.code


def table_region(doc: Document, table: Table, figure: TableFigure) -> tuple[str, str] | None:
    """A row label naming a place is read like a clause naming it, a caption or header like a
    sentence's subject: the evidence is the same kind, and pooled."""
    places = doc.places
    own = [p for p in places.inside(figure.label.start, figure.mention.start) if not p.is_scope]
    if own:
        code = _named_region(doc.regions, own)  # "临泉县签约率(%)"
        return (code, "rule_clause") if code else None
    framing = (table.caption or table.header).start
    named = [
        p
        for p in places.inside(framing, table.header.end)
        if not p.is_scope and not _comparison_frame(doc, p)
    ]
    if named:
        code = _named_region(doc.regions, named)
        return (code, "rule_subject") if code else None
    if places.main_code is None:
        return None
    return places.main_code, "rule_main"
