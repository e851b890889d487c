from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.geo.models import AdminArea, Country, Sector


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "iso2"]


@admin.register(AdminArea)
class AdminAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "level", "country", "parent"]
    list_filter = ["country", "level"]
    search_fields = ["name", "code"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "level"]
    list_filter = ["level"]
    search_fields = ["code", "title"]
