"""Admin forms: manual entry and review of observations, and the report upload.

Value rules (year range, no negatives, shares within 0–100) live in `Observation.clean`, which
a ModelForm runs; these forms add what only a person typing a figure needs: the unit check, and
messages that name the region or indicator concerned.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from dashboard.models import Observation

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm")


def _unit_key(unit: str) -> str:
    # Full-width ％ and a stray space are the same unit as %.
    return unicodedata.normalize("NFKC", unit).replace(" ", "")


def _indicator_label(indicator) -> str:
    return f"{indicator.name_zh}（{indicator.unit}）"


class _ObservationForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].error_messages["invalid_choice"] = _(
                "There is no such region; pick one from the list or type its six-digit code."
            )
        if "indicator" in self.fields:
            field = self.fields["indicator"]
            field.label_from_instance = _indicator_label
            field.error_messages["invalid_choice"] = _(
                "There is no such indicator; pick one from the catalog."
            )


# What a figure is: shared by manual entry and review, which add their own fields around it.
_FIGURE_FIELDS = ["region", "indicator", "year", "kind", "qualifier", "value"]


class ManualObservationForm(_ObservationForm):
    """A figure typed in from a yearbook or another publication: it is verified on entry."""

    unit = forms.CharField(
        label=_("unit"),
        max_length=16,
        help_text=_(
            "The unit of the figure as published. It must be the indicator's unit (shown next "
            "to its name); convert the figure first if it is not."
        ),
    )

    class Meta:
        model = Observation
        fields = [*_FIGURE_FIELDS, "unit", "source", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        self.fields["source"].help_text = _(
            "Where the figure is published, e.g. 《福建卫生健康统计年鉴2024》 p. 35."
        )

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        unit = cleaned.get("unit")
        if indicator is not None and unit and _unit_key(unit) != _unit_key(indicator.unit):
            self.add_error(
                "unit",
                _(
                    "The unit of %(indicator)s is “%(expected)s”, not “%(given)s”; "
                    "convert the figure to %(expected)s."
                )
                % {"indicator": indicator.name_zh, "expected": indicator.unit, "given": unit},
            )
        return cleaned


class ObservationReviewForm(_ObservationForm):
    """Correcting an observation; where it came from (report, sentence) is not editable."""

    class Meta:
        model = Observation
        fields = [*_FIGURE_FIELDS, "status", "source", "note"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


def _looks_binary(head: bytes) -> bool:
    # Report text in any of the encodings the reader accepts (UTF-8, GB18030, UTF-16 with a BOM)
    # has no NUL bytes outside UTF-16; a PDF, Word file or image has them within the first KB.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))


class ReportUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("report files"),
        error_messages={"required": _("Choose at least one report file.")},
    )
    reprocess = forms.BooleanField(
        label=_("extract again from reports already stored"),
        required=False,
        help_text=_(
            "Replaces their unreviewed figures; verified, rejected and edited ones are kept."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Text, Markdown or HTML (.txt .md .html .htm); at most %(size)s per file and "
            "%(count)d files at once."
        ) % {
            "size": filesizeformat(settings.REPORT_UPLOAD_MAX_BYTES),
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
        if PurePath(name).suffix.lower() not in REPORT_SUFFIXES:
            return _(
                "%(name)s: not a report file; only .txt, .md, .html and .htm are accepted."
            ) % {"name": name}
        if upload.size > settings.REPORT_UPLOAD_MAX_BYTES:
            return _("%(name)s is %(size)s; a report file may be at most %(limit)s.") % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.REPORT_UPLOAD_MAX_BYTES),
            }
        if upload.size == 0:
            return _("%(name)s is empty.") % {"name": name}
        head = next(upload.chunks(chunk_size=4096), b"")
        upload.seek(0)
        if _looks_binary(head[:4096]):
            return _(
                "%(name)s is not a text file (it looks like a PDF, Word document or other binary "
                "file); save the report as text or HTML first."
            ) % {"name": name}
        return None
