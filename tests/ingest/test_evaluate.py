"""Scoring extraction against gold rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.evaluate import evaluate


def gold(**overrides) -> dict:
    row = {
        "document": "a.txt",
        "region_code": "350700",
        "indicator": "fd_contract_rate",
        "year": 2024,
        "value": 66,
        "required": True,
        "quote": "签约率达66%",
    }
    return {**row, **overrides}


def found(**overrides) -> dict:
    row = {
        "region_code": "350700",
        "indicator_code": "fd_contract_rate",
        "year": 2024,
        "value": Decimal(66),
        "kind": "actual",
    }
    return {**row, **overrides}


def test_a_value_within_half_a_percent_matches():
    result = evaluate({"a.txt": [found(value=Decimal("66.3"))]}, [gold()])
    assert (result.overall.true_positives, result.overall.false_positives) == (1, 0)


def test_a_value_further_off_is_a_miss_and_a_false_positive():
    result = evaluate({"a.txt": [found(value=Decimal("66.4"))]}, [gold()])
    assert (result.overall.true_positives, len(result.misses), len(result.false_positives)) == (
        0,
        1,
        1,
    )


def test_region_indicator_year_and_document_must_agree():
    for change in ({"region_code": "350000"}, {"indicator_code": "x"}, {"year": 2023}):
        result = evaluate({"a.txt": [found(**change)]}, [gold()])
        assert result.overall.true_positives == 0, change
    assert evaluate({"b.txt": [found()]}, [gold()]).overall.recall == 0


def test_optional_gold_rows_are_neither_rewarded_nor_penalised():
    result = evaluate({"a.txt": [found()]}, [gold(required=False)])
    assert (result.overall.true_positives, result.overall.false_positives) == (0, 0)
    assert evaluate({"a.txt": []}, [gold(required=False)]).misses == []


def test_targets_and_rejected_observations_are_not_scored():
    extracted = {"a.txt": [found(kind="target", value=1), found(status="rejected", value=2)]}
    assert evaluate(extracted, [gold()]).false_positives == []


def test_one_gold_row_matches_one_observation():
    result = evaluate({"a.txt": [found(), found()]}, [gold()])
    assert (result.overall.true_positives, result.overall.false_positives) == (1, 1)


def test_scores_are_reported_per_indicator():
    extracted = {"a.txt": [found(), found(indicator_code="fd_teams", value=5)]}
    result = evaluate(extracted, [gold(), gold(indicator="childcare_places", value=9)])
    assert result.per_indicator["fd_contract_rate"].f1 == 1.0
    assert result.per_indicator["fd_teams"].precision == 0.0
    assert result.per_indicator["childcare_places"].recall == 0.0
    assert result.overall.precision == pytest.approx(0.5)
    assert result.overall.recall == pytest.approx(0.5)
