"""Build ingest/model/scorer.json, the fitted scorer the ingest ships with.

Reads: every labelled set of the checkout (the seeds, each folder under tests/fixtures with a
gold.jsonl) and the real-report corpus `../shared/realcorpus` when it exists (or the folders given
with --real), the catalog and region tables in dashboard/data.
Writes: ingest/model/scorer.json — the logistic regression's weights, the threshold with the
best F1 on predictions cross-validated by document, and what it was fitted on. Prints the
cross-validated precision and recall per set, the reliability table and the lowest publishing
threshold at which cross-validated figures are at least 97% precise.

Needs scikit-learn (`pip install ".[model]"`). The same data give the same file.

Run: python scripts/build_scorer.py [--real FOLDER ...] [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import training  # noqa: E402
from ingest.indicators import Catalog  # noqa: E402
from ingest.regions import RegionIndex  # noqa: E402
from ingest.scorer import MODEL_PATH, Model  # noqa: E402

DATA = ROOT / "dashboard" / "data"
REAL = ROOT.parent / "shared" / "realcorpus"


def build(real: list[Path]) -> tuple[Model, training.Reading, list[training.LabelledSet]]:
    return training.build_model(
        ROOT,
        real,
        RegionIndex.from_csv(DATA / "regions.csv"),
        Catalog.from_csv(DATA / "indicators.csv"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--real",
        type=Path,
        action="append",
        help="a labelled corpus of real reports (docs/ and gold.jsonl); default ../shared/realcorpus",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit non-zero when the shipped file differs from a rebuild",
    )
    args = parser.parse_args()
    real = args.real if args.real is not None else ([REAL] if REAL.is_dir() else [])
    model, reading, sets = build(real)
    out = sys.stdout.write
    out(
        f"threshold {model.threshold:.2f}, publishing threshold {model.meta['publish_threshold']:.2f}\n"
    )
    out("cross-validated by document (each report scored by a model not fitted on it):\n")
    for labelled in sets:
        score = reading.evaluation(labelled.name).overall
        out(
            f"  {labelled.name:<12} P {score.precision:.3f}  R {score.recall:.3f}  "
            f"(tp {score.true_positives}, fp {score.false_positives}, miss {score.misses})\n"
        )
    for name in [None, *(folder.name for folder in real)]:
        out(
            f"reliability on {name or 'every set'} (confidence band: figures, mean confidence, "
            "observed precision):\n"
        )
        for band in training.reliability(reading, name):
            out(
                f"  {band.low:.2f}-{band.high:.2f}: {band.figures:4d}  "
                f"{band.mean_confidence:.3f}  {band.precision:.3f}\n"
            )
        above = training.precision_above(reading, model.meta["publish_threshold"], name)
        out(f"  published (≥ {model.meta['publish_threshold']:.2f}): precision {above:.3f}\n")
    if args.check:
        shipped = Model.load(MODEL_PATH)
        if shipped.to_dict() != model.to_dict():
            sys.stderr.write(f"{MODEL_PATH.name} differs from a rebuild from the same data\n")
            return 1
        out(f"{MODEL_PATH.name} is what this data fits\n")
        return 0
    MODEL_PATH.parent.mkdir(exist_ok=True)
    model.save(MODEL_PATH)
    out(f"wrote {MODEL_PATH.relative_to(ROOT)} ({len(model.weights)} weights)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
