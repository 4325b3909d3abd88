"""The admin: reviewing, correcting and adding figures, uploading reports, the audit history.

Every change to an observation is made by `dashboard.review`, which keeps the audit trail.
Everything shown from a report (its text, quotes, file names) is escaped: reports come from
outside and may contain markup.
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from dashboard import coverage, imports, reference_cache, review, selectors
from dashboard.formatting import format_value
from dashboard.forms import ManualObservationForm, ObservationReviewForm
from dashboard.models import (
    Indicator,
    Kind,
    Observation,
    Region,
    RegionLevel,
    Report,
    ReviewItem,
    Status,
    Theme,
)
from dashboard.report_messages import describe

admin.site.site_header = _("County health reform indicators: administration")
admin.site.site_title = _("Indicator administration")
admin.site.index_title = _("Review and data management")
# The observation list has many columns; the sidebar would squeeze them.
admin.site.enable_nav_sidebar = False

QUOTE_CHARS = 40
CONTEXT_CHARS = 120


# The audit trail


class _HistoryHelper(HistoricalRecordContextHelper):
    """Changes in the history as a reader knows them: 已抽取 → 已核实, not extracted → verified;
    an empty user as —, not "Deleted 用户 (pk=None)"."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        if isinstance(value, DeletedObject):
            return _("deleted %(what)s (%(id)s)") % {
                "what": value.model._meta.verbose_name,
                "id": value.pk,
            }
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value


class _HistoryAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/dashboard/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return _HistoryHelper(self.model, historical_record)


# Filters


class IndicatorWithFiguresFilter(admin.RelatedOnlyFieldListFilter):
    """The indicators the list holds figures of, each found by one probe of the index that
    starts with the indicator (Django's own filter collected the distinct indicators of every
    figure: a tenth of a second on a national dataset, for every page)."""

    def field_choices(self, field, request, model_admin):
        rows = model_admin.get_queryset(request).order_by().filter(indicator=OuterRef("pk"))
        return field.get_choices(
            include_blank=False,
            limit_choices_to=Q(Exists(rows)),
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class ProvinceFilter(admin.SimpleListFilter):
    title = _("in province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", "name")

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # The province itself and every region below it, as on the dashboard.
        return queryset.within(self.value())


class _TwoWayFilter(admin.SimpleListFilter):
    """A filter with two choices, each a queryset condition."""

    # Not `choices`: SimpleListFilter has a method of that name.
    options: dict[str, tuple[str, Q]]

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.options.items()]

    def queryset(self, request, queryset):
        chosen = self.options.get(self.value())
        return queryset if chosen is None else queryset.filter(chosen[1])


class ConflictFilter(_TwoWayFilter):
    title = _("conflict")
    parameter_name = "conflict"
    options = {
        "yes": (_("sources disagree"), Q(has_conflict=True)),
        "no": (_("no conflict"), Q(has_conflict=False)),
    }


class OriginFilter(_TwoWayFilter):
    title = _("origin")
    parameter_name = "origin"
    options = {
        "report": (_("extracted from a report"), Q(report__isnull=False)),
        "other": (_("entered or imported"), Q(report__isnull=True)),
    }


def _concrete(queryset):
    # Rows of the review queue (a proxy model) are saved as Observation, so that the history
    # records them: simple_history listens to the concrete model only.
    return Observation.objects.filter(pk__in=queryset.values("pk")).order_by("pk")


