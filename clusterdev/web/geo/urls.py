from django.urls import path

from clusterdev.web.geo import views

urlpatterns = [path("geo/<str:iso2>/areas.geojson", views.areas_geojson, name="areas-geojson")]
