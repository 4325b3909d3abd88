"""Importing observations in the admin: upload a file, watch it being checked, confirm, watch it
being written. The work is done by the `import_observations` command in a process of its own, so
that a file of a million rows neither holds a web worker nor runs into its timeout; the pages
only read the `ImportJob` the command keeps up to date.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path, PurePath
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dashboard import resources
from dashboard.models import ImportJob, ImportState, Indicator, Observation

PERMISSION = "dashboard.add_observation"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("file to import"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or GB18030/GBK, as Excel saves it) or Excel .xlsx, at most %(size)s; the "
            "first line names the columns, by the codes of the CSV download or in Chinese."
        ) % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name).name
        if PurePath(name).suffix.lower() not in resources.IMPORT_SUFFIXES:
            raise forms.ValidationError(
                _("%(name)s: only .csv and .xlsx files can be imported.") % {"name": name}
            )
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("%(name)s is %(size)s; an import file may be at most %(limit)s.")
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            )
        return upload


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _store(upload) -> Path:
    folder = Path(settings.IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{PurePath(upload.name).suffix.lower()}"
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def _database_url() -> str:
    """The database this process uses, as a URL: the command must write where the admin reads."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = quote(str(db.get("HOST") or "localhost"), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    url = f"postgres://{quote(db['USER'], safe='')}{password}@{host}{port}/{db['NAME']}"
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    return f"{url}?sslmode={sslmode}" if sslmode else url


def launch(job: ImportJob) -> None:
    """Run the command for the job in a process of its own, which outlives the request."""
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "import_observations",
        "--job",
        str(job.pk),
        "--language",
        get_language() or settings.LANGUAGE_CODE,
        "--no-progress-bar",
    ]
    environment = {**os.environ, "DATABASE_URL": _database_url()}
    subprocess.Popen(
        command,
        env=environment,
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "opts": Observation._meta,
        "has_view_permission": True,
        **extra,
    }


def import_start(request):
    """The upload form; a valid file becomes a job that is checked at once."""
    _check(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = ImportJob.objects.create(
                original_filename=PurePath(upload.name).name,
                path=str(_store(upload)),
                created_by=request.user,
            )
            launch(job)
            return redirect("admin:dashboard_observation_import_job", job.pk)
    else:
        form = ImportForm()
    recent = ImportJob.objects.select_related("created_by")[:10]
    indicators = Indicator.objects.select_related("theme").order_by("theme__position", "position")
    return TemplateResponse(
        request,
        "admin/dashboard/observation/import.html",
        _context(
            request,
            title=_("Import observations"),
            form=form,
            recent=recent,
            indicators=indicators,
            chinese_headers=resources.CHINESE_HEADERS,
        ),
    )


def import_job(request, pk: int):
    """A job's progress while it runs (the page reloads itself), then its result."""
    _check(request)
    job = get_object_or_404(ImportJob, pk=pk)
    if job.stalled:
        _give_up(job)
    return TemplateResponse(
        request,
        "admin/dashboard/observation/import_job.html",
        _context(request, title=_("Import of %(name)s") % {"name": job.original_filename}, job=job),
    )


def _give_up(job: ImportJob) -> None:
    """A job whose command stopped without finishing is failed, so that its page stops waiting.
    Its rows are written by one statement, all or none, and a new import skips stored rows."""
    message = _(
        "The import stopped before it finished: the process running it ended (the server may "
        "have restarted). Import the file again: rows already stored are skipped."
    )
    stale = ImportJob.objects.filter(
        pk=job.pk, state__in=(ImportState.QUEUED, ImportState.RUNNING), updated_at=job.updated_at
    )
    if stale.update(state=ImportState.FAILED, message=message):
        Path(job.path).unlink(missing_ok=True)
    job.refresh_from_db()


@require_POST
def import_confirm(request, pk: int):
    """Write a checked file's rows."""
    _check(request)
    job = get_object_or_404(ImportJob, pk=pk)
    if job.state == ImportState.CHECKED:
        ImportJob.objects.filter(pk=job.pk, state=ImportState.CHECKED).update(
            write=True, state=ImportState.QUEUED, rows_done=0, updated_at=timezone.now()
        )
        job.refresh_from_db()
        launch(job)
    return redirect("admin:dashboard_observation_import_job", job.pk)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_csv(request):
    _check(request)
    return _download(resources.template_csv(), "observations_template.csv", "text/csv")


def template_xlsx(request):
    _check(request)
    return _download(
        resources.template_xlsx(),
        "observations_template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def units_csv(request):
    _check(request)
    return _download(resources.units_csv(), "indicators_units.csv", "text/csv")


def urls(admin_view):
    from django.urls import path

    return [
        path("import/", admin_view(import_start), name="dashboard_observation_import"),
        path("import/<int:pk>/", admin_view(import_job), name="dashboard_observation_import_job"),
        path(
            "import/<int:pk>/confirm/",
            admin_view(import_confirm),
            name="dashboard_observation_import_confirm",
        ),
        path(
            "import/template.csv",
            admin_view(template_csv),
            name="dashboard_observation_import_template_csv",
        ),
        path(
            "import/template.xlsx",
            admin_view(template_xlsx),
            name="dashboard_observation_import_template_xlsx",
        ),
        path("import/units.csv", admin_view(units_csv), name="dashboard_observation_import_units"),
    ]


def job_url(job: ImportJob) -> str:
    return reverse("admin:dashboard_observation_import_job", args=[job.pk])
