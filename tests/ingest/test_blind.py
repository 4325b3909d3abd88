"""Blind reports, written and labelled by someone who never saw the rules.

They guard against rules that only fit the seeds and the held-out set: year-end summaries with
plan sections, Traditional reposts dated in their header, a city listing its counties' figures,
Chinese numerals, "指标：数值" lists with targets in brackets, press conferences and neighbouring
counties quoted for comparison.
"""

from __future__ import annotations

import json

from ingest.evaluate import evaluate
from ingest.pipeline import extract_report
from tests.ingest.helpers import ROOT

BLIND = ROOT / "tests" / "fixtures" / "blind"


def test_it_meets_the_quality_bar_on_the_blind_reports(regions, catalog):
    extracted = {
        path.name: extract_report(
            path.read_bytes(), path.name, regions=regions, catalog=catalog
        ).observations
        for path in sorted(BLIND.glob("*.txt"))
    }
    gold = [json.loads(line) for line in (BLIND / "gold.jsonl").read_text("utf-8").splitlines()]
    result = evaluate(extracted, gold)
    assert result.overall.recall >= 0.97, result.misses
    assert result.overall.precision >= 0.97, result.false_positives
