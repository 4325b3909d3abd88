"""The project's own labelled reports, scored set by set, so that a rule change that costs one of
them a figure fails here.

Every set was written for the project and its misses fixed in the commit that added it (or just
before): these are training scores. They catch regressions; they do not say how well the pipeline
reads reports it has not seen (the README gives that figure, on real third-party reports). Each
set's history, with its first reading, is in the NOTE.md of its folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.evaluate import evaluate
from ingest.pipeline import extract_report
from tests.ingest.helpers import GOLD, ROOT, SEEDS

FIXTURES = ROOT / "tests" / "fixtures"

# set → (lowest precision, lowest recall): the bars sit just under each set's score today.
THRESHOLDS = {
    "seeds": (0.97, 0.95),
    "heldout": (0.95, 0.95),
    "blind": (0.97, 0.97),
    "unseen": (0.95, 0.93),
    "blind2": (0.98, 0.98),
    "blind3": (0.98, 0.97),
    "blind4": (0.98, 0.96),
}


def labelled_set(name: str) -> tuple[list[Path], list[dict]]:
    """A set's reports and gold rows; the seed reports keep their gold apart from them."""
    if name == "seeds":
        reports, gold = SEEDS, GOLD
    else:
        reports, gold = sorted((FIXTURES / name).glob("*.txt")), FIXTURES / name / "gold.jsonl"
    return reports, [json.loads(line) for line in gold.read_text("utf-8").splitlines() if line]


@pytest.mark.parametrize("name", THRESHOLDS)
def test_it_keeps_its_score_on_the_regression_sets(name, regions, catalog):
    reports, gold = labelled_set(name)
    min_precision, min_recall = THRESHOLDS[name]
    extracted = {
        path.name: extract_report(
            path.read_bytes(), path.name, regions=regions, catalog=catalog
        ).observations
        for path in reports
    }
    result = evaluate(extracted, gold)
    assert result.overall.precision >= min_precision, result.false_positives
    assert result.overall.recall >= min_recall, result.misses
