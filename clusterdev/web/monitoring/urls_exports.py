"""URLs of the M&E exports pages (included by :mod:`clusterdev.web.monitoring.urls`)."""

from django.urls import URLPattern, path

from clusterdev.web.monitoring import views_exports as views

urlpatterns: list[URLPattern] = [
    path("p/<slug:slug>/results/iati.xml", views.iati_xml, name="monitoring-iati"),
    path(
        "p/<slug:slug>/results/iati/settings/",
        views.iati_settings,
        name="monitoring-iati-settings",
    ),
    path(
        "p/<slug:slug>/results/framework.xlsx",
        views.programme_xlsx,
        name="monitoring-xlsx-programme",
    ),
    path(
        "c/<slug:slug>/results/framework.xlsx",
        views.cluster_xlsx,
        name="monitoring-xlsx-cluster",
    ),
]
