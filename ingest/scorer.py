"""Scorer: candidates → the figures a report states, each with a calibrated confidence.

In: `Candidate`s of one report and a fitted `Model` (a logistic regression over the candidates'
named features, shipped as `ingest/model/scorer.json` and rebuilt by `scripts/build_scorer.py`).
Out: `ExtractedFigure`s. Every candidate gets the probability that it is the right reading of its
figure (the right indicator, place, year and value); of the readings that compete for one figure
the most probable wins, and is kept when that probability reaches the model's threshold — as a
target when plan cues (力争, 将达到, 到2025年, a plan section) made it one, else as an actual. A
figure for part of a year (上半年, 1-6月, 截至9月底) is kept no more confident than 0.6, so that it
waits for a reviewer before it stands for the year. A
headline or a bound that restates a figure the body gives precisely, and the same fact stated
twice, are kept once.
Refuses: a model file that is missing, unreadable or of another format (`ModelError`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from ingest.records import Candidate, ExtractedFigure

MODEL_PATH = Path(__file__).resolve().parent / "model" / "scorer.json"
FORMAT = "scorer/1"
# A headline's "超70%" restates a body figure at most this factor above (below for 不足) it.
_BOUND_SLACK = Decimal("1.1")
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";")
# What a target is not judged by: how its year relates to the report's (it is a deadline), and
# the hints that a figure may be a plan rather than a level (it is one).
_NOT_FOR_TARGETS = (
    "yr:",
    "ry:",
    "x:year_",
    "x:stated_",
    "x:unstated_",
    "x:headline_unstated",
    "cue:weak_sentence",
    "cue:quoted",
)
PART_YEAR = "cue:part_year"
# A figure for part of a year (上半年, 1-6月, 截至9月底) may be read right, but it is not the
# year's level: it is kept at most this confident, below any publishing threshold, so a reviewer
# decides whether it stands for the year.
PART_YEAR_CONFIDENCE = 0.6
# Readings that name the same figure for several phrases at once ("…、…均达到100%").
_SHARED = "pair:same_for_all"


class ModelError(ValueError):
    """The scorer's model file cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    intercept: float
    threshold: float  # below this probability a reading is not kept at all
    meta: dict = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        z = self.intercept + sum(map(self.weights.get, features, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict, source: str = "model") -> Model:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"{source}: not a {FORMAT} model file")
        try:
            return cls(
                weights={str(k): float(v) for k, v in data["weights"].items()},
                intercept=float(data["intercept"]),
                threshold=float(data["threshold"]),
                meta=dict(data.get("meta") or {}),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ModelError(f"{source}: malformed model ({error})") from None

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> Model:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ModelError(f"{path}: cannot be read ({error.strerror})") from None
        except json.JSONDecodeError as error:
            raise ModelError(f"{path}: not JSON ({error.msg})") from None
        return cls.from_dict(data, str(path))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=False) + "\n",
            encoding="utf-8",
        )


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The model fitted on the project's labelled sets (rebuilt by scripts/build_scorer.py)."""
    return Model.load(MODEL_PATH)


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    probability: float  # that the candidate is the right reading of its figure


def score(candidates: Iterable[Candidate], model: Model) -> list[Scored]:
    """Each candidate with the probability that it is the right reading of its figure. Plan cues
    decide whether a reading is a target; they carry no weight of their own. A target's year is
    the deadline its plan names, so for a target only the evidence of the pairing and the place
    counts, not how its year relates to the report's."""
    return [
        Scored(
            c,
            model.probability(
                c.features
                if c.kind != "target"
                else (f for f in c.features if not f.startswith(_NOT_FOR_TARGETS))
            ),
        )
        for c in candidates
    ]


