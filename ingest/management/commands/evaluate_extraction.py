import json
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from ingest.evaluate import Evaluation, Row, evaluate
from ingest.indicators import Catalog
from ingest.management.commands.ingest import find_reports
from ingest.pipeline import extract_report
from ingest.records import ReportError
from ingest.regions import RegionIndex


class Command(BaseCommand):
    help = (
        "Extract observations from reports without storing anything, compare them with "
        "hand-labelled gold rows (JSONL) and print precision, recall and F1 per indicator and "
        "overall, with every miss and false positive. The catalog and regions are the project's "
        "own tables (dashboard/data), so no database is needed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gold", type=Path, required=True, help="gold JSONL file")
        parser.add_argument("paths", nargs="+", type=Path, help="report files or folders")
        parser.add_argument(
            "--min-recall", type=float, help="exit non-zero when overall recall is lower"
        )
        parser.add_argument(
            "--min-precision", type=float, help="exit non-zero when overall precision is lower"
        )
        parser.add_argument(
            "--min-confidence",
            type=float,
            default=0.0,
            help="score only figures at least this confident (e.g. the publishing threshold)",
        )

    def handle(self, *, gold, paths, min_recall, min_precision, min_confidence, **options):
        gold_rows = self._read_gold(gold)
        regions = RegionIndex.from_csv(settings.DATA_DIR / "regions.csv")
        catalog = Catalog.from_csv(settings.DATA_DIR / "indicators.csv")
        extracted = {}
        for path in find_reports(paths):
            if not path.is_file():
                raise CommandError(f"{path}: no such file or folder")
            try:
                report = extract_report(
                    path.read_bytes(), path.name, regions=regions, catalog=catalog
                )
            except ReportError as error:
                raise CommandError(str(error)) from error
            extracted[path.name] = [
                figure for figure in report.observations if figure.confidence >= min_confidence
            ]
        documents = set(extracted)
        result = evaluate(extracted, [row for row in gold_rows if row["document"] in documents])
        self._print(result)
        overall = result.overall
        if min_recall is not None and overall.recall < min_recall:
            raise CommandError(f"recall {overall.recall:.3f} is below {min_recall}")
        if min_precision is not None and overall.precision < min_precision:
            raise CommandError(f"precision {overall.precision:.3f} is below {min_precision}")

    def _read_gold(self, path: Path) -> list[dict]:
        if not path.is_file():
            raise CommandError(f"{path}: no such gold file")
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise CommandError(f"{path.name}:{number}: not JSON ({error.msg})") from None
            missing = {"document", "region_code", "indicator", "year", "value"} - set(row)
            if missing:
                raise CommandError(f"{path.name}:{number}: missing {', '.join(sorted(missing))}")
            rows.append(row)
        return rows

    def _print(self, result: Evaluation) -> None:
        write = self.stdout.write
        write(f"{'indicator':<40} {'P':>6} {'R':>6} {'F1':>6}  tp fp miss")
        for code, score in result.per_indicator.items():
            write(
                f"{code:<40} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}  "
                f"{score.true_positives:2d} {score.false_positives:2d} {score.misses:4d}"
            )
        o = result.overall
        write(
            f"{'overall':<40} {o.precision:6.3f} {o.recall:6.3f} {o.f1:6.3f}  "
            f"{o.true_positives:2d} {o.false_positives:2d} {o.misses:4d}"
        )
        for label, rows in (("miss", result.misses), ("false positive", result.false_positives)):
            for row in rows:
                write(f"{label}: {self._describe(row)}")

    @staticmethod
    def _describe(row: Row) -> str:
        return (
            f"{row.document} {row.region_code} {row.indicator} {row.year} {row.value} "
            f"«{row.quote[:60]}»"
        )
