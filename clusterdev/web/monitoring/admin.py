"""Django admin (platform admins only) for the M&E records. Actuals are read-only here (no
adding, changing or deleting): their values and states change only through the workflow
(clusterdev.web.monitoring.services), which audits every step."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.monitoring.models import (
    Actual,
    ActualEvent,
    IatiSettings,
    Indicator,
    ProgressReport,
    ReportingPeriod,
    ResultNode,
    Target,
)


@admin.register(ResultNode)
class ResultNodeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "level", "programme", "cluster", "parent"]
    list_filter = ["level", "programme"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "measure", "programme", "cluster", "computation"]
    list_filter = ["level", "measure", "programme"]
    search_fields = ["code", "name"]
    inlines = [TargetInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Deleting an indicator would take its reported values with it: the framework page
        # deletes only indicators without values.
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "start", "end"]
    list_filter = ["programme"]


class EventInline(admin.TabularInline):
    model = ActualEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "by", "at", "comment", "value_shown"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Actual)
class ActualAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "state", "submitted_by", "approved_by"]
    list_filter = ["state", "indicator__programme"]
    inlines = [EventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "cluster", "period", "status", "created_at"]
    list_filter = ["status", "programme"]


@admin.register(IatiSettings)
class IatiSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "activity_identifier", "reporting_org_ref"]
