"""The schema: regions × years × indicators, the reports figures come from, and observations.

Rules that must hold for every row live in database constraints; rules that need another table
(an indicator's unit decides whether 120 is a valid value) live in `Observation.clean`, which the
admin, manual entry and the ingest loader all call before saving. The rules about which rows a
reader sees, which disagree and which lie within a region live in `ObservationQuerySet`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dashboard import reference_cache
from dashboard.validation import (
    FIRST_YEAR,
    LAST_YEAR,
    NEGATIVE,
    SHARE_ABOVE_100,
    TOO_LARGE,
    value_defect,
    year_out_of_range,
)


def _localised(zh: str, en: str) -> str:
    return en if (get_language() or "").startswith("en") and en else zh


class RegionLevel(models.TextChoices):
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")
    PREFECTURE = "prefecture", _("prefecture")
    COUNTY = "county", _("county")


LEVEL_RANK = {
    RegionLevel.COUNTRY: 0,
    RegionLevel.PROVINCE: 1,
    RegionLevel.PREFECTURE: 2,
    RegionLevel.COUNTY: 3,
}


@dataclass(frozen=True)
class RegionTree:
    """Every region's name, level and parent, read once per process: which regions lie under
    another is then answered without joining the region table three times."""

    names: dict[str, str]
    levels: dict[str, str]
    parents: dict[str, str | None]
    children: dict[str, list[str]]

    def below(self, code: str) -> list[str]:
        """The codes of every region under the region, at any depth, without its own."""
        found, todo = [], list(self.children.get(code, ()))
        while todo:
            child = todo.pop()
            found.append(child)
            todo.extend(self.children.get(child, ()))
        return found

    def is_root(self, code: str) -> bool:
        """The country: every other region lies under it."""
        return code in self.parents and self.parents[code] is None


class RegionManager(models.Manager):
    def tree(self) -> RegionTree:
        """The region tree, kept by each process until a region changes
        (`dashboard.reference_cache`)."""
        return reference_cache.kept("region-tree", self._read_tree)

    def _read_tree(self) -> RegionTree:
        rows = list(self.values_list("code", "name", "level", "parent_id"))
        children: dict[str, list[str]] = {}
        for code, _name, _level, parent in rows:
            if parent is not None:
                children.setdefault(parent, []).append(code)
        return RegionTree(
            names={code: name for code, name, _, _ in rows},
            levels={code: level for code, _, level, _ in rows},
            parents={code: parent for code, _, _, parent in rows},
            children=children,
        )


class Region(models.Model):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    aliases = ArrayField(
        models.CharField(max_length=64), verbose_name=_("aliases"), default=list, blank=True
    )
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    # Pinyin initials of the name (石狮市 → sss), for the region search.
    initials = models.CharField(_("pinyin initials"), max_length=32, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="region_code_is_six_digits"
            ),
            models.CheckConstraint(
                condition=Q(level__in=RegionLevel.values), name="region_level_is_known"
            ),
            models.CheckConstraint(
                condition=Q(level=RegionLevel.COUNTRY, parent__isnull=True)
                | (~Q(level=RegionLevel.COUNTRY) & Q(parent__isnull=False)),
                name="region_has_parent_unless_country",
            ),
        ]
        indexes = [models.Index(fields=["level", "parent"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self.name_zh, self.name_en)


class ValueType(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percent")
    RATE = "rate", _("rate")
    MONEY = "money", _("money")
    DURATION = "duration", _("duration")


class Direction(models.TextChoices):
    UP = "up", _("higher is better")
    DOWN = "down", _("lower is better")
    NEUTRAL = "neutral", _("neutral")


class Indicator(models.Model):
    """One row of the indicator catalog (dashboard/data/indicators.csv); `code` is public."""

    code = models.SlugField(_("code"), max_length=64, primary_key=True)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="indicators"
    )
    name_zh = models.CharField(_("Chinese name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=128)
    unit = models.CharField(_("unit"), max_length=16)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    additive = models.BooleanField(_("additive"))
    definition = models.TextField(_("definition"), blank=True)
    definition_zh = models.TextField(_("Chinese definition"), blank=True)
    target_value = models.DecimalField(
        _("national target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_source = models.CharField(_("target source"), max_length=255, blank=True)
    phrasings = ArrayField(
        models.CharField(max_length=128), verbose_name=_("phrasings"), default=list, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords(
        verbose_name=_("indicator history entry"),
        verbose_name_plural=_("indicator history"),
    )

    class Meta:
        ordering = ["theme__position", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_type__in=ValueType.values), name="indicator_value_type_is_known"
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_year__isnull=False),
                name="indicator_target_has_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self.name_zh, self.name_en)

    @property
    def description(self) -> str:
        """The definition in the reader's language."""
        return _localised(self.definition_zh, self.definition)


