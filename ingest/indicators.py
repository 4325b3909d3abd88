"""Indicators: the catalog lexicon, matched leftmost-longest over normalised text.

In: catalog rows (code, theme, name_zh, unit, value_type, phrasings `|`-separated), from the CSV or
from model rows; then normalised text. Out: `IndicatorMention`s, longest phrasing first, so
"三四级手术占比" wins over "手术占比" and "每千人口拥有3岁以下婴幼儿托位数" over "托位数".
Refuses: catalog rows without a code or unit, and phrasings shorter than two characters (they
would match inside ordinary words). A phrasing used by two indicators is kept for the first only.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from ingest.lexicon import Lexicon
from ingest.normalize import normalize
from ingest.records import Indicator, IndicatorMention

_MIN_PHRASING = 2


class Catalog:
    """The indicator catalog plus one automaton over every name and phrasing."""

    def __init__(self, indicators: Iterable[Indicator]):
        self.indicators: dict[str, Indicator] = {}
        entries = []
        for indicator in indicators:
            if not indicator.code or not indicator.unit:
                continue
            self.indicators[indicator.code] = indicator
            for phrasing in (*indicator.phrasings, indicator.name_zh):
                surface = normalize(phrasing).strip()
                if len(surface) >= _MIN_PHRASING:
                    entries.append((surface, indicator.code))
        self._lexicon = Lexicon(entries)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str] | Indicator]) -> Catalog:
        return cls(row if isinstance(row, Indicator) else _indicator(row) for row in rows)

    @classmethod
    def from_csv(cls, path: str | Path) -> Catalog:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return cls.from_rows(list(csv.DictReader(handle)))

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[IndicatorMention]:
        """Leftmost-longest mentions inside text[start:end]."""
        return [
            IndicatorMention(first, last, code, surface)
            for first, last, surface, code in self._lexicon.find(text, start, end)
        ]


def _indicator(raw: Mapping[str, str]) -> Indicator:
    phrasings = tuple(p.strip() for p in (raw.get("phrasings") or "").split("|") if p.strip())
    return Indicator(
        code=(raw.get("code") or "").strip(),
        theme=(raw.get("theme") or "").strip(),
        name_zh=(raw.get("name_zh") or "").strip(),
        unit=(raw.get("unit") or "").strip(),
        value_type=(raw.get("value_type") or "").strip(),
        phrasings=phrasings,
    )
