"""Admin pages that are not a model's list or form: the report upload and its result."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from dashboard.forms import ReportUploadForm
from dashboard.models import Observation, Report, Theme
from dashboard.report_messages import describe

logger = logging.getLogger(__name__)

# The result page lists at most this many new figures per file; the report's page has them all.
LISTED_PER_FILE = 200


@dataclass
class FileResult:
    filename: str
    status: str
    report_id: int | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    by_theme: list[tuple[str, int]] = field(default_factory=list)
    created: int = 0
    observations: list[Observation] = field(default_factory=list)


def _ingest(upload, *, reprocess: bool, user):
    # Imported on use: the pipeline loads heavy libraries (trafilatura, OpenCC) that no other
    # admin page needs.
    from ingest.load import ingest_bytes

    name = PurePath(upload.name).name
    try:
        return ingest_bytes(upload.read(), name, reprocess=reprocess, user=user)
    except Exception:
        # ingest_bytes reports bad input itself; anything else is a bug, and it must not cost
        # the other files of the upload their results.
        logger.exception("ingest of uploaded %s failed", name)
        return None


def _result(upload, outcome, theme_names) -> FileResult:
    name = PurePath(upload.name).name
    if outcome is None:
        return FileResult(name, "failed", error=_("%(name)s: internal error") % {"name": name})
    result = FileResult(
        outcome.filename,
        outcome.status,
        report_id=outcome.report_id,
        error=outcome.error,
        warnings=[describe(warning.as_dict()) for warning in outcome.warnings],
        by_theme=[
            (theme_names.get(code, code), count)
            for code, count in sorted(outcome.created_by_theme.items())
        ],
        created=outcome.observations_created,
    )
    if outcome.report_id and outcome.observations_created:
        result.observations = list(
            Observation.objects.filter(report_id=outcome.report_id, status="extracted")
            .select_related("region", "indicator")
            .order_by("-created_at", "indicator__theme__position", "indicator__position", "pk")[
                :LISTED_PER_FILE
            ]
        )
    return result


def upload_reports(request):
    """Upload report files; each goes through the ingest pipeline on its own."""
    if not request.user.has_perm("dashboard.add_report"):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Upload reports"),
        "opts": Report._meta,
    }
    if request.method == "POST":
        form = ReportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            theme_names = {theme.code: theme.name for theme in Theme.objects.all()}
            reprocess = form.cleaned_data["reprocess"]
            results = [
                _result(
                    upload, _ingest(upload, reprocess=reprocess, user=request.user), theme_names
                )
                for upload in form.cleaned_data["files"]
            ]
            context.update(
                title=_("Upload result"),
                results=results,
                listed_per_file=LISTED_PER_FILE,
                failed=sum(r.status == "failed" for r in results),
                created=sum(r.created for r in results),
            )
            return TemplateResponse(request, "admin/dashboard/report/upload_result.html", context)
    else:
        form = ReportUploadForm()
    context["form"] = form
    return TemplateResponse(request, "admin/dashboard/report/upload.html", context)
