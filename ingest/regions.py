"""Regions: normalised text + sentences → region mentions resolved to codes, and the main region.

In: a `RegionIndex` built once from region rows (code, name, level, parent_code, aliases), the
normalised text and its sentences. Out: `DocumentRegions` with every accepted mention (resolved
code, or `None` with all candidates when ambiguous), the report's main region and warnings.

Refuses (does not count as a place):
- words that merely contain a place name (县级医院, 示范县, 深度合作, 城区, 河东县域 …): two-character
  names and aliases need support — the same place written in full elsewhere in the report, its
  province or prefecture written just before it, or an institution word right after it;
- a two-character official name (眉县) is accepted without that support only when it names a unit
  inside the report's main region and is not the start of a longer word (和县域, 献县级);
- names followed by 场/路/街 (市场, 北京路): those are not administrative areas;
- a county name shared by several provinces when nothing in the report tells them apart: it is
  kept as an ambiguous mention with a warning, never guessed.
全市 / 全县 / 本县 / 我省 … are scope words: they mean the report's own region (or its prefecture /
province for 全市 in a county report, 全省 in a city report).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ingest.lexicon import Lexicon
from ingest.records import RegionMention, RegionRow, Sentence
from ingest.warnings import ReportWarning, WarningCode

COUNTRY_LEVEL = "country"
_SHORT = 2
# Words right after a two-character name that show it is used as a place (an institution of it).
_STRONG_CONTEXT = re.compile(
    r"(?:卫健|卫生健康|卫生局|卫计|市委|县委|区委|州委|省委|市政府|县政府|区政府|人民政府|政府|"
    r"融媒|日报|新闻|籍|全市|全县|全区|全省|医保|疾控|人民医院|总医院|中医院|年鉴|市志|县志)"
)
# Units whose official name is also an everyday word (城区 "the urban area", 郊区 "the suburbs"):
# in prose they are places only when their prefecture is written right before them (晋城市城区).
_COMMON_NOUNS = frozenset({"城区", "郊区", "矿区", "东区", "西区"})
_NOT_A_PLACE_AFTER = re.compile(r"(?:场|路|街|大道|大街|大厦|宾馆|酒店|公园|广场|商场|小区|花园)")
# After these a short county name is the first half of a word (和县域, 献县级), not the county.
_INSIDE_WORD_AFTER = re.compile(r"[域级城委属内外里]")
# What stands between two places listed together.
_LISTED = re.compile(r"\s*(?:、|和|及|与|,|，)\s*")
# 全省, 本县, 全国, 我国 or 中国居民: the two characters first, then which pair they are.
_SCOPE = re.compile(
    r"[全我本该中][省市县区州盟旗国]"
    r"(?<=[全我本该][省市县区州盟旗]|[全我]国|中国(?=居民|人均|人口|城乡居民|城市居民|农村居民))"
)
_NATIONAL_SCOPE = ("全国", "我国", "中国")
# A report that names no region but speaks of the nation (a national bureau's release) is
# about the nation.
_NATIONAL_REPORT = re.compile(r"全国|我国|国家卫生健康委|国家卫健委|国务院")
# Each national word votes for the nation as the report's subject, unless it names a yardstick
# (高于全国平均, 居全国前列) or an honour (全国文明城市, 全国示范) of a local report.
# Each word starts with its first character and looks behind it from there, so that the text is
# scanned for those characters at once instead of trying the look-behind at every position.
_NOT_AFTER = "[居在于比较超过领先高低]"
_NATIONAL_VOTE = re.compile(
    rf"(?:全(?<!{_NOT_AFTER}全)国|我(?<!{_NOT_AFTER}我)国"
    rf"|国(?<!{_NOT_AFTER}国)家(?:卫生健康委|卫健委|卫生计生委))"
    r"(?!平均|前列|首位|第一|第二|第三|领先|率先|首个|首批|文明|卫生城|示范|优秀|先进|百强|重点|"
    r"各地|范围|统一|标准|层面|性|人大|政协|两会|劳动|五一)"
)
_HEALTH_AUTHORITY = re.compile(r"(?:市|县|区|省|州)?(?:卫健|卫生健康|卫生局|卫计)")
_NEARBY = 12  # characters before a name searched for its province / prefecture
_TITLE_WEIGHT = 3
_AUTHORITY_WEIGHT = 2
_PUBLISHER_WEIGHT = 3
_FIGURE_WEIGHT = 2


# Compared by identity: each hit is one place in the text, found once, and the sets of accepted
# hits asked about them hashed every field of each.
@dataclass(frozen=True, eq=False)
class _Hit:
    start: int
    end: int
    surface: str
    candidates: tuple[str, ...]


@dataclass
class DocumentRegions:
    mentions: list[RegionMention] = field(default_factory=list)
    main_code: str | None = None
    warnings: list[ReportWarning] = field(default_factory=list)

    _starts: list[int] = field(default_factory=list)

    def finish(self) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]

    def before(self, start: int, end: int) -> RegionMention | None:
        """The last mention starting inside [start, end)."""
        index = bisect_left(self._starts, end) - 1
        if index >= 0 and self.mentions[index].start >= start:
            return self.mentions[index]
        return None

    def inside(self, start: int, end: int) -> list[RegionMention]:
        return self.mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]


class RegionIndex:
    """All known regions plus an Aho–Corasick automaton over their names and aliases."""

    def __init__(self, rows: Iterable[RegionRow]):
        self.rows: dict[str, RegionRow] = {row.code: row for row in rows}
        self.country_code = next(
            (code for code, row in self.rows.items() if row.level == COUNTRY_LEVEL), None
        )
        self._full: dict[str, set[str]] = defaultdict(set)
        surfaces: dict[str, set[str]] = defaultdict(set)
        for row in self.rows.values():
            if row.level == COUNTRY_LEVEL:
                continue  # 全国 / 中国 are handled as scope words, not as place names in text
            self._full[row.name].add(row.code)
            for surface in (row.name, *row.aliases):
                if surface:
                    surfaces[surface].add(row.code)
        self._lexicon = Lexicon(
            (surface, tuple(sorted(codes))) for surface, codes in surfaces.items()
        )

    def __reduce__(self):
        # Sent to worker processes as its rows and rebuilt there: the automaton cannot be pickled.
        return (RegionIndex, (tuple(self.rows.values()),))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str] | RegionRow]) -> RegionIndex:
        return cls(row if isinstance(row, RegionRow) else _row(row) for row in rows)

    @classmethod
    def from_csv(cls, path: str | Path) -> RegionIndex:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return cls.from_rows(list(csv.DictReader(handle)))

    # --- hierarchy -------------------------------------------------------------------------
    def ancestors(self, code: str) -> list[str]:
        chain = []
        parent = self.rows[code].parent_code if code in self.rows else None
        while parent and parent in self.rows and parent not in chain:
            chain.append(parent)
            parent = self.rows[parent].parent_code
        return chain

    def ancestor_at(self, code: str, level: str) -> str | None:
        return next((c for c in [code, *self.ancestors(code)] if self.rows[c].level == level), None)

    def name(self, code: str) -> str:
        return self.rows[code].name

    # --- text ------------------------------------------------------------------------------
    def scan(self, text: str, start: int = 0, end: int | None = None) -> list[_Hit]:
        """Leftmost-longest name and alias hits inside text[start:end]."""
        return [_Hit(*match) for match in self._lexicon.find(text, start, end)]

    def is_full_name(self, surface: str) -> bool:
        return surface in self._full

    def resolve(
        self,
        text: str,
        sentences: list[Sentence],
        *,
        header_end: int = 0,
        publisher: str | None = None,
        title: str | None = None,
        windows: list[tuple[int, int]] | None = None,
        fallback: str | None = None,
        figures: list[tuple[int, int]] | None = None,
    ) -> DocumentRegions:
        """Accepted, resolved mentions of `text` (inside `windows`, default all of it) and the
        report's main region. `fallback` (e.g. the file name) is consulted only when neither the
        text, the title nor the publisher names a known region. A place named in one of the
        `figures` spans (the sentences stating indicator figures) weighs more for the main region
        than one named elsewhere: reposts carry paragraphs about other things and places."""
        windows = windows or [(0, len(text))]
        boiler = _Ranges([(s.start, s.end) for s in sentences if s.boilerplate])
        figure_spans = _Ranges(sorted(figures or []))
        hits = [
            h
            for start, end in windows
            for h in self.scan(text, start, end)
            if not boiler.contains(h.start)
        ]
        hits = [h for h in hits if not _NOT_A_PLACE_AFTER.match(text, h.end)]
        named_in_full = {
            code
            for h in hits
            if len(h.surface) > _SHORT and len(h.candidates) == 1
            for code in h.candidates
        }
        by_end = {h.end: h for h in hits}
        accepted = [h for h in hits if self._supported(h, text, by_end, named_in_full)]
        accepted = self._with_listed(hits, accepted, text)
        ends = [h.end for h in accepted]
        local = [self._disambiguate(h, accepted, ends) for h in accepted]
        known = named_in_full | {code for code in local if code}
        codes = self._with_document_context(accepted, local, known)
        extra = [(title, _TITLE_WEIGHT), (publisher, _PUBLISHER_WEIGHT)]
        main = self._main_region(
            text,
            list(zip(accepted, codes, strict=True)),
            header_end,
            extra,
            windows,
            boiler,
            figure_spans,
        )
        if main is None and self.country_code and _NATIONAL_REPORT.search(text):
            main = self.country_code
        from_fallback = main is None and fallback is not None
        if from_fallback:
            main = self._main_region(text, [], 0, [(fallback, 1)])
        if main and main != self.country_code:
            taken = set(accepted)
            for hit in hits:
                code = self._unit_of_main(hit, text, main)
                if code and hit not in taken:
                    accepted.append(hit)
                    codes.append(code)
            codes = self._with_document_context(accepted, codes, known | {main})
        result = DocumentRegions(main_code=main)
        ambiguous: dict[str, tuple[str, ...]] = {}
        for hit, code in zip(accepted, codes, strict=True):
            if code is None:
                ambiguous[hit.surface] = hit.candidates
            result.mentions.append(
                RegionMention(hit.start, hit.end, hit.surface, hit.candidates, code)
            )
        for start, end in windows:
            result.mentions.extend(self._scopes(text, start, end, main, boiler))
        result.finish()
        for surface, codes in ambiguous.items():
            result.warnings.append(
                ReportWarning.of(WarningCode.AMBIGUOUS_REGION, name=surface, codes=tuple(codes))
            )
        if main is None:
            result.warnings.append(ReportWarning.of(WarningCode.NO_REGION))
        elif from_fallback:
            result.warnings.append(
                ReportWarning.of(WarningCode.REGION_FROM_FILENAME, name=self.name(main))
            )
        return result

    # --- helpers ---------------------------------------------------------------------------
    def _supported(self, hit: _Hit, text: str, by_end: dict[int, _Hit], named: set[str]) -> bool:
        if hit.surface in _COMMON_NOUNS:
            return self._follows_its_parent(hit, by_end)
        if len(hit.surface) > _SHORT:
            return True
        # 北京, 上海, 广东: a province's short name is no everyday word.
        if any(self.rows[code].level == "province" for code in hit.candidates):
            return True
        if any(code in named for code in hit.candidates):
            return True
        if _STRONG_CONTEXT.match(text, hit.end) or _standalone(text, hit.start, hit.end):
            return True
        return self._follows_its_parent(hit, by_end)

    def _with_listed(self, hits: list[_Hit], accepted: list[_Hit], text: str) -> list[_Hit]:
        """Short names listed with places already accepted ("上海、深圳、杭州、广州") are places
        too: a list of cities is no place for an everyday word. Prefecture- and province-level
        names only; a county's short name is more often a word. A list is followed both ways."""
        taken = set(accepted)
        for order in (range(1, len(hits)), range(len(hits) - 2, -1, -1)):
            for index in order:
                hit = hits[index]
                other = hits[index - 1] if order.step == 1 else hits[index + 1]
                if hit in taken or other not in taken or not self._is_upper_level(hit):
                    continue
                first, second = (other, hit) if order.step == 1 else (hit, other)
                if _LISTED.fullmatch(text, first.end, second.start):
                    taken.add(hit)
        return [h for h in hits if h in taken]

    def _is_upper_level(self, hit: _Hit) -> bool:
        return all(self.rows[code].level in ("province", "prefecture") for code in hit.candidates)

    def _unit_of_main(self, hit: _Hit, text: str, main: str) -> str | None:
        """The code of a two-character official name (眉县, 沛县) of a unit inside the report's
        main region: a report about 宝鸡市 that writes 眉县 means its county, even unsupported."""
        if len(hit.surface) != _SHORT or hit.surface in _COMMON_NOUNS:
            return None
        if not self.is_full_name(hit.surface) or _INSIDE_WORD_AFTER.match(text, hit.end):
            return None
        inside = [c for c in hit.candidates if main in self.ancestors(c)]
        return inside[0] if len(inside) == 1 else None

    def _follows_its_parent(self, hit: _Hit, by_end: dict[int, _Hit]) -> bool:
        before = by_end.get(hit.start)
        return before is not None and any(
            set(self.ancestors(code)) & set(before.candidates) for code in hit.candidates
        )

    def _disambiguate(self, hit: _Hit, hits: list[_Hit], ends: list[int]) -> str | None:
        if len(hit.candidates) == 1:
            return hit.candidates[0]
        low, high = bisect_left(ends, hit.start - _NEARBY), bisect_right(ends, hit.start)
        near = [h for h in hits[low:high] if h is not hit and len(h.candidates) == 1]
        for other in reversed(near):
            matching = [c for c in hit.candidates if other.candidates[0] in self.ancestors(c)]
            if len(matching) == 1:
                return matching[0]
        # A short name shared by a place and its own subdivision (荆州 → 荆州市 / 荆州区) means
        # the larger place; the subdivision is written with its suffix.
        for code in hit.candidates:
            others = [c for c in hit.candidates if c != code]
            if all(code in self.ancestors(o) for o in others) and not self.is_full_name(
                hit.surface
            ):
                return code
        return None

    def _with_document_context(
        self, hits: list[_Hit], codes: list[str | None], known: set[str]
    ) -> list[str | None]:
        return [
            code or self._by_document(hit.candidates, known)
            for hit, code in zip(hits, codes, strict=True)
        ]

    def _by_document(self, candidates: tuple[str, ...], context: set[str]) -> str | None:
        """The one candidate that is, or lies inside, a place the report names unambiguously."""
        related = [c for c in candidates if c in context or set(self.ancestors(c)) & context]
        return related[0] if len(related) == 1 else None

    def _main_region(
        self,
        text: str,
        resolved: list[tuple[_Hit, str | None]],
        header_end: int,
        extra: list[tuple[str | None, int]],
        windows: list[tuple[int, int]] = (),
        boiler: _Ranges | None = None,
        figure_spans: _Ranges | None = None,
    ) -> str | None:
        figure_spans = figure_spans or _Ranges([])
        scores: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        if self.country_code:
            for start, end in windows:
                for match in _NATIONAL_VOTE.finditer(text, start, end):
                    if boiler is not None and boiler.contains(match.start()):
                        continue
                    weight = 1 + (_TITLE_WEIGHT if match.start() < header_end else 0)
                    if figure_spans.contains(match.start()):
                        weight += _FIGURE_WEIGHT
                    scores[self.country_code] += weight
                    first_seen.setdefault(self.country_code, match.start())
        for hit, code in resolved:
            if code is None:
                continue
            weight = 1
            if hit.start < header_end:
                weight += _TITLE_WEIGHT
            if figure_spans.contains(hit.start):
                weight += _FIGURE_WEIGHT
            if _HEALTH_AUTHORITY.match(text, hit.end):
                weight += _AUTHORITY_WEIGHT
            scores[code] += weight
            first_seen.setdefault(code, hit.start)
        for label, weight in extra:
            # A title or publisher field is about a place, so short aliases count there too.
            for hit in self.scan(label or ""):
                if len(hit.candidates) == 1:
                    scores[hit.candidates[0]] += weight
                    first_seen.setdefault(hit.candidates[0], -1)
        if not scores:
            return None
        return max(scores, key=lambda code: (scores[code], -first_seen[code]))

    def _scopes(
        self, text: str, start: int, end: int, main: str | None, boiler: _Ranges
    ) -> list[RegionMention]:
        mentions = []
        for match in _SCOPE.finditer(text, start, end):
            if boiler.contains(match.start()):
                continue
            code = self.scope_code(match.group(), main)
            mentions.append(
                RegionMention(
                    match.start(),
                    match.end(),
                    match.group(),
                    (code,) if code else (),
                    code,
                    is_scope=True,
                )
            )
        return mentions

    def scope_code(self, word: str, main: str | None) -> str | None:
        """The region a scope word (全市, 本县, 全国 …) stands for in a report about `main`."""
        if word in _NATIONAL_SCOPE:
            return self.country_code
        if main is None:
            return None
        kind = word[-1]
        row = self.rows[main]
        if kind == "省":
            return self.ancestor_at(main, "province")
        if kind == "市":
            if row.name.endswith("市"):
                return main
            return self.ancestor_at(main, "prefecture") if row.level == "county" else None
        suffix = {"县": ("县",), "区": ("区",), "州": ("州",), "盟": ("盟",), "旗": ("旗",)}[kind]
        return main if row.name.endswith(suffix) else None


def _row(raw: Mapping[str, str]) -> RegionRow:
    aliases = tuple(a.strip() for a in (raw.get("aliases") or "").split("|") if a.strip())
    return RegionRow(
        code=str(raw["code"]).strip(),
        name=raw["name"].strip(),
        level=raw["level"].strip(),
        parent_code=(raw.get("parent_code") or "").strip() or None,
        aliases=aliases,
    )


def _standalone(text: str, start: int, end: int) -> bool:
    """A name with no Chinese character on either side ("石狮：…") cannot be part of a word."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (_is_han(before) or _is_han(after))


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


class _Ranges:
    """Sorted, non-overlapping [start, end) ranges with a logarithmic membership test."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self._starts = [start for start, _ in ranges]
        self._ends = [end for _, end in ranges]

    def contains(self, position: int) -> bool:
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]
