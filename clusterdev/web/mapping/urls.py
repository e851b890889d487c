from django.urls import path

from clusterdev.web.mapping import views

urlpatterns = [
    path("p/<slug:slug>/mapping/", views.index, name="mapping"),
    path("p/<slug:slug>/mapping/upload/", views.upload, name="mapping-upload"),
    path("p/<slug:slug>/mapping/register/", views.from_register, name="mapping-register"),
    path("mapping/<int:pk>/", views.run, name="mapping-run"),
    path("mapping/<int:pk>/configure/", views.configure, name="mapping-configure"),
    path("mapping/<int:pk>/status/", views.status, name="mapping-status"),
    path("mapping/<int:pk>/measures/", views.measures, name="mapping-measures"),
    path("mapping/<int:pk>/choropleth.json", views.choropleth, name="mapping-choropleth"),
    path("mapping/<int:pk>/points.geojson", views.points, name="mapping-points"),
    path("mapping/<int:pk>/promote/", views.promote, name="mapping-promote"),
]
