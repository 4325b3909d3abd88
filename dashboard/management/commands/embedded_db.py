from django.conf import settings
from django.core.management import BaseCommand, CommandError

from config.embedded_db import EmbeddedDatabaseError, EmbeddedPostgres


class Command(BaseCommand):
    help = (
        "Start, stop or show the embedded PostgreSQL server used when DATABASE_URL is unset. "
        "Other commands start it when they need it; it keeps running until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"], help="what to do")

    def handle(self, *, action: str, **options):
        if not settings.USING_EMBEDDED_DB:
            raise CommandError("DATABASE_URL is set: this project does not use the embedded server")
        server = EmbeddedPostgres(settings.EMBEDDED_PG_DIR)
        try:
            status = {
                "start": server.ensure_running,
                "stop": server.stop,
                "status": server.status,
            }[action]()
        except EmbeddedDatabaseError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Embedded PostgreSQL: {status.describe()}")
