"""Five blind reports kept apart while the rules were tuned on the others.

Their score is the closest estimate of how the extraction does on reports nobody has seen (one
general rule, on which years vote for the report year, came from reading one of them); the
thresholds sit just under it to catch regressions, and misses here are the known weaknesses.
"""

from __future__ import annotations

import json

from ingest.evaluate import evaluate
from ingest.pipeline import extract_report
from tests.ingest.helpers import ROOT

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


def test_it_stays_at_its_measured_quality_on_reports_no_rule_was_tuned_on(regions, catalog):
    extracted = {
        path.name: extract_report(
            path.read_bytes(), path.name, regions=regions, catalog=catalog
        ).observations
        for path in sorted(UNSEEN.glob("*.txt"))
    }
    gold = [json.loads(line) for line in (UNSEEN / "gold.jsonl").read_text("utf-8").splitlines()]
    result = evaluate(extracted, gold)
    assert result.overall.recall >= 0.85, result.misses
    assert result.overall.precision >= 0.95, result.false_positives
