from django.urls import path

from clusterdev.web.programmes import views

urlpatterns = [
    path("p/<slug:slug>/", views.programme, name="programme"),
    path("c/<slug:slug>/", views.cluster, name="cluster"),
    path("c/<slug:slug>/phase/", views.change_phase, name="cluster-phase"),
    path("c/<slug:slug>/map.geojson", views.cluster_map_data, name="cluster-map-data"),
]
