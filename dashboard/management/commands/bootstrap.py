from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

from dashboard.reference_data import (
    ReferenceDataError,
    load_catalog,
    load_regions,
    load_themes,
)
from dashboard.roles import ensure_roles


class Command(BaseCommand):
    help = (
        "Migrate the database and load the reference tables: themes, the national region table "
        "and the indicator catalog. Safe to run again: unchanged rows are not written."
    )

    def handle(self, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Migrations applied.")
        data = settings.DATA_DIR
        try:
            results = [
                load_themes(data / "themes.csv"),
                load_regions(data / "regions.csv"),
                load_catalog(data / "indicators.csv"),
            ]
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for result in results:
            self.stdout.write(str(result))
        for line in ensure_roles():
            self.stdout.write(line)
