"""Admin forms: manual entry and review of observations.

Value rules (year range, no negatives, shares within 0–100) live in `Observation.clean`, which
a ModelForm runs; these forms add what only a person typing a figure needs: the unit check, and
messages that name the region or indicator concerned.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.models import Observation
from dashboard.selectors import region_path


def _unit_key(unit: str) -> str:
    # Full-width ％ and a stray space are the same unit as %.
    return unicodedata.normalize("NFKC", unit).replace(" ", "")


def _region_label(region) -> str:
    # The chosen region, shown with its parents like the autocomplete's choices.
    return f"{' › '.join(region_path(region))} · {region.code}"


def _indicator_label(indicator) -> str:
    return f"{indicator.name_zh}（{indicator.unit}）"


class _ObservationForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].label_from_instance = _region_label
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
