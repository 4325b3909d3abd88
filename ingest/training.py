"""Training: labelled reports → the scorer's examples, its fitted model and honest readings of it.

In: labelled sets (a folder of reports and a JSONL file of hand labels in the gold format), the
region index and the catalog. Out: every candidate of every report labelled against the gold
(1: it is a required gold figure; 0: it matches none; left out: it matches only a doubtful,
`required: false` row), a fitted `Model` (scikit-learn's logistic regression, deterministic),
predictions cross-validated by document (each report scored by a model fitted without it), the
precision and recall of those predictions through the whole selection, and a reliability table
(predicted confidence against observed precision, per band).
Refuses: a labelled set whose folder or gold file is missing (`FileNotFoundError`), and gold rows
missing a field the evaluation needs (`KeyError` naming the row). scikit-learn is needed here
only, to fit; using a fitted model needs nothing but `ingest.scorer`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ingest.evaluate import TOLERANCE, Evaluation, evaluate
from ingest.indicators import Catalog
from ingest.pipeline import read_candidates
from ingest.read import read_report
from ingest.records import Candidate, ExtractedFigure
from ingest.regions import RegionIndex
from ingest.scorer import Model, select

# A figure is kept when its reading is more likely right than wrong (the scores are calibrated).
THRESHOLD = 0.5
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(2, 20))
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0001))
# Regularisation of the logistic regression (inverse strength), chosen by cross-validation.
C = 3.0
FOLDS = 10
# Real reports taken from the web count double: they are the truth about how reports are written;
# the project's own sets were written to look like them.
REAL_WEIGHT = 2.0
LABEL_TOLERANCE = Decimal("0.0005")
CUE_SCALE = 3.0
_DECISIVE = ("cue:", "lead:", "unit:", "value:", "x:population_says")


@dataclass(frozen=True)
class LabelledSet:
    name: str
    reports: tuple[Path, ...]
    gold: tuple[dict, ...]
    weight: float = 1.0  # how much each of its examples counts when fitting

    @classmethod
    def from_folder(
        cls, name: str, folder: Path, gold: Path | None = None, weight: float = 1.0
    ) -> LabelledSet:
        gold = gold or folder / "gold.jsonl"
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: no such folder of reports")
        rows = tuple(
            json.loads(line)
            for line in gold.read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
        reports = tuple(sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html")))
        named = {row["document"] for row in rows}
        return cls(name, tuple(p for p in reports if p.name in named), rows, weight)


@dataclass
class LabelledReport:
    """One report's candidates, each with its label (None: matches only a doubtful row)."""

    set_name: str
    name: str
    text: str
    header_end: int
    candidates: list[Candidate]
    labels: list[int | None]
    gold: list[dict]
    weight: float = 1.0

    @property
    def key(self) -> str:
        return f"{self.set_name}/{self.name}"


def project_sets(root: Path, real: Iterable[Path] = ()) -> list[LabelledSet]:
    """The labelled sets of a checkout: the demo seeds, every folder under tests/fixtures with a
    gold.jsonl, and each folder in `real` (reports under docs/, labels in gold.jsonl)."""
    fixtures = root / "tests" / "fixtures"
    sets = [LabelledSet.from_folder("seeds", root / "seeds", fixtures / "gold" / "seeds.jsonl")]
    for folder in sorted(fixtures.iterdir()):
        if folder.is_dir() and (folder / "gold.jsonl").is_file():
            sets.append(LabelledSet.from_folder(folder.name, folder))
    for folder in real:
        sets.append(
            LabelledSet.from_folder(
                folder.name, folder / "docs", folder / "gold.jsonl", weight=REAL_WEIGHT
            )
        )
    return sets


def label_reports(
    sets: Iterable[LabelledSet], regions: RegionIndex, catalog: Catalog
) -> list[LabelledReport]:
    reports = []
    for labelled in sets:
        by_document: dict[str, list[dict]] = {}
        for row in labelled.gold:
            by_document.setdefault(row["document"], []).append(row)
        for path in labelled.reports:
            report, candidates = read_candidates(
                read_report(path.read_bytes(), path.name),
                path.name,
                regions=regions,
                catalog=catalog,
            )
            rows = by_document.get(path.name, [])
            reports.append(
                LabelledReport(
                    labelled.name,
                    path.name,
                    report.text,
                    report.header_end,
                    candidates,
                    [_label(candidate, rows) for candidate in candidates],
                    rows,
                    labelled.weight,
                )
            )
    return reports


