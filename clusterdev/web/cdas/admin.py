from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.cdas.models import (
    Activity,
    ActivityParticipants,
    Appointment,
    CdaProfile,
    CdaReport,
    Training,
)


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0


@admin.register(CdaProfile)
class CdaProfileAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "phone", "languages", "certification"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["programmes", "sectors"]
    inlines = [TrainingInline]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["cda", "cluster", "start", "end", "reporting_frequency"]
    list_filter = ["cluster__programme", "reporting_frequency"]
    raw_id_fields = ["cluster", "cda", "appointed_by"]


class ParticipantsInline(admin.TabularInline):
    model = ActivityParticipants
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "cluster", "cda", "place"]
    list_filter = ["kind", "cluster__programme"]
    date_hierarchy = "date"
    raw_id_fields = ["cluster", "cda", "actors", "people"]
    inlines = [ParticipantsInline]


@admin.register(CdaReport)
class CdaReportAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "cda", "period_start", "period_end", "status", "submitted_at"]
    list_filter = ["status", "cluster__programme"]
    raw_id_fields = ["cluster", "cda", "feedback_by"]
