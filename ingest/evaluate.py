"""Evaluate: extracted observations + gold rows → precision, recall, F1, misses, false positives.

In: observations per document (a mapping from the report's file name to `Observation`s or to
dicts with region_code, indicator_code (or indicator), year, value and optionally kind, status,
quote) and gold rows (the JSONL dicts: document, region_code, indicator, year, value, required,
quote). Out: an `Evaluation` dataclass; nothing is printed.

Semantics (issue 3): an observation matches a gold row of the same document when region code,
indicator and year agree and the values differ by at most 0.5% of the gold value. Matching is
one-to-one. Gold rows with `required: false` are neither rewarded nor penalised (an observation
matching one is ignored, missing one is not a miss). Targets and rejected observations are not
scored. Every document named on either side is scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

TOLERANCE = Decimal("0.005")


@dataclass(frozen=True)
class Row:
    document: str
    region_code: str
    indicator: str
    year: int
    value: Decimal
    quote: str = ""
    required: bool = True


@dataclass(frozen=True)
class Score:
    true_positives: int = 0
    false_positives: int = 0
    misses: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.misses
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    overall: Score
    per_indicator: dict[str, Score] = field(default_factory=dict)
    misses: list[Row] = field(default_factory=list)
    false_positives: list[Row] = field(default_factory=list)


def evaluate(
    extracted: Mapping[str, Iterable[Any]], gold_rows: Iterable[Mapping[str, Any]]
) -> Evaluation:
    """Score the extracted observations of each document against the gold rows."""
    gold_by_doc: dict[str, list[Row]] = defaultdict(list)
    for raw in gold_rows:
        gold_by_doc[raw["document"]].append(_gold_row(raw))
    misses: list[Row] = []
    false_positives: list[Row] = []
    hits: list[Row] = []
    for document in sorted(set(gold_by_doc) | set(extracted)):
        found = [_found_row(document, item) for item in extracted.get(document, ())]
        found = [row for row in found if row is not None]
        matched, unmatched_gold, extra = _match(found, gold_by_doc.get(document, []))
        hits.extend(matched)
        misses.extend(row for row in unmatched_gold if row.required)
        false_positives.extend(extra)
    return Evaluation(
        overall=Score(len(hits), len(false_positives), len(misses)),
        per_indicator=_per_indicator(hits, false_positives, misses),
        misses=misses,
        false_positives=false_positives,
    )


def _match(found: list[Row], gold: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    """(gold rows matched and required, gold rows left over, observations matching nothing)."""
    # Required rows are offered first so an optional twin never steals a required match.
    remaining = sorted(gold, key=lambda row: not row.required)
    matched: list[Row] = []
    extra: list[Row] = []
    for row in found:
        partner = next((g for g in remaining if _same_fact(row, g)), None)
        if partner is None:
            extra.append(row)
            continue
        remaining.remove(partner)
        if partner.required:
            matched.append(partner)
    return matched, remaining, extra


def _same_fact(found: Row, gold: Row) -> bool:
    if (found.region_code, found.indicator, found.year) != (
        gold.region_code,
        gold.indicator,
        gold.year,
    ):
        return False
    return abs(found.value - gold.value) <= TOLERANCE * abs(gold.value)


def _per_indicator(hits: list[Row], fps: list[Row], misses: list[Row]) -> dict[str, Score]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for index, rows in enumerate((hits, fps, misses)):
        for row in rows:
            counts[row.indicator][index] += 1
    return {code: Score(*values) for code, values in sorted(counts.items())}


def _gold_row(raw: Mapping[str, Any]) -> Row:
    return Row(
        document=str(raw["document"]),
        region_code=str(raw["region_code"]),
        indicator=str(raw["indicator"]),
        year=int(raw["year"]),
        value=Decimal(str(raw["value"])),
        quote=str(raw.get("quote") or ""),
        required=bool(raw.get("required", True)),
    )


def _found_row(document: str, item: Any) -> Row | None:
    get = (
        item.get
        if isinstance(item, Mapping)
        else lambda key, default=None: getattr(item, key, default)
    )
    if (get("kind") or "actual") == "target" or get("status") == "rejected":
        return None
    return Row(
        document=document,
        region_code=str(get("region_code")),
        indicator=str(get("indicator_code") or get("indicator")),
        year=int(get("year")),
        value=Decimal(str(get("value"))),
        quote=str(get("quote") or ""),
    )