def _label(candidate: Candidate, rows: list[dict]) -> int | None:
    matches = [row for row in rows if _same_fact(candidate, row)]
    if any(row.get("required", True) for row in matches):
        return 1
    return None if matches else 0


def _same_fact(candidate: Candidate, row: dict) -> bool:
    if (candidate.region_code, candidate.indicator_code, candidate.year) != (
        str(row["region_code"]),
        str(row["indicator"]),
        int(row["year"]),
    ):
        return False
    # Stricter than the evaluation's 0.5%: a neighbouring year's level is often that close
    # (77.93 and 78.2 years), and a label must not teach that a base is the new level.
    gold = Decimal(str(row["value"]))
    return abs(candidate.value - gold) <= LABEL_TOLERANCE * abs(gold)


# --- fitting ------------------------------------------------------------------------------------
def fit(reports: Sequence[LabelledReport], c: float = C, threshold: float | None = None) -> Model:
    """A logistic regression over the candidates' features; the threshold, unless given, is the
    one with the best F1 on predictions cross-validated by document."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels, weights = [], [], []
    for report in reports:
        for candidate, label in zip(report.candidates, report.labels, strict=True):
            # Gold rows are actual figures; a target reading has no label to learn from.
            if label is None or candidate.kind == "target":
                continue
            rows.append({name: _scale(name) for name in sorted(candidate.features)})
            labels.append(label)
            weights.append(report.weight)
    vectorizer = DictVectorizer(sort=True, sparse=False)
    matrix = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    classifier.fit(matrix, labels, sample_weight=weights)
    names = vectorizer.get_feature_names_out()
    # The model file holds each feature's whole contribution (weight × scale): using it needs no
    # knowledge of the scales.
    weights_by_name = {
        str(name): round(float(weight) * _scale(str(name)), 6)
        for name, weight in zip(names, classifier.coef_[0], strict=True)
        if abs(weight) >= 1e-6
    }
    if threshold is None:
        threshold = best_threshold(cross_validate(reports, c=c))
    return Model(
        weights=weights_by_name,
        intercept=round(float(classifier.intercept_[0]), 6),
        threshold=threshold,
        meta={
            "c": c,
            "examples": len(labels),
            "positives": int(sum(labels)),
            "data": fingerprint(reports),
        },
    )


def _scale(name: str) -> float:
    """Evidence that a figure is something else (a change, a sub-population, one hospital …) is
    rare in the labelled sets but decisive when present; a larger value lets the regularised fit
    give it a weight to match."""
    return CUE_SCALE if name.startswith(_DECISIVE) else 1.0


def fingerprint(reports: Sequence[LabelledReport]) -> str:
    """A hash of the labelled data (texts and gold rows): the same data fits the same model."""
    digest = hashlib.sha256()
    for report in sorted(reports, key=lambda r: r.key):
        digest.update(report.key.encode())
        digest.update(hashlib.sha256(report.text.encode()).digest())
        digest.update(json.dumps(report.gold, sort_keys=True, ensure_ascii=False).encode())
        digest.update(str(report.weight).encode())
    return digest.hexdigest()[:16]


# --- honest readings ----------------------------------------------------------------------------
@dataclass
class Reading:
    """Figures selected for each report by a model that was not fitted on it (or, in sample, by
    the shipped one)."""

    models: dict[str, Model] = field(default_factory=dict)  # report key → its model
    reports: dict[str, LabelledReport] = field(default_factory=dict)
    threshold: float | None = None  # None: each model's own

    def at(self, threshold: float) -> Reading:
        return Reading(self.models, self.reports, threshold)

    def figures(self, key: str) -> list[ExtractedFigure]:
        model = self.models[key]
        if self.threshold is not None:
            model = replace(model, threshold=self.threshold)
        report = self.reports[key]
        return select(report.candidates, model, report.text, report.header_end)

    def evaluation(self, set_name: str | None = None) -> Evaluation:
        extracted, gold = {}, []
        for key, report in self.reports.items():
            if set_name is not None and report.set_name != set_name:
                continue
            extracted[key] = self.figures(key)
            gold.extend({**row, "document": key} for row in report.gold)
        return evaluate(extracted, gold)


def cross_validate(
    reports: Sequence[LabelledReport],
    *,
    c: float = C,
    folds: int = FOLDS,
    held_out: Iterable[str] | None = None,
    salt: str = "",
) -> Reading:
    """Each report read by a model fitted on the other folds (reports are assigned to folds by a
    hash of their name, so the split does not depend on order). The fold models keep their
    threshold at 0.5 unless `Reading.at` sets another."""
    reading = Reading()
    keys = [r.key for r in reports]
    wanted = set(held_out) if held_out is not None else set(keys)
    for fold in range(folds):
        test = [r for r in reports if _fold(salt + r.key, folds) == fold and r.key in wanted]
        if not test:
            continue
        train = [r for r in reports if _fold(salt + r.key, folds) != fold]
        model = fit(train, c=c, threshold=0.5)
        for report in test:
            reading.reports[report.key] = report
            reading.models[report.key] = model
    return reading


def _fold(key: str, folds: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds


def best_threshold(reading: Reading) -> float:
    best, best_f1 = THRESHOLDS[0], -1.0
    for threshold in THRESHOLDS:
        f1 = reading.at(threshold).evaluation().overall.f1
        if f1 > best_f1 + 1e-9:
            best, best_f1 = threshold, f1
    return best


def in_sample(reports: Sequence[LabelledReport], model: Model) -> Reading:
    return Reading({r.key: model for r in reports}, {r.key: r for r in reports})


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    figures: int
    mean_confidence: float
    precision: float


def reliability(reading: Reading, set_name: str | None = None) -> list[Band]:
    """Predicted confidence against observed precision, per confidence band, over the actual
    figures selected (a figure matching only a doubtful gold row is left out)."""
    seen: dict[int, list[tuple[float, int]]] = {i: [] for i in range(len(BANDS))}
    for key, report in reading.reports.items():
        if set_name is not None and report.set_name != set_name:
            continue
        for figure in reading.figures(key):
            if figure.kind != "actual":
                continue
            label = _figure_label(figure, report.gold)
            if label is None:
                continue
            band = next(i for i, (low, high) in enumerate(BANDS) if low <= figure.confidence < high)
            seen[band].append((figure.confidence, label))
    bands = []
    for index, (low, high) in enumerate(BANDS):
        items = seen[index]
        if not items:
            continue
        bands.append(
            Band(
                low,
                min(high, 1.0),
                len(items),
                sum(c for c, _ in items) / len(items),
                sum(label for _, label in items) / len(items),
            )
        )
    return bands


def _figure_label(figure: ExtractedFigure, rows: list[dict]) -> int | None:
    matches = [
        row
        for row in rows
        if (figure.region_code, figure.indicator_code, figure.year)
        == (str(row["region_code"]), str(row["indicator"]), int(row["year"]))
        and abs(figure.value - Decimal(str(row["value"])))
        <= TOLERANCE * abs(Decimal(str(row["value"])))
    ]
    if any(row.get("required", True) for row in matches):
        return 1
    return None if matches else 0


def scored_figures(reading: Reading, set_name: str | None = None) -> list[tuple[float, int]]:
    """(confidence, 1 if right else 0) of every actual figure selected, doubtful ones left out."""
    scored = []
    for key, report in reading.reports.items():
        if set_name is not None and report.set_name != set_name:
            continue
        for figure in reading.figures(key):
            label = _figure_label(figure, report.gold) if figure.kind == "actual" else None
            if label is not None:
                scored.append((figure.confidence, label))
    return scored


def precision_above(reading: Reading, threshold: float, set_name: str | None = None) -> float:
    above = [
        label for confidence, label in scored_figures(reading, set_name) if confidence >= threshold
    ]
    return sum(above) / len(above) if above else 1.0


def publish_threshold(
    reading: Reading, precision: float = 0.97, minimum: float = 0.5, set_name: str | None = None
) -> float:
    """The lowest confidence, in steps of 0.05, above which the selected actual figures are at
    least `precision` precise (on cross-validated predictions)."""
    for threshold in (*THRESHOLDS, 0.95, 1.0):
        if threshold >= minimum and precision_above(reading, threshold, set_name) >= precision:
            return threshold
    return 1.0


def build_model(
    root: Path, real: Sequence[Path], regions: RegionIndex, catalog: Catalog
) -> tuple[Model, Reading, list[LabelledSet]]:
    """The scorer the project ships: fitted on every labelled set of the checkout (and the real
    corpora given), with the publishing threshold its cross-validated readings support — on the
    real reports when there are any, as they are what matters."""
    sets = project_sets(root, real)
    reports = label_reports(sets, regions, catalog)
    reading = cross_validate(reports).at(THRESHOLD)
    model = fit(reports, threshold=THRESHOLD)
    honest = real[0].name if real else None
    sklearn = __import__("sklearn")
    model.meta.update(
        {
            "sets": {s.name: len(s.reports) for s in sets},
            "publish_threshold": publish_threshold(reading, set_name=honest),
            "scikit_learn": sklearn.__version__,
        }
    )
    return model, reading, sets