class _ObservationAdminBase(_HistoryAdmin):
    change_list_template = "admin/dashboard/observation/change_list.html"
    list_display = [
        "region_display",
        "indicator",
        "year",
        "value_display",
        "qualifier_display",
        "status",
        "confidence_display",
        "conflict_display",
        "quote_display",
        "report_link",
    ]
    list_display_links = ["region_display"]
    list_filter = [
        "status",
        ConflictFilter,
        "indicator__theme",
        ("indicator", IndicatorWithFiguresFilter),
        "year",
        "region__level",
        ProvinceFilter,
        "kind",
        OriginFilter,
    ]
    search_fields = [
        "region__name",
        "=region__code",
        "indicator__name_zh",
        "=indicator__code",
        "quote",
    ]
    search_help_text = _("Region name or code, indicator name or code, or words of the sentence.")
    list_per_page = 50
    actions = ["verify", "reject", "back_to_extracted", "pick_value"]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("region", "indicator", "report")
            # The full report text is large and not needed in a list.
            .defer("report__text", "report__warnings")
        )
        return queryset.with_conflicts()

    # Columns

    @admin.display(description=_("region"), ordering="region__code")
    def region_display(self, observation):
        return format_html(
            '{} <span class="quiet">{}</span>', observation.region.name, observation.region_id
        )

    @admin.display(description=_("value"), ordering="value")
    def value_display(self, observation):
        text = f"{format_value(observation.value)} {observation.indicator.unit}"
        if observation.kind == Kind.TARGET:
            return format_html('{} <span class="quiet">{}</span>', text, _("(target)"))
        return text

    @admin.display(description=_("qualifier"), ordering="qualifier")
    def qualifier_display(self, observation):
        return observation.get_qualifier_display()

    @admin.display(description=_("confidence"), ordering=F("confidence").asc(nulls_first=True))
    def confidence_display(self, observation):
        if observation.confidence is None:
            return "—"
        return f"{observation.confidence:.2f}"

    @admin.display(description=_("conflict"), ordering="-has_conflict")
    def conflict_display(self, observation):
        if not observation.has_conflict:
            return ""
        return format_html('<span class="conflict-flag">⚠ {}</span>', _("sources disagree"))

    @admin.display(description=_("source sentence"))
    def quote_display(self, observation):
        if not observation.quote:
            return observation.source or "—"
        short = Truncator(observation.quote).chars(QUOTE_CHARS)
        return format_html('<span title="{}">{}</span>', observation.quote, short)

    @admin.display(description=_("source report"), ordering="report__original_filename")
    def report_link(self, observation):
        if observation.report_id is None:
            return "—"
        url = reverse("admin:dashboard_report_change", args=[observation.report_id])
        return format_html('<a href="{}">{}</a>', url, observation.report.original_filename)

    # Bulk actions, each for reviewers only (the "change" permission)

    def _set_status(self, request, queryset, status, message):
        changed = review.set_status(_concrete(queryset), status, request.user)
        self.message_user(request, message(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Verify the selected observations"), permissions=["change"])
    def verify(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Status.VERIFIED,
            lambda n: ngettext(
                "%(count)d observation marked as verified.",
                "%(count)d observations marked as verified.",
                n,
            ),
        )

    @admin.action(description=_("Reject the selected observations"), permissions=["change"])
    def reject(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Status.REJECTED,
            lambda n: ngettext(
                "%(count)d observation rejected; it is no longer shown on the dashboard.",
                "%(count)d observations rejected; they are no longer shown on the dashboard.",
                n,
            ),
        )

    @admin.action(
        description=_("Set the selected observations back to extracted"), permissions=["change"]
    )
    def back_to_extracted(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Status.EXTRACTED,
            lambda n: ngettext(
                "%(count)d observation set back to extracted.",
                "%(count)d observations set back to extracted.",
                n,
            ),
        )

    @admin.action(
        description=_("Use this value: verify it and reject the other values of its conflict"),
        permissions=["change"],
    )
    def pick_value(self, request, queryset):
        chosen = list(_concrete(queryset))
        try:
            rejected = review.pick(chosen, request.user)
        except review.TwoPicksInOneCell:
            self.message_user(
                request,
                _(
                    "Select only one observation per region, indicator, year and kind: the one "
                    "whose value is right. Nothing was changed."
                ),
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            _("%(chosen)d value(s) verified, %(rejected)d conflicting value(s) rejected.")
            % {"chosen": len(chosen), "rejected": rejected},
            messages.SUCCESS,
        )


@admin.register(Observation)
class ObservationAdmin(_ObservationAdminBase):
    # Newest first, read from the primary key: the model's order (theme, indicator, region, year)
    # sorted every figure of a national dataset for each page of the list (1.8 s a page).
    ordering = ["-pk"]
    autocomplete_fields = ["region"]
    readonly_fields = [
        "unit_display",
        "conflicts_display",
        "report_link",
        "quote_in_context",
        "confidence_display",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    change_form_template = "admin/dashboard/observation/change_form.html"

    def get_urls(self):
        # The import (CSV or Excel, checked and written by the import_observations command).
        return imports.urls(self.admin_site.admin_view) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": request.user.has_perm(imports.PERMISSION),
        }
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ObservationReviewForm if obj is not None else ManualObservationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    _("A figure from a yearbook or another publication"),
                    {
                        "fields": [
                            "region",
                            "indicator",
                            "year",
                            "kind",
                            ("qualifier", "value", "unit"),
                            "source",
                            "note",
                        ],
                        "description": _(
                            "Figures entered here are marked as verified and recorded with "
                            "your name."
                        ),
                    },
                )
            ]
        return [
            (
                None,
                {
                    "fields": [
                        ("region", "indicator"),
                        ("year", "kind"),
                        ("qualifier", "value", "unit_display"),
                        "status",
                        "conflicts_display",
                    ]
                },
            ),
            (
                _("Where it comes from"),
                {
                    "fields": [
                        "report_link",
                        "quote_in_context",
                        "source",
                        "confidence_display",
                        "note",
                    ]
                },
            ),
            (
                _("Record"),
                {"fields": [("created_at", "created_by"), ("updated_at", "updated_by")]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    @admin.display(description=_("unit"))
    def unit_display(self, observation):
        return observation.indicator.unit

    @admin.display(description=_("source sentence in the report"))
    def quote_in_context(self, observation):
        report = observation.report
        start, end = observation.span_start, observation.span_end
        if report is None or start is None or end is None or end > len(report.text):
            return observation.quote or "—"
        before = report.text[max(0, start - CONTEXT_CHARS) : start]
        after = report.text[end : end + CONTEXT_CHARS]
        return format_html(
            '<div class="report-excerpt">…{}<mark>{}</mark>{}…</div>',
            before,
            report.text[start:end],
            after,
        )

    @admin.display(description=_("other values for the same region, indicator and year"))
    def conflicts_display(self, observation):
        others = (
            Observation.objects.same_cell(observation)
            .select_related("report")
            .order_by("status", "value", "pk")
        )
        if not others:
            return "—"
        rivals = set(Observation.objects.conflicting_with(observation).values_list("pk", flat=True))
        rows = format_html_join(
            "",
            '<li><a href="{}">{} {}</a> · {} · {}{}</li>',
            (
                (
                    reverse("admin:dashboard_observation_change", args=[other.pk]),
                    format_value(other.value),
                    observation.indicator.unit,
                    other.get_status_display(),
                    other.report.original_filename if other.report_id else other.source,
                    " ⚠" if other.pk in rivals else "",
                )
                for other in others
            ),
        )
        return format_html('<ul class="conflict-list">{}</ul>', rows)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        observation = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "has_conflict": bool(observation and observation.has_conflict),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            review.enter(obj, request.user)
            return
        review.save_correction(
            obj,
            request.user,
            status_before=form.initial.get("status"),
            status_chosen="status" in form.changed_data,
        )
        if "_pick" in request.POST:
            self.pick_value(request, Observation.objects.filter(pk=obj.pk))

    def delete_model(self, request, obj):
        review.delete([obj])

    def delete_queryset(self, request, queryset):
        review.delete(_concrete(queryset))

    def response_add(self, request, obj, post_url_continue=None):
        self._warn_about_conflict(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._warn_about_conflict(request, obj)
        return super().response_change(request, obj)

    def _warn_about_conflict(self, request, obj):
        others = Observation.objects.conflicting_with(obj).count()
        if others:
            self.message_user(
                request,
                _(
                    "%(count)d other source(s) give a different value for this region, "
                    "indicator and year; open the observation to pick the right one."
                )
                % {"count": others},
                messages.WARNING,
            )


@admin.register(ReviewItem)
class ReviewQueueAdmin(_ObservationAdminBase):
    """Extracted figures, least confident first; each links to the observation's own page."""

    list_display_links = None
    list_filter = [f for f in _ObservationAdminBase.list_filter if f != "status"]
    ordering = [F("confidence").asc(nulls_first=True), "pk"]

    def get_list_display(self, request):
        return ["review_link", *[c for c in self.list_display if c != "status"]]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Status.EXTRACTED)

    @admin.display(description=_("review"))
    def review_link(self, observation):
        url = reverse("admin:dashboard_observation_change", args=[observation.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("open"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ObservationInline(admin.TabularInline):
    model = Observation
    fields = ["region", "indicator", "year", "figure", "kind", "status", "quote"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("figures from this report")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "indicator")

    @admin.display(description=_("value"))
    def figure(self, observation):
        qualifier = "" if observation.qualifier == "eq" else observation.get_qualifier_display()
        return f"{qualifier}{format_value(observation.value)} {observation.indicator.unit}"


@admin.register(Report)
class ReportAdmin(_HistoryAdmin):
    list_display = [
        "original_filename",
        "title",
        "region",
        "year",
        "status",
        "observation_count",
        "created_at",
    ]
    list_filter = ["status", "year", "region__level"]
    search_fields = ["original_filename", "title", "publisher"]
    autocomplete_fields = ["region"]
    fields = [
        "original_filename",
        "title",
        "publisher",
        "published_on",
        "region",
        "year",
        "status",
        "warnings_display",
        "text_display",
        "sha256",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "original_filename",
        "status",
        "warnings_display",
        "text_display",
        "sha256",
        "created_at",
        "updated_at",
    ]
    inlines = [ObservationInline]
    change_list_template = "admin/dashboard/report/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("region")
            .annotate(n_observations=Count("observations"))
        )

    def has_add_permission(self, request):
        # Reports are added by uploading files, which runs the extraction, not by a form.
        return False

    @admin.display(description=_("figures"), ordering="n_observations")
    def observation_count(self, report):
        return report.n_observations

    @admin.display(description=_("warnings"))
    def warnings_display(self, report):
        if not report.warnings:
            return "—"
        items = format_html_join("", "<li>{}</li>", ((describe(w),) for w in report.warnings))
        return format_html("<ul>{}</ul>", items)

    @admin.display(description=_("normalised text"))
    def text_display(self, report):
        return format_html('<div class="report-text">{}</div>', report.text)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_upload": request.user.has_perm("dashboard.add_report"),
        }
        return super().changelist_view(request, extra_context)


def region_label(region: Region) -> str:
    """A region as the admin's pickers show it: 朝阳区 · 吉林省 › 长春市 › 朝阳区 · 220104, so
    that two regions of one name are told apart (its parents loaded)."""
    return f"{' › '.join(selectors.region_path(region))} · {region.code}"


class RegionAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, with each region's path and code."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Region):
            result["text"] = region_label(obj)
        return result


admin.site.autocomplete_view = lambda request: RegionAutocompleteView.as_view(
    admin_site=admin.site
)(request)


class _ChangesReferenceData:
    """For the admin of themes, regions and indicators: each process keeps the catalog and the
    region tree until one of them changes, which a save or a delete here announces."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reference_cache.changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reference_cache.changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        reference_cache.changed()


@admin.register(Region)
class RegionAdmin(_ChangesReferenceData, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "aliases", "=initials"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]

    def get_queryset(self, request):
        # The pickers show each region's path: its parent and grandparent come along.
        return super().get_queryset(request).select_related("parent__parent__parent")


def _marked(text: str, **attributes) -> str:
    """Text shown as it is whatever the page's language: codes (translate="no") and English
    names (lang="en"), marked so that readers, browsers and tests know."""
    attrs = " ".join(f'{name}="{value}"' for name, value in attributes.items())
    return format_html("<span " + attrs + ">{}</span>", text)


@admin.register(Theme)
class ThemeAdmin(_ChangesReferenceData, admin.ModelAdmin):
    list_display = ["code_display", "name_zh", "name_en_display", "position"]

    @admin.display(description=_("code"), ordering="code")
    def code_display(self, theme):
        return _marked(theme.code, translate="no")

    @admin.display(description=_("English name"), ordering="name_en")
    def name_en_display(self, theme):
        return _marked(theme.name_en, lang="en")


@admin.register(Indicator)
class IndicatorAdmin(_ChangesReferenceData, _HistoryAdmin):
    list_display = [
        "code_display",
        "name_zh",
        "theme",
        "unit",
        "value_type",
        "target_value",
        "target_year",
    ]

    @admin.display(description=_("code"), ordering="code")
    def code_display(self, indicator):
        return _marked(indicator.code, translate="no")

    list_filter = ["theme", "value_type"]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["theme"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "theme" in form.changed_data:
            # The theme counts included this indicator's figures under its old theme.
            coverage.forget()


# Django's own user and group pages: permissions by their Chinese names. Their stored names are
# English ("Can add observation"), written when the tables were made.

_ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


def permission_label(permission) -> str:
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    action = _ACTIONS.get(permission.codename.split("_", 1)[0])
    what = model._meta.verbose_name
    app = model._meta.app_config.verbose_name
    return f"{app} | {what} | {action or permission.name}"


class _ChinesePermissions:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


for _model, _base in ((User, UserAdmin), (Group, GroupAdmin)):
    admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (_ChinesePermissions, _base), {}))


# django-axes' records: titled in Chinese (its own titles are English sentences).


def _axes_admin(base, title):
    class Translated(base):
        def change_view(self, request, object_id, form_url="", extra_context=None):
            record = self.get_object(request, object_id)
            subtitle = title(record) if record else None
            extra_context = {
                **(extra_context or {}),
                "subtitle": subtitle,
                "record_title": subtitle,
            }
            return super().change_view(request, object_id, form_url, extra_context)

        def history_view(self, request, object_id, extra_context=None):
            record = self.get_object(request, object_id)
            if record:
                heading = _("Change history: %s") % title(record)
                extra_context = {
                    **(extra_context or {}),
                    "title": heading,
                    "record_title": title(record),
                }
            return super().history_view(request, object_id, extra_context)

    Translated.__name__ = base.__name__
    return Translated


if settings.AXES_ENABLE_ADMIN:
    for _model, _base, _title in (
        (
            AccessAttempt,
            AccessAttemptAdmin,
            lambda r: (
                _("failed logins of %(user)s from %(ip)s")
                % {"user": r.username, "ip": r.ip_address}
            ),
        ),
        (
            AccessLog,
            AccessLogAdmin,
            lambda r: (
                _("login of %(user)s at %(time)s")
                % {
                    "user": r.username,
                    "time": date_format(localtime(r.attempt_time), "DATETIME_FORMAT"),
                }
            ),
        ),
        (
            AccessFailureLog,
            AccessFailureLogAdmin,
            lambda r: (
                _("failed login of %(user)s at %(time)s")
                % {
                    "user": r.username,
                    "time": date_format(localtime(r.attempt_time), "DATETIME_FORMAT"),
                }
            ),
        ),
    ):
        admin.site.unregister(_model)
        admin.site.register(_model, _axes_admin(_base, _title))
