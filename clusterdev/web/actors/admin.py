from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.actors.models import ClusterMembership, Enterprise, Person, SupportInstitution


class MembershipInline(admin.TabularInline):
    model = ClusterMembership
    extra = 0
    raw_id_fields = ["cluster"]


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "town", "size_class", "formal", "owner_sex"]
    list_filter = ["programme", "size_class", "formal", "owner_sex"]
    search_fields = ["name", "tax_id", "town"]
    raw_id_fields = ["isic", "area"]
    exclude = ["kind", "institution_type", "services"]
    inlines = [MembershipInline, PersonInline]


@admin.register(SupportInstitution)
class SupportInstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "town", "institution_type"]
    list_filter = ["programme", "institution_type"]
    search_fields = ["name", "town"]
    raw_id_fields = ["isic", "area"]
    exclude = [
        "kind",
        "size_class",
        "employees_female",
        "employees_male",
        "owner_sex",
        "owner_name",
    ]
    inlines = [MembershipInline, PersonInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "actor", "position", "sex"]
    search_fields = ["name"]
    raw_id_fields = ["actor", "user"]
