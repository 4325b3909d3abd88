"""The scorer: its model file, its choice among the readings of a figure, and its rebuild."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ingest import training
from ingest.records import Candidate
from ingest.scorer import MODEL_PATH, Model, ModelError, score, select, shipped_model
from tests.ingest.helpers import ROOT

REAL = ROOT.parent / "shared" / "realcorpus"


def candidate(features: set[str], year: int = 2023, kind: str = "actual") -> Candidate:
    return Candidate(
        indicator_code="fd_contract_rate",
        region_code="350581",
        year=year,
        value=Decimal(66),
        unit="%",
        qualifier="eq",
        kind=kind,
        span=(0, 10),
        figure=(5, 8),
        phrase=(0, 4),
        features=frozenset(features),
    )


MODEL = Model(weights={"good": 2.0, "bad": -3.0}, intercept=0.0, threshold=0.5)


def test_a_model_saved_and_loaded_gives_the_same_probabilities(tmp_path):
    path = tmp_path / "scorer.json"
    shipped = shipped_model()
    shipped.save(path)
    again = Model.load(path)
    features = sorted(shipped.weights)[:7]
    assert again.probability(features) == shipped.probability(features)
    assert again.to_dict() == shipped.to_dict()


def test_a_missing_model_file_is_refused_by_name(tmp_path):
    with pytest.raises(ModelError, match="absent.json: cannot be read"):
        Model.load(tmp_path / "absent.json")


def test_a_model_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "scorer.json"
    path.write_text("{weights", encoding="utf-8")
    with pytest.raises(ModelError, match="scorer.json: not JSON"):
        Model.load(path)


def test_a_json_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "scorer.json"
    path.write_text(json.dumps({"weights": {}}), encoding="utf-8")
    with pytest.raises(ModelError, match="not a scorer/1 model file"):
        Model.load(path)


def test_a_model_with_a_weight_that_is_not_a_number_is_refused(tmp_path):
    path = tmp_path / "scorer.json"
    data = {**MODEL.to_dict(), "weights": {"good": "high"}}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="malformed model"):
        Model.load(path)


def test_the_most_probable_reading_of_a_figure_wins():
    chosen = select([candidate({"bad"}, 2022), candidate({"good"}, 2023)], MODEL, "x" * 10)
    assert [(f.year, f.confidence) for f in chosen] == [(2023, pytest.approx(0.881, abs=1e-3))]


def test_a_figure_whose_best_reading_is_improbable_is_not_kept():
    assert select([candidate({"bad"})], MODEL, "x" * 10) == []


def test_a_probable_actual_reading_beats_a_more_probable_target_reading():
    actual = candidate({"good"}, 2024)
    target = candidate({"good", "good2"}, 2025, kind="target")
    model = Model(weights={"good": 2.0, "good2": 1.0}, intercept=0.0, threshold=0.5)
    assert [(f.year, f.kind) for f in select([target, actual], model, "x" * 10)] == [
        (2024, "actual")
    ]


def test_a_targets_year_counts_for_nothing_against_it():
    target = candidate({"good", "yr:after_report"}, kind="target")
    model = Model(weights={"good": 2.0, "yr:after_report": -5.0}, intercept=0.0, threshold=0.5)
    (scored,) = score([target], model)
    assert scored.probability == pytest.approx(model.probability({"good"}))


def test_fitting_twice_on_the_same_data_gives_the_same_model(regions, catalog):
    sets = [s for s in training.project_sets(ROOT) if s.name in ("seeds", "unseen", "heldout")]
    reports = training.label_reports(sets, regions, catalog)
    first = training.fit(reports, threshold=0.5)
    second = training.fit(training.label_reports(sets, regions, catalog), threshold=0.5)
    assert first.to_dict() == second.to_dict()
    assert first.meta["positives"] > 100


@pytest.mark.skipif(not REAL.is_dir(), reason="the real-report corpus is not beside the checkout")
def test_the_shipped_model_is_what_the_labelled_data_fit(regions, catalog):
    """Rebuilt from the same data, the scorer gives the shipped file's predictions: a change to
    the rules or the labels without a rebuild (scripts/build_scorer.py) fails here."""
    rebuilt, _, _ = training.build_model(ROOT, [REAL], regions, catalog)
    shipped = Model.load(MODEL_PATH)
    assert rebuilt.meta["data"] == shipped.meta["data"]
    assert rebuilt.threshold == shipped.threshold
    assert rebuilt.meta["publish_threshold"] == shipped.meta["publish_threshold"]
    assert set(rebuilt.weights) == set(shipped.weights)
    for name, weight in shipped.weights.items():
        assert rebuilt.weights[name] == pytest.approx(weight, abs=1e-4), name
    reports = training.label_reports(training.project_sets(ROOT, [REAL]), regions, catalog)
    for report in reports:
        for item in report.candidates:
            assert rebuilt.probability(item.features) == pytest.approx(
                shipped.probability(item.features), abs=1e-4
            )
