from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.governance.models import (
    Attendance,
    Body,
    BodyMilestone,
    Document,
    DocumentVersion,
    Endorsement,
    Meeting,
    MeetingFile,
    Membership,
    Resolution,
    ResolutionUpdate,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["actor", "person"]


class MilestoneInline(admin.TabularInline):
    model = BodyMilestone
    extra = 0


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "programme", "cluster"]
    list_filter = ["kind", "programme"]
    search_fields = ["name"]
    raw_id_fields = ["actor"]
    inlines = [MembershipInline, MilestoneInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["membership"]


class MeetingFileInline(admin.TabularInline):
    model = MeetingFile
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["body", "date", "status", "place"]
    list_filter = ["status", "body__programme"]
    inlines = [AttendanceInline, MeetingFileInline]


class UpdateInline(admin.TabularInline):
    model = ResolutionUpdate
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "due", "status", "done_on"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "owner_membership", "owner_actor"]
    inlines = [UpdateInline]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "programme", "cluster"]
    list_filter = ["kind", "programme"]
    search_fields = ["title"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    """Endorsed versions are immutable: shown read-only and never deleted here."""

    list_display = ["__str__", "author", "created_at", "endorsed_at"]
    readonly_fields = ["digest", "endorsed_at"]
    raw_id_fields = ["document", "author"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_endorsed:
            return [f.name for f in obj._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and obj.is_endorsed) and super().has_delete_permission(
            request, obj
        )


@admin.register(Endorsement)
class EndorsementAdmin(SimpleHistoryAdmin):
    """Endorsements are recorded at meetings through the platform; here they are only read."""

    list_display = ["version", "body", "meeting", "recorded_by", "recorded_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
