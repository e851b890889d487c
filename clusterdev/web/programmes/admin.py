from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.programmes.models import Cluster, Donor, PhaseChange, Programme, RoleAssignment


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "country"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "programme", "phase"]
    list_filter = ["programme", "phase"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]
    # The phase moves through Cluster.change_phase so that its history is kept.
    readonly_fields = ["phase"]


@admin.register(Donor)
class DonorAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin):
    list_display = ["cluster", "from_phase", "to_phase", "changed_at", "changed_by"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "programme", "cluster"]
    list_filter = ["role"]
