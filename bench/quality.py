"""Extraction quality on every labelled set this checkout can find, read two ways.

Sets: the seeds, each folder under tests/fixtures with a gold.jsonl, and the real-report corpus
`../shared/realcorpus` (reports in docs/, labels in gold.jsonl) when it exists, or the folders
given with --real. For each set it prints
- in sample: the shipped scorer (ingest/model/scorer.json) on the set, as `evaluate_extraction`
  reads it — a training score for every set the scorer was fitted on;
- cross-validated by document: each report read by a scorer fitted on the other nine tenths of
  all reports (a hash of the report's name picks its tenth), never on itself — the honest one;
- the same for the figures at or above the publishing threshold (EXTRACTION_PUBLISH_THRESHOLD
  when set, else the shipped model's own);
and a reliability table per set: cross-validated confidence bands against observed precision.

Needs scikit-learn for the cross-validation (`pip install ".[model]"`).

Run: .venv/bin/python bench/quality.py [--real FOLDER ...] [--splits N]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import training  # noqa: E402
from ingest.indicators import Catalog  # noqa: E402
from ingest.regions import RegionIndex  # noqa: E402
from ingest.scorer import shipped_model  # noqa: E402

DATA = ROOT / "dashboard" / "data"
REAL = ROOT.parent / "shared" / "realcorpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, action="append", help="a labelled real corpus")
    parser.add_argument(
        "--splits",
        type=int,
        default=1,
        help="repeat the cross-validation with this many different splits and pool the counts",
    )
    options = parser.parse_args()
    real = options.real if options.real is not None else ([REAL] if REAL.is_dir() else [])
    sets = training.project_sets(ROOT, real)
    reports = training.label_reports(
        sets, RegionIndex.from_csv(DATA / "regions.csv"), Catalog.from_csv(DATA / "indicators.csv")
    )
    model = shipped_model()
    publish = float(
        os.environ.get("EXTRACTION_PUBLISH_THRESHOLD") or model.meta.get("publish_threshold", 0.5)
    )
    readings = [
        training.cross_validate(reports, salt=str(split) if split else "")
        for split in range(options.splits)
    ]
    shipped = training.in_sample(reports, model)
    out = sys.stdout.write
    out(f"emission threshold {model.threshold:.2f}, publishing threshold {publish:.2f}\n")
    out(f"{'set':<12} {'reports':>7} {'in sample P / R':>16} {'cross-validated P / R':>22}")
    out(f" {'published P (share kept)':>26}\n")
    for labelled in sets:
        inside = shipped.evaluation(labelled.name).overall
        tp = fp = miss = 0
        for reading in readings:
            score = reading.evaluation(labelled.name).overall
            tp, fp, miss = (
                tp + score.true_positives,
                fp + score.false_positives,
                miss + score.misses,
            )
        kept = training.precision_above(readings[0], publish, labelled.name)
        share = _share_above(readings[0], publish, labelled.name)
        out(
            f"{labelled.name:<12} {len(labelled.reports):>7} "
            f"{inside.precision:>7.3f} / {inside.recall:.3f} "
            f"{_ratio(tp, tp + fp):>13.3f} / {_ratio(tp, tp + miss):.3f} "
            f"{kept:>15.3f} ({share:.0%})\n"
        )
    for labelled in sets:
        out(f"\nreliability, {labelled.name} (cross-validated):\n")
        out("  confidence  figures  mean confidence  observed precision\n")
        for band in training.reliability(readings[0], labelled.name):
            out(
                f"  {band.low:.2f}-{band.high:.2f}  {band.figures:7d}  {band.mean_confidence:15.3f}"
                f"  {band.precision:18.3f}\n"
            )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _share_above(reading: training.Reading, threshold: float, set_name: str) -> float:
    scored = training.scored_figures(reading, set_name)
    return (
        sum(1 for confidence, _ in scored if confidence >= threshold) / len(scored)
        if scored
        else 1.0
    )


if __name__ == "__main__":
    main()
