"""Pages: where each page of a PDF starts in the normalised text the product stores.

In: the reader's text, the offsets where its pages start (`DecodedDocument.pages`) and the
normalised text made from it. Out: the offsets of the same page starts in the normalised text,
which is what quotes and spans refer to, so that a figure can say which page it came from.
Refuses nothing: a page start that cannot be found is estimated from its neighbours.

Normalising changes lengths (thousands separators, line breaks, spaced units …) but keeps the
order of the text and every page's own words; so each page is found by its first characters,
normalised the same way, at the occurrence nearest to where its length says it should be.
"""

from __future__ import annotations

from ingest.normalize import normalize

# Enough characters to be found once near the right place; fewer when the page starts with a
# short line.
_ANCHOR_CHARS = 16
# How far from the expected place an occurrence may lie, in characters.
_SLACK = 2000


def page_starts(decoded: str, pages: tuple[int, ...], normalized: str) -> tuple[int, ...]:
    if not pages:
        return ()
    starts = [0]
    scale = len(normalized) / max(1, len(decoded))
    for index in range(1, len(pages)):
        previous = starts[-1]
        expected = previous + round((pages[index] - pages[index - 1]) * scale)
        found = _find(decoded, pages[index], normalized, previous, expected)
        starts.append(found if found is not None else min(max(expected, previous), len(normalized)))
    return tuple(starts)


def _find(decoded: str, start: int, normalized: str, floor: int, expected: int) -> int | None:
    line_end = decoded.find("\n", start)
    end = start + _ANCHOR_CHARS if line_end < 0 else min(line_end, start + _ANCHOR_CHARS)
    anchor = decoded[start:end]
    anchor = normalize(anchor).strip()
    if not anchor:
        return None
    best = None
    position = normalized.find(anchor, floor, expected + _SLACK + len(anchor))
    while position >= 0:
        if best is None or abs(position - expected) < abs(best - expected):
            best = position
        position = normalized.find(anchor, position + 1, expected + _SLACK + len(anchor))
    return best
