"""Lexicon: words with payloads, found leftmost-longest in text by one Aho-Corasick automaton.

In: (surface, payload) pairs, given once (the first payload of a surface wins). Out: for a span of
text, its non-overlapping leftmost-longest matches with their character offsets. Refuses
nothing; an empty lexicon finds nothing.

The automaton is ahocorasick-rs (Rust): it scans a report and hands back only the matches, where
a pure-Python walk over the scan's results cost more than the rest of the region lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ahocorasick_rs


class Lexicon:
    def __init__(self, entries: Iterable[tuple[str, Any]]):
        payloads: dict[str, Any] = {}
        for surface, payload in entries:
            if surface and surface not in payloads:
                payloads[surface] = payload
        self._surfaces = list(payloads)
        self._payloads = [payloads[surface] for surface in self._surfaces]
        self._automaton = (
            ahocorasick_rs.AhoCorasick(
                self._surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )
            if self._surfaces
            else None
        )

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple]:
        """(start, end, surface, payload) of each leftmost-longest match inside text[start:end]."""
        end = len(text) if end is None else min(end, len(text))
        if self._automaton is None or start >= end:
            return []
        piece = text if (start, end) == (0, len(text)) else text[start:end]
        surfaces, payloads = self._surfaces, self._payloads
        return [
            (start + first, start + last, surfaces[index], payloads[index])
            for index, first, last in self._automaton.find_matches_as_indexes(piece)
        ]
