"""Uploading reports in the admin: the form, the view and its result page.

An ingest action, so it lives here and writes through the loader; the report list of the admin
links to it. Each file goes through the pipeline on its own and is reported on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from dashboard.models import Observation, Report, Status, Theme
from dashboard.report_messages import describe
from ingest.load import FileOutcome, Outcome, ingest_bytes
from ingest.read import utf16_without_bom
from ingest.workers import REPORT_SUFFIXES

logger = logging.getLogger(__name__)

# The result page lists at most this many new figures per file; the report's page has them all.
LISTED_PER_FILE = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


# Read by their own readers (ingest.pdf, ingest.docx) rather than decoded as text.
_DOCUMENT_SUFFIXES = (".pdf", ".docx")


def _looks_binary(head: bytes) -> bool:
    # Report text in any of the encodings the reader accepts (UTF-8, GB18030, UTF-16) has no NUL
    # bytes outside UTF-16; a PDF, Word file or image has them within the first KB.
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return True
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    # The head may end inside a character: try it whole and one character shorter.
    even = head[: len(head) // 2 * 2]
    return utf16_without_bom(even) is None and utf16_without_bom(even[:-2]) is None


class ReportUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("report files"),
        error_messages={"required": gettext_lazy("Choose at least one report file.")},
    )
    reprocess = forms.BooleanField(
        label=gettext_lazy("extract again from reports already stored"),
        required=False,
        help_text=gettext_lazy(
            "Replaces their unreviewed figures; verified, rejected and edited ones are kept."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Text, Markdown, HTML, PDF or Word (.txt .md .html .htm .pdf .docx); at most "
            "%(size)s per file and %(count)d files at once."
        ) % {
            "size": filesizeformat(settings.REPORT_MAX_BYTES),
            "count": settings.REPORT_UPLOAD_MAX_FILES,
        }

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.REPORT_UPLOAD_MAX_FILES
        if len(files) > limit:
            raise forms.ValidationError(
                _("At most %(limit)d files per upload; you chose %(count)d.")
                % {"limit": limit, "count": len(files)}
            )
        problems = [problem for upload in files if (problem := self._problem(upload))]
        if problems:
            raise forms.ValidationError(problems)
        return files

    @staticmethod
    def _problem(upload) -> str | None:
        name = PurePath(upload.name).name
        suffix = PurePath(name).suffix.lower()
        if suffix == ".doc":
            return _(
                "%(name)s is an old Word document (.doc); open it in Word or WPS and save it "
                "as .docx, then upload the .docx."
            ) % {"name": name}
        if suffix not in REPORT_SUFFIXES:
            return _(
                "%(name)s: not a report file; only .txt, .md, .html, .htm, .pdf and .docx are "
                "accepted."
            ) % {"name": name}
        if upload.size > settings.REPORT_MAX_BYTES:
            return _("%(name)s is %(size)s; a report file may be at most %(limit)s.") % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.REPORT_MAX_BYTES),
            }
        if upload.size == 0:
            return _("%(name)s is empty.") % {"name": name}
        head = next(upload.chunks(chunk_size=4096), b"")
        upload.seek(0)
        if suffix not in _DOCUMENT_SUFFIXES and _looks_binary(head[:4096]):
            return _(
                "%(name)s is not a text file (it looks like a PDF, Word document or other binary "
                "file); give it the right extension (.pdf, .docx) or save the report as text."
            ) % {"name": name}
        return None


@dataclass
class FileResult:
    filename: str
    status: Outcome
    report_id: int | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    by_theme: list[tuple[str, int]] = field(default_factory=list)
    created: int = 0
    observations: list[Observation] = field(default_factory=list)


def _ingest(upload, *, reprocess: bool, user) -> FileOutcome:
    name = PurePath(upload.name).name
    try:
        raw = upload.read()
    except OSError as error:
        # The upload's temporary file went missing or the disk failed: this file only.
        logger.exception("reading uploaded %s failed", name)
        return FileOutcome(
            name,
            Outcome.FAILED,
            error=_("%(name)s: cannot be read (%(reason)s)")
            % {"name": name, "reason": error.strerror or error},
        )
    # The loader never raises: whatever goes wrong comes back as this file's outcome.
    return ingest_bytes(raw, name, reprocess=reprocess, user=user)


def _result(outcome: FileOutcome, theme_names) -> FileResult:
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
            Observation.objects.filter(report_id=outcome.report_id, status=Status.EXTRACTED)
            .select_related("region", "indicator")
            .order_by("-created_at", "indicator__theme__position", "indicator__position", "pk")[
                :LISTED_PER_FILE
            ]
        )
    return result


class _StopAtSizeLimit(FileUploadHandler):
    """Stops reading an upload as soon as one of its files passes `REPORT_MAX_BYTES`, so that a
    file of 141 MB costs no more than the limit; the view then names it."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.REPORT_MAX_BYTES
        self.too_large: str | None = None
        self._received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > self.limit:
            self.too_large = PurePath(self.file_name or "").name
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler stores the file