def select(
    candidates: Iterable[Candidate], model: Model, text: str, header_end: int = 0
) -> list[ExtractedFigure]:
    """The figures of a report: the best reading of each figure, if it is probable enough."""
    best: dict[tuple[int, int], Scored] = {}
    shared: dict[tuple, Scored] = {}
    for item in score(candidates, model):
        figure = item.candidate.figure
        if figure not in best or _rank(item, model) > _rank(best[figure], model):
            best[figure] = item
        if _SHARED in item.candidate.features:
            key = (figure, item.candidate.indicator_code)
            if key not in shared or _rank(item, model) > _rank(shared[key], model):
                shared[key] = item
    chosen = list(best.values())
    taken = {(s.candidate.figure, s.candidate.indicator_code) for s in chosen}
    chosen += [item for key, item in shared.items() if key not in taken]
    figures = [
        _figure(item, text)
        for item in sorted(chosen, key=lambda s: s.candidate.figure)
        if item.probability >= model.threshold
    ]
    return dedupe(figures, header_end)


def _rank(item: Scored, model: Model) -> tuple[bool, float]:
    """An actual reading probable enough beats any target reading of the same figure: the plan a
    section announces does not make its review of the year before a plan."""
    actual = item.candidate.kind == "actual" and item.probability >= model.threshold
    return actual, item.probability


def _figure(item: Scored, text: str) -> ExtractedFigure:
    candidate = item.candidate
    start, end = candidate.span
    confidence = item.probability
    if PART_YEAR in candidate.features:
        confidence = min(confidence, PART_YEAR_CONFIDENCE)
    return ExtractedFigure(
        region_code=candidate.region_code,
        indicator_code=candidate.indicator_code,
        year=candidate.year,
        value=candidate.value,
        unit=candidate.unit,
        qualifier=candidate.qualifier,
        kind=candidate.kind,
        quote=text[start:end],
        span=candidate.span,
        confidence=round(confidence, 3),
    )


def dedupe(figures: list[ExtractedFigure], header_end: int = 0) -> list[ExtractedFigure]:
    """Headlines and summaries repeat figures from the body: keep each fact once.

    A headline often rounds the body's figure ("占比达65%" over "占比达到64.8%"), and a bound
    often announces the exact figure ("突破400万人次,达到412.6万人次"); the precise figure is the
    fact, so a headline figure or a bound that the text states more precisely is dropped. Of the
    same fact stated twice the more confident statement is kept.
    """
    precise: dict[tuple, list[ExtractedFigure]] = {}
    body: dict[tuple, list[ExtractedFigure]] = {}
    for item in figures:
        if item.qualifier == "eq" and not _headline(item, header_end):
            precise.setdefault(_fact_key(item), []).append(item)
        if not _headline(item, header_end):
            body.setdefault((*_fact_key(item)[:2], item.kind), []).append(item)
    kept: dict[tuple, ExtractedFigure] = {}
    for item in figures:
        restated = _headline(item, header_end) or item.qualifier in ("gte", "lte")
        if restated and any(
            _restates(item, other)
            for other in precise.get(_fact_key(item), ())
            if other is not item
        ):
            continue
        # A headline names the body's figure; the body says which year it is.
        if _headline(item, header_end) and any(
            other.value == item.value and other.year != item.year
            for other in body.get((*_fact_key(item)[:2], item.kind), ())
        ):
            continue
        key = (*_fact_key(item), item.value, item.qualifier)
        if key not in kept or item.confidence > kept[key].confidence:
            kept[key] = item
    return sorted(kept.values(), key=lambda item: item.span)


def _headline(item: ExtractedFigure, header_end: int) -> bool:
    """A figure in the title block, in a line that is not a finished sentence."""
    return item.span[0] < header_end and not item.quote.endswith(_SENTENCE_END)


def _fact_key(item: ExtractedFigure) -> tuple:
    return (item.region_code, item.indicator_code, item.year, item.kind)


def _restates(headline: ExtractedFigure, body: ExtractedFigure) -> bool:
    """True when the headline's figure is the body's figure rounded (or bounded: "超70%")."""
    value, precise = headline.value, body.value
    if value == precise:
        return True
    if headline.qualifier == "gte":
        return value <= precise <= value * _BOUND_SLACK
    if headline.qualifier == "lte":
        return value / _BOUND_SLACK <= precise <= value
    exponent = value.normalize().as_tuple().exponent
    step = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else Decimal(1)
    return abs(precise - value) <= step / 2
