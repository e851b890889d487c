from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.plans.models import (
    ActionEditor,
    ActionPlan,
    DroppedAction,
    Evidence,
    JointAction,
    Milestone,
    Objective,
    PlanRevision,
    ProgressUpdate,
    Vision,
)


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


@admin.register(Vision)
class VisionAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "number", "date", "status"]
    list_filter = ["status", "cluster__programme"]
    inlines = [ObjectiveInline]


class RevisionInline(admin.TabularInline):
    model = PlanRevision
    extra = 0
    fields = ["number", "status", "vision", "note"]
    readonly_fields = ["number", "status"]


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "created_at"]
    inlines = [RevisionInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(PlanRevision)
class PlanRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "number", "status", "created_at"]
    list_filter = ["status"]


@admin.register(JointAction)
class JointActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "revision", "type", "nature", "lead_actor", "start", "end"]
    list_filter = ["type", "nature"]
    search_fields = ["title", "key"]
    raw_id_fields = ["lead_actor", "participants", "findings", "objective"]
    inlines = [MilestoneInline]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["key", "action", "date", "status", "progress"]
    list_filter = ["status"]
    raw_id_fields = ["participants", "action"]
    inlines = [EvidenceInline]


admin.site.register(DroppedAction, SimpleHistoryAdmin)
admin.site.register(ActionEditor, SimpleHistoryAdmin)
