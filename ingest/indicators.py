"""Indicators: the catalog lexicon, matched leftmost-longest over normalised text.

In: catalog rows (code, theme, name_zh, unit, value_type, phrasings `|`-separated), from the CSV or
from model rows; then normalised text. Out: `IndicatorMention`s, longest phrasing first, so
"三四级手术占比" wins over "手术占比" and "每千人口拥有3岁以下婴幼儿托位数" over "托位数".
A phrasing may hold "*" for a few characters of qualifiers between its parts ("千人口*托位数"
matches 千人口托位数 and 千人口婴幼儿托位数): reports name an indicator by its head noun and
qualifiers in more orders and fillers than any list holds.
Refuses: catalog rows without a code or unit, and phrasings shorter than two characters (they
would match inside ordinary words). A phrasing used by two indicators is kept for the first only.
Words that contain a phrasing but name another measure (健康期望寿命 is not 期望寿命) are no
mentions.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from pathlib import Path

from ingest.lexicon import Lexicon
from ingest.normalize import normalize
from ingest.records import CatalogEntry, IndicatorMention

_MIN_PHRASING = 2
_WILDCARD = "*"
# What "*" stands for: a few characters of one noun phrase, no punctuation.
_FILLER = r"[^，,。；;：:、\s()%]{0,10}?"
# Longer words that contain a phrasing but measure something else.
_NOT_INDICATORS = (
    "健康期望寿命",
    "健康预期寿命",
    "预期寿命提升行动",
    "期望寿命提升行动",
)


# The population a rate is written for decides which indicator it is: "常住人口和重点人群签约率分别为
# 38.82%、76.06%" gives one of each; "其中重点人群147.1万人,签约率62.3%" the key-population rate.
_CONTRACT_RATES = {
    "常住人口": "fd_contract_rate",
    "户籍人口": "fd_contract_rate",
    "全人群": "fd_contract_rate",
    "全体居民": "fd_contract_rate",
    "重点人群": "fd_key_population_contract_rate",
}
POPULATIONS: dict[str, dict[str, str]] = {
    "fd_contract_rate": _CONTRACT_RATES,
    "fd_key_population_contract_rate": _CONTRACT_RATES,
}
POPULATION_WORDS = re.compile("|".join(sorted(_CONTRACT_RATES, key=len, reverse=True)))


class Catalog:
    """The indicator catalog plus one automaton over every name and phrasing."""

    def __init__(self, indicators: Iterable[CatalogEntry]):
        self.indicators: dict[str, CatalogEntry] = {}
        entries = [(word, None) for word in _NOT_INDICATORS]
        patterns: list[tuple[str, str]] = []
        for indicator in indicators:
            if not indicator.code or not indicator.unit:
                continue
            self.indicators[indicator.code] = indicator
            for phrasing in (*indicator.phrasings, indicator.name_zh):
                surface = normalize(phrasing).strip()
                if _WILDCARD in surface:
                    parts = [re.escape(part) for part in surface.split(_WILDCARD) if part]
                    if len(parts) >= 2:
                        patterns.append((_FILLER.join(parts), indicator.code))
                elif len(surface) >= _MIN_PHRASING:
                    entries.append((surface, indicator.code))
        self._lexicon = Lexicon(entries)
        self._patterns = [(re.compile(pattern), code) for pattern, code in patterns]

    def __reduce__(self):
        # Sent to worker processes as its entries and rebuilt there: the automaton cannot be
        # pickled.
        return (Catalog, (tuple(self.indicators.values()),))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str] | CatalogEntry]) -> Catalog:
        return cls(row if isinstance(row, CatalogEntry) else _indicator(row) for row in rows)

    @classmethod
    def from_csv(cls, path: str | Path) -> Catalog:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return cls.from_rows(list(csv.DictReader(handle)))

    def __getitem__(self, code: str) -> CatalogEntry:
        return self.indicators[code]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[IndicatorMention]:
        """Leftmost-longest mentions inside text[start:end]."""
        found = self._lexicon.find(text, start, end)
        if self._patterns:
            stop = len(text) if end is None else end
            extra = [
                (match.start(), match.end(), match.group(), code)
                for pattern, code in self._patterns
                for match in pattern.finditer(text, start, stop)
            ]
            found = _longest_first(found, extra)
        return [
            IndicatorMention(first, last, code, surface)
            for first, last, surface, code in found
            if code is not None
        ]


def _longest_first(base: list[tuple], extra: list[tuple]) -> list[tuple]:
    """`base` (non-overlapping, in order) with the `extra` matches merged in: of two overlapping
    matches the longer is kept (the one already kept on a tie)."""
    kept = sorted(base)
    starts = [m[0] for m in kept]
    for match in sorted(extra, key=lambda m: (m[0] - m[1], m[0])):
        low = bisect_left(starts, match[0])
        if low and kept[low - 1][1] > match[0]:
            low -= 1
        high = bisect_left(starts, match[1])
        overlapping = kept[low:high]
        if all(match[1] - match[0] > other[1] - other[0] for other in overlapping):
            kept[low:high] = [match]
            starts[low:high] = [match[0]]
    return kept


def _indicator(raw: Mapping[str, str]) -> CatalogEntry:
    phrasings = tuple(p.strip() for p in (raw.get("phrasings") or "").split("|") if p.strip())
    return CatalogEntry(
        code=(raw.get("code") or "").strip(),
        theme=(raw.get("theme") or "").strip(),
        name_zh=(raw.get("name_zh") or "").strip(),
        unit=(raw.get("unit") or "").strip(),
        value_type=(raw.get("value_type") or "").strip(),
        phrasings=phrasings,
    )
