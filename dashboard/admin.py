from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dashboard.models import Indicator, Observation, Region, Report, Theme


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "aliases"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "position"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_zh", "theme", "unit", "target_value", "target_year"]
    list_filter = ["theme", "value_type"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["original_filename", "title", "region", "year", "status", "created_at"]
    list_filter = ["status", "year"]
    search_fields = ["original_filename", "title", "publisher"]
    readonly_fields = ["sha256", "text", "messages", "created_at", "updated_at"]
    raw_id_fields = ["region"]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["region", "indicator", "year", "value", "qualifier", "kind", "status"]
    list_filter = ["status", "kind", "indicator__theme", "year"]
    search_fields = ["region__name", "region__code", "indicator__name_zh", "quote"]
    list_select_related = ["region", "indicator"]
    raw_id_fields = ["region", "report"]
