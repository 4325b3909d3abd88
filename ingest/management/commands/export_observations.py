from django.core.management import BaseCommand, CommandError

from dashboard.csv_export import csv_chunks
from dashboard.models import Indicator, Observation, Region, Status, Theme
from dashboard.selectors import ObservationFilter, export_rows


class Command(BaseCommand):
    help = (
        "Write observations as CSV (UTF-8 with a BOM, for Excel) with the columns region_code, "
        "region_name, region_level, indicator_code, indicator_name, year, value, unit, qualifier, "
        "kind, status, document, quote. Without filters: everything, rejected rows included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--theme", help="theme code, e.g. childcare")
        parser.add_argument("--indicator", help="indicator code, e.g. fd_contract_rate")
        parser.add_argument("--region", help="region code; regions below it are included")
        parser.add_argument("--year", type=int, help="one year")
        parser.add_argument("--status", choices=Status.values, help="review status")

    def handle(self, *, output, theme, indicator, region, year, status, **options):
        self._check_exists(Theme, theme, "--theme")
        self._check_exists(Indicator, indicator, "--indicator")
        self._check_exists(Region, region, "--region")
        chosen = ObservationFilter(
            theme=theme,
            indicator=indicator,
            region=region,
            year=year,
            status=status,
            include_rejected=True,
        )
        rows = export_rows(chosen.apply(Observation.objects.all()))
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = self._write(rows, handle)
            self.stderr.write(f"Wrote {count} observations to {output}.")
        else:
            self._write(rows, self.stdout)

    def _write(self, rows, handle) -> int:
        count = 0

        def counted():
            nonlocal count
            for row in rows:
                count += 1
                yield row

        for chunk in csv_chunks(counted()):
            handle.write(chunk, **({"ending": ""} if handle is self.stdout else {}))
        return count

    @staticmethod
    def _check_exists(model, code, option):
        if code and not model.objects.filter(pk=code).exists():
            raise CommandError(f"{option} {code!r}: no such {model._meta.model_name}")
