"""Lexicon: words with payloads, found leftmost-longest in text by one Aho-Corasick automaton.

In: (surface, payload) pairs, given once (the first payload of a surface wins). Out: for a span of
text, its non-overlapping longest matches with their character offsets. Refuses nothing; an
empty lexicon finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ahocorasick


class Lexicon:
    def __init__(self, entries: Iterable[tuple[str, Any]]):
        self._automaton = ahocorasick.Automaton()
        for surface, payload in entries:
            if surface and surface not in self._automaton:
                self._automaton.add_word(surface, (surface, payload))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple]:
        """(start, end, surface, payload) of each leftmost-longest match inside text[start:end]."""
        end = len(text) if end is None else min(end, len(text))
        if self._empty or start >= end:
            return []
        # Slicing first: iter_long with start/end copies the whole string on every call.
        piece = text if (start, end) == (0, len(text)) else text[start:end]
        return [
            (start + last - len(surface) + 1, start + last + 1, surface, payload)
            for last, (surface, payload) in self._automaton.iter_long(piece)
        ]
