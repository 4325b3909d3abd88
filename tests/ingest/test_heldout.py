"""Held-out reports, written in the styles bureaus publish, that no rule was tuned on first.

They guard the rules against fitting the seeds: news reposts with furniture and headline repeats,
Traditional and full-width text, places named only as 全市, sections of plans, tables of
"指标：数值", Chinese numerals, neighbouring counties and provincial averages.
"""

from __future__ import annotations

import json

from ingest.evaluate import evaluate
from ingest.pipeline import extract_report
from tests.ingest.helpers import ROOT

HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


def test_it_meets_the_quality_bar_on_the_held_out_reports(regions, catalog):
    extracted = {
        path.name: extract_report(
            path.read_bytes(), path.name, regions=regions, catalog=catalog
        ).observations
        for path in sorted(HELDOUT.glob("*.txt"))
    }
    gold = [json.loads(line) for line in (HELDOUT / "gold.jsonl").read_text("utf-8").splitlines()]
    result = evaluate(extracted, gold)
    assert result.overall.recall >= 0.95, result.misses
    assert result.overall.precision >= 0.95, result.false_positives