class ReportStatus(models.TextChoices):
    OK = "ok", _("ingested")
    WARNING = "warning", _("ingested with warnings")


class Report(models.Model):
    """One ingested document. Files that fail are not stored: they leave nothing behind."""

    original_filename = models.CharField(_("original file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the normalised text"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("main region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(_("report year"), null=True, blank=True)
    text = models.TextField(_("normalised text"))
    # For a PDF: where each of its pages starts in `text`, so that a figure can name its page.
    page_starts = ArrayField(
        models.PositiveIntegerField(),
        verbose_name=_("page starts"),
        default=list,
        blank=True,
        help_text=_("Offsets in the text where the pages of a PDF report begin."),
    )
    status = models.CharField(
        _("ingest status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OK
    )
    # As the ingest states them: [{"code": …, "params": {…}}], worded when shown
    # (`dashboard.report_messages`).
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Who changed the title, publisher, date, region or year, and whether the ingest did: what
    # `review.store_extracted_report` leaves alone. The text never changes (its hash is the
    # report's identity), so it is not copied into every record.
    history = HistoricalRecords(
        excluded_fields=["text"],
        no_db_index=["sha256", "region"],
        verbose_name=_("report history entry"),
        verbose_name_plural=_("report history"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="report_sha256_is_hex"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="report_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.original_filename

    def page_of(self, offset: int | None) -> int | None:
        """The PDF page (from 1) holding the character at `offset` of the text; None for
        reports without pages."""
        if not self.page_starts or offset is None:
            return None
        return bisect_right(self.page_starts, offset)


class Qualifier(models.TextChoices):
    EQ = "eq", "="
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    APPROX = "approx", "≈"


class Kind(models.TextChoices):
    ACTUAL = "actual", _("actual")
    TARGET = "target", _("target")


class Status(models.TextChoices):
    EXTRACTED = "extracted", _("extracted")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")


def _subtree(region_code: str, *, with_itself: bool) -> Q:
    # By the codes of the cached tree: joining region, parent and grandparent with OR made the
    # planner scan every figure of an indicator.
    tree = Region.objects.tree()
    if tree.is_root(region_code):
        return Q() if with_itself else ~Q(region=region_code)
    codes = tree.below(region_code)
    return Q(region__in=[region_code, *codes] if with_itself else codes)


def _held_back() -> Q:
    return Q(status=Status.EXTRACTED, confidence__lt=settings.EXTRACTION_PUBLISH_THRESHOLD)


def is_held_back(status: str, confidence: float | None) -> bool:
    """`_held_back()` for one figure's fields, for code that counts figures as they change
    (`dashboard.coverage`); a test checks that both forms agree."""
    return (
        status == Status.EXTRACTED
        and confidence is not None
        and confidence < settings.EXTRACTION_PUBLISH_THRESHOLD
    )


def is_visible(status: str, confidence: float | None) -> bool:
    """`ObservationQuerySet.visible()` for one figure's fields."""
    return status != Status.REJECTED and not is_held_back(status, confidence)


class ObservationQuerySet(models.QuerySet):
    def not_rejected(self):
        return self.exclude(status=Status.REJECTED)

    def visible(self):
        """What dashboard readers see: never a rejected figure, and an extracted one only when
        the scorer is at least as sure of it as the publishing threshold; verified, corrected and
        hand-entered figures always."""
        return self.not_rejected().exclude(_held_back())

    def held_back(self):
        """Extracted figures waiting for a reviewer before they are published."""
        return self.filter(_held_back())

    def within(self, region_code: str):
        """Figures of the region and of every region under it."""
        return self.filter(_subtree(region_code, with_itself=True))

    def under(self, region_code: str):
        """Figures of the regions under the region, without its own."""
        return self.filter(_subtree(region_code, with_itself=False))

    def same_cell(self, observation: Observation):
        """The other figures for the observation's region, indicator, year and kind."""
        return self.filter(
            region=observation.region_id,
            indicator=observation.indicator_id,
            year=observation.year,
            kind=observation.kind,
        ).exclude(pk=observation.pk)

    def rivals(self, region, indicator, year, kind, value, status):
        """The conflict rule: figures disagree when neither is rejected and they give the same
        region, indicator, year and kind (actual or target) different values; a reviewer then
        has to pick one. The arguments are a figure's fields, as values or `OuterRef`s."""
        if not hasattr(status, "resolve_expression"):
            status = Value(status)
        return (
            self.not_rejected()
            .filter(region=region, indicator=indicator, year=year, kind=kind)
            .exclude(value=value)
            .exclude(Exact(status, Status.REJECTED))
        )

    def conflicting_with(self, observation: Observation):
        """The figures that disagree with the observation."""
        return self.rivals(
            observation.region_id,
            observation.indicator_id,
            observation.year,
            observation.kind,
            observation.value,
            observation.status,
        )

    def _rivals_of_each_row(self):
        fields = ("region", "indicator", "year", "kind", "value", "status")
        return Observation.objects.rivals(*(OuterRef(name) for name in fields))

    def with_conflicts(self):
        """Each row annotated with `has_conflict`: whether another figure disagrees with it."""
        return self.annotate(has_conflict=Exists(self._rivals_of_each_row()))

    def with_conflicting_values(self):
        """Each row annotated with `conflicting_values`: the values of the figures that disagree
        with it, smallest first."""
        values = self._rivals_of_each_row().order_by("value").values("value").distinct()
        return self.annotate(conflicting_values=ArraySubquery(values))


class Observation(models.Model):
    # Looked up through the indexes that start with them (Meta.indexes): an index of their own,
    # and the pattern index Django adds for a text key, would only cost every insert.
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    qualifier = models.CharField(
        _("qualifier"), max_length=6, choices=Qualifier.choices, default=Qualifier.EQ
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.ACTUAL)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.EXTRACTED
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("source report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        help_text=_("Empty for figures entered by hand."),
    )
    # Where a figure without a report comes from (a yearbook, a CSV import): shown and exported
    # in the `document` column in place of a report's file name.
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("For figures not from an ingested report, e.g. a statistical yearbook."),
    )
    quote = models.TextField(_("source sentence"), blank=True)
    span_start = models.PositiveIntegerField(_("quote start"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("quote end"), null=True, blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Set only by generate_synthetic, which writes to its own database; never shown as real data.
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # History is read per figure (by id); the copies of the other keys need no index.
    history = HistoricalRecords(
        no_db_index=["region", "indicator", "created_by", "updated_by", "report"],
        verbose_name=_("observation history entry"),
        verbose_name_plural=_("observation history"),
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "region", "year"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="observation_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="observation_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=Qualifier.values), name="observation_qualifier_is_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="observation_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="observation_status_is_known"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="observation_confidence_is_a_probability",
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(span_start__isnull=False, span_end__gte=models.F("span_start")),
                name="observation_span_is_ordered",
            ),
        ]
        indexes = [
            # The pages' lists (years, regions with data) and the comparison of one indicator
            # and year are read from this index alone: `visible()` needs status and confidence,
            # the comparison picks and sorts by id and value.
            models.Index(
                fields=["indicator", "kind", "year", "region"],
                include=["status", "confidence", "id", "value"],
                name="observation_lists",
            ),
            models.Index(fields=["region", "indicator", "year"]),
            models.Index(fields=["status"]),
            # Pages ask on every request whether synthetic rows exist; answered from this index.
            models.Index(
                fields=["synthetic"], condition=Q(synthetic=True), name="observation_synthetic"
            ),
            # Every page counts the figures held back for review, and the review queue lists the
            # extracted figures least confident first: both read from this index.
            models.Index(
                models.F("confidence").asc(nulls_first=True),
                models.F("id"),
                condition=Q(status="extracted"),
                name="observation_review_queue",
            ),
        ]

    def __str__(self) -> str:
        value = format(self.value.normalize(), "f") if self.value is not None else "?"
        return f"{self.region} · {self.indicator} · {self.year}: {value} {self.indicator.unit}"

    def clean(self) -> None:
        indicator = Indicator.objects.filter(pk=self.indicator_id).first()
        errors = figure_errors(self.year, self.value, indicator)
        if errors:
            raise ValidationError(errors)


def figure_errors(year, value, indicator: Indicator | None) -> dict[str, str]:
    """The message for each field of a figure that breaks the rules of `dashboard.validation`
    (used by `Observation.clean` and by the import, which checks many rows without queries)."""
    errors: dict[str, str] = {}
    if year_out_of_range(year):
        errors["year"] = _("The year must be between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    defect = value_defect(value, indicator.value_type if indicator else None)
    what = indicator.name_zh if indicator else _("this indicator")
    if defect == NEGATIVE:
        errors["value"] = _("The value of %(what)s cannot be negative.") % {"what": what}
    elif defect == TOO_LARGE:
        errors["value"] = _("The value of %(what)s is too large to store.") % {"what": what}
    elif defect == SHARE_ABOVE_100:
        errors["value"] = _("%(what)s is a share in %%; it cannot be above 100.") % {"what": what}
    return errors


class ReviewItem(Observation):
    """The review queue: extracted observations, least confident first (see the admin)."""

    class Meta:
        proxy = True
        verbose_name = _("observation to review")
        verbose_name_plural = _("review queue")


# -- coverage summary ---------------------------------------------------------------------------
#
# Counts of the published figures, kept by `dashboard.coverage` in the transaction that changes
# them, so that no page has to count a national dataset. A scope is "indicator:<code>" or
# "theme:<code>"; only actual values (not targets) that readers see are counted.


class Coverage(models.Model):
    """Per scope: how many published actual figures, for how many regions."""

    scope = models.CharField(max_length=80, primary_key=True)
    observations = models.IntegerField(default=0)
    regions = models.IntegerField(default=0)

    class Meta:
        # Kept by dashboard.coverage alone: no person is given rights on it.
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.scope}: {self.observations} figures, {self.regions} regions"


class CoverageByRegion(models.Model):
    """Per scope and region: how many published actual figures (the regions count of `Coverage`
    changes when one of these goes from zero or to zero)."""

    scope = models.CharField(max_length=80)
    region_code = models.CharField(max_length=6)
    observations = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "region_code"], name="coverage_by_region_is_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.region_code}: {self.observations}"


class CoverageByYear(models.Model):
    """Per scope and year: how many published actual figures (first, last and number of years)."""

    scope = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    observations = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="coverage_by_year_is_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.observations}"


class CoverageState(models.Model):
    """One row: the figures held back for review, and the data version and publishing threshold
    the counts are exact for. A reader finding another version or threshold rebuilds them."""

    observation_max_id = models.BigIntegerField(null=True)
    history_max_id = models.BigIntegerField(null=True)
    threshold = models.FloatField(null=True)
    held_back = models.IntegerField(default=0)
    # False until the counts are built for the first time (a new database, or after a change
    # that the counting cannot follow, such as an indicator moving to another theme).
    built = models.BooleanField(default=False)
    # Changes whenever regions, themes or indicators change (`dashboard.reference_cache`); read
    # with the data version, in the same query.
    reference_version = models.CharField(max_length=32, default="", blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"coverage at {self.observation_max_id}-{self.history_max_id}"


class ImportState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    CHECKED = "checked", _("checked, ready to import")
    DONE = "done", _("imported")
    FAILED = "failed", _("not imported")


class ImportJob(models.Model):
    """One file imported in the admin: checked first, then (when a reviewer confirms) written,
    each time by the `import_observations` command running outside the request."""

    original_filename = models.CharField(_("file name"), max_length=255)
    # Where the uploaded file waits for the command (IMPORT_DIR); removed once written.
    path = models.CharField(_("stored file"), max_length=500)
    write = models.BooleanField(_("write the rows"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_estimated = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_duplicate = models.PositiveIntegerField(_("rows already stored"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first errors, as {"row", "column", "message"}, worded in the reviewer's language.
    errors = models.JSONField(_("error list"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_filename

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.CHECKED, ImportState.DONE, ImportState.FAILED)

    @property
    def stalled(self) -> bool:
        """Unfinished, and its command has not touched it for `STALLED_AFTER` seconds: the
        process that ran it ended (killed, the server restarted) or never started."""
        return not self.finished and (
            self.updated_at is None
            or (timezone.now() - self.updated_at).total_seconds() > self.STALLED_AFTER
        )

    # The command touches a running job every `HEARTBEAT_SECONDS`, also while one long statement
    # writes the rows; six missed beats mean it has stopped.
    HEARTBEAT_SECONDS = 10
    STALLED_AFTER = 60

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_estimated:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_estimated))