def _refused(message: str) -> ReportUploadForm:
    """The upload form as it is shown when the request itself was refused, saying why."""
    form = ReportUploadForm(data={}, files={})
    form.full_clean()
    form.errors.pop("files", None)
    form.add_error("files", message)
    return form


@csrf_exempt  # checked in _upload, once our upload handler is in place (Django's documented way)
def upload_reports(request):
    """Upload report files; each goes through the ingest pipeline on its own. Staff only (the
    URL is wrapped in `admin_view`), and only those who may add reports.

    What is too much is said on the form, and found as early as possible: a request larger than
    REPORT_UPLOAD_MAX_REQUEST_BYTES from its Content-Length, before its body is read; a file past
    REPORT_MAX_BYTES as soon as it passes; too many files when Django stops counting them."""
    if not request.user.has_perm("dashboard.add_report"):
        raise PermissionDenied
    if request.method != "POST":
        return _upload(request, None)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.REPORT_UPLOAD_MAX_REQUEST_BYTES
    if length > limit:
        message = _("This upload is %(size)s; one upload may carry at most %(limit)s.") % {
            "size": filesizeformat(length),
            "limit": filesizeformat(limit),
        }
        return _page(request, _refused(message), status=413)
    handler = _StopAtSizeLimit(request)
    request.upload_handlers.insert(0, handler)
    try:
        return _upload(request, handler)
    except TooManyFilesSent:
        message = _("At most %(limit)d files per upload; you chose more than %(count)d.") % {
            "limit": settings.REPORT_UPLOAD_MAX_FILES,
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        }
        return _page(request, _refused(message))
    except RequestDataTooBig:
        return _page(request, _refused(_("The form sent is too large.")), status=413)


def _page(request, form, *, status: int = 200) -> TemplateResponse:
    context = {
        **admin.site.each_context(request),
        "title": _("Upload reports"),
        "opts": Report._meta,
        "form": form,
    }
    return TemplateResponse(request, "ingest/upload.html", context, status=status)


@csrf_protect
def _upload(request, handler: _StopAtSizeLimit | None):
    context = {
        **admin.site.each_context(request),
        "title": _("Upload reports"),
        "opts": Report._meta,
    }
    if request.method == "POST":
        files = request.FILES  # parsed here, through our handler, if the CSRF check did not
        if handler is not None and handler.too_large is not None:
            message = _(
                "%(name)s is larger than %(limit)s; a report file may be at most %(limit)s."
            ) % {"name": handler.too_large, "limit": filesizeformat(settings.REPORT_MAX_BYTES)}
            return _page(request, _refused(message), status=413)
        form = ReportUploadForm(request.POST, files)
        if form.is_valid():
            theme_names = {theme.code: theme.name for theme in Theme.objects.all()}
            reprocess = form.cleaned_data["reprocess"]
            results = [
                _result(_ingest(upload, reprocess=reprocess, user=request.user), theme_names)
                for upload in form.cleaned_data["files"]
            ]
            context.update(
                title=_("Upload result"),
                results=results,
                listed_per_file=LISTED_PER_FILE,
                failed=sum(r.status == Outcome.FAILED for r in results),
                created=sum(r.created for r in results),
            )
            return TemplateResponse(request, "ingest/upload_result.html", context)
    else:
        form = ReportUploadForm()
    return _page(request, form)
