from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    # An app only so that Django finds the ingest management commands; it has no models.
    name = "ingest"
    verbose_name = _("Report ingest")
