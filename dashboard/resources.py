"""CSV import of observations (django-import-export), in the columns of the CSV export.

A file downloaded from the dashboard or written by `export_observations` imports as it is, and
exporting again gives the same file. Every row is checked before anything is written: region and
indicator must exist, the names and unit, when given, must match them (a shifted column or a
figure in 万元 instead of 元 is caught), and the model's rules apply. The admin shows a dry run
first and writes nothing while any row is wrong.

Each row becomes a new observation, except that rows already in the database (same values in
every column) are skipped, so importing the same file twice does not duplicate it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from dashboard import review
from dashboard.csv_export import column_of_header
from dashboard.formatting import format_value
from dashboard.models import Indicator, Kind, Observation, Qualifier, Region, Report, Status
from dashboard.selectors import EXPORT_COLUMNS

# The model field behind each column a row can be wrong in; the rest are derived.
_FIELD_OF_COLUMN = {
    "region_code": "region",
    "indicator_code": "indicator",
    "year": "year",
    "value": "value",
    "qualifier": "qualifier",
    "kind": "kind",
    "status": "status",
    "document": "report",
    "quote": "quote",
}
_COLUMN_OF_FIELD = {field: column for column, field in _FIELD_OF_COLUMN.items()}
_COLUMN_OF_FIELD["source"] = "document"

_QUALIFIERS = {**{q.value: q.value for q in Qualifier}, **{q.label: q.value for q in Qualifier}}
_QUALIFIERS[""] = Qualifier.EQ


def _text(row, column) -> str:
    value = row.get(column)
    return "" if value is None else unicodedata.normalize("NFC", str(value)).strip()


class ObservationResource(resources.ModelResource):
    region_code = Field(attribute="region_id", column_name="region_code")
    region_name = Field(attribute="region__name", column_name="region_name", readonly=True)
    region_level = Field(attribute="region__level", column_name="region_level", readonly=True)
    indicator_code = Field(attribute="indicator_id", column_name="indicator_code")
    indicator_name = Field(
        attribute="indicator__name_zh", column_name="indicator_name", readonly=True
    )
    year = Field(attribute="year", column_name="year")
    value = Field(attribute="value", column_name="value")
    unit = Field(attribute="indicator__unit", column_name="unit", readonly=True)
    qualifier = Field(attribute="qualifier", column_name="qualifier")
    kind = Field(attribute="kind", column_name="kind")
    status = Field(attribute="status", column_name="status")
    document = Field(column_name="document")
    quote = Field(attribute="quote", column_name="quote")

    class Meta:
        model = Observation
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS
        import_id_fields = []
        # Always a new row: there is no id in the file, and a source may give several values.
        force_init_instance = True
        skip_unchanged = False
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._regions: dict[str, Region | None] = {}
        self._indicators: dict[str, Indicator | None] = {}
        self._seen: Counter = Counter()
        self._already_stored: dict[tuple, int] = {}
        self._user = None

    # Export: the same rows, order and formatting as dashboard.selectors.export_rows.

    def get_queryset(self):
        return Observation.objects.select_related("region", "indicator", "report").order_by(
            "indicator__theme__position", "indicator__position", "region_id", "year", "kind", "id"
        )

    def dehydrate_value(self, observation):
        return format_value(observation.value)

    def dehydrate_document(self, observation):
        if observation.report_id:
            return observation.report.original_filename
        return observation.source

    # Import.

    def before_import(self, dataset, **kwargs):
        self._user = kwargs.get("user")
        # A file downloaded in Chinese names its columns in Chinese: read them as the codes.
        columns = column_of_header()
        headers = [
            unicodedata.normalize("NFC", (h or "").strip().lstrip("\ufeff"))
            for h in dataset.headers
        ]
        headers = [columns.get(h, h) for h in headers]
        dataset.headers = headers
        missing = [
            c for c in ("region_code", "indicator_code", "year", "value") if c not in headers
        ]
        if missing:
            raise ValidationError(
                _(
                    "The file has no column %(columns)s; the first line must name the columns: %(all)s."
                )
                % {"columns": ", ".join(missing), "all": ", ".join(EXPORT_COLUMNS)}
            )

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}

        def fail(column, message):
            errors.setdefault(column, []).append(message)

        self._import_region(instance, row, fail)
        self._import_indicator(instance, row, fail)

        year = _text(row, "year")
        try:
            instance.year = int(year)
        except ValueError:
            fail("year", _("“%(value)s” is not a year.") % {"value": year})

        value = _text(row, "value").replace(",", "")
        try:
            instance.value = Decimal(value)
            if not instance.value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            fail("value", _("“%(value)s” is not a number.") % {"value": value})
            instance.value = None

        qualifier = _text(row, "qualifier")
        if qualifier in _QUALIFIERS:
            instance.qualifier = _QUALIFIERS[qualifier]
        else:
            fail(
                "qualifier",
                _("“%(value)s” is not one of eq, gte, lte, approx.") % {"value": qualifier},
            )

        kind = _text(row, "kind") or Kind.ACTUAL
        if kind in Kind.values:
            instance.kind = kind
        else:
            fail("kind", _("“%(value)s” is not one of actual, target.") % {"value": kind})

        # A figure without a review status comes from a person, like a manual entry.
        status = _text(row, "status") or Status.VERIFIED
        if status in Status.values:
            instance.status = status
        else:
            fail(
                "status",
                _("“%(value)s” is not one of extracted, verified, rejected.") % {"value": status},
            )

        document = _text(row, "document")
        report = (
            Report.objects.filter(original_filename=document).order_by("-created_at").first()
            if document
            else None
        )
        instance.report = report
        instance.source = "" if report else document[:255]
        instance.quote = _text(row, "quote")
        review.prepare_import(instance, self._user)
        if errors:
            raise ValidationError(errors)

    def _import_region(self, instance, row, fail):
        code = _text(row, "region_code")
        if code not in self._regions:
            self._regions[code] = Region.objects.filter(pk=code).first()
        region = self._regions[code]
        if region is None:
            fail("region_code", _("There is no region with the code “%(code)s”.") % {"code": code})
            return
        instance.region = region
        name = _text(row, "region_name")
        if name and name != region.name and name not in region.aliases:
            fail(
                "region_name",
                _("Region %(code)s is %(name)s, not %(given)s.")
                % {"code": code, "name": region.name, "given": name},
            )

    def _import_indicator(self, instance, row, fail):
        code = _text(row, "indicator_code")
        if code not in self._indicators:
            self._indicators[code] = Indicator.objects.filter(pk=code).first()
        indicator = self._indicators[code]
        if indicator is None:
            fail(
                "indicator_code",
                _("There is no indicator with the code “%(code)s”.") % {"code": code},
            )
            return
        instance.indicator = indicator
        name = _text(row, "indicator_name")
        if name and name not in (indicator.name_zh, indicator.name_en):
            fail(
                "indicator_name",
                _("Indicator %(code)s is %(name)s, not %(given)s.")
                % {"code": code, "name": indicator.name_zh, "given": name},
            )
        unit = _text(row, "unit")
        if unit and unicodedata.normalize("NFKC", unit) != unicodedata.normalize(
            "NFKC", indicator.unit
        ):
            fail(
                "unit",
                _("The unit of %(name)s is “%(expected)s”, not “%(given)s”.")
                % {"name": indicator.name_zh, "expected": indicator.unit, "given": unit},
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {
            column: list(messages) for column, messages in (import_validation_errors or {}).items()
        }
        exclude = {_FIELD_OF_COLUMN.get(column, column) for column in errors}
        if "document" in errors:
            exclude.add("source")
        try:
            instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(_COLUMN_OF_FIELD.get(field, field), []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        key = (
            instance.region_id,
            instance.indicator_id,
            instance.year,
            instance.value,
            instance.qualifier,
            instance.kind,
            instance.status,
            instance.report_id,
            instance.source,
            instance.quote,
        )
        if key not in self._already_stored:
            # Counted before this import writes a row with the key, so only earlier data counts.
            self._already_stored[key] = Observation.objects.filter(
                region_id=key[0],
                indicator_id=key[1],
                year=key[2],
                value=key[3],
                qualifier=key[4],
                kind=key[5],
                status=key[6],
                report_id=key[7],
                source=key[8],
                quote=key[9],
            ).count()
        self._seen[key] += 1
        # The n-th identical row of the file is new only if the database had fewer than n.
        return self._seen[key] <= self._already_stored[key]
