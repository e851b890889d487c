"""URLs of the M&E dashboard pages (included by :mod:`clusterdev.web.monitoring.urls`)."""

from django.urls import path

from clusterdev.web.monitoring import views_dashboard

urlpatterns = [
    path(
        "p/<slug:slug>/results/dashboard/",
        views_dashboard.programme_dashboard,
        name="monitoring-dashboard-programme",
    ),
    path(
        "c/<slug:slug>/results/dashboard/",
        views_dashboard.cluster_dashboard,
        name="monitoring-dashboard-cluster",
    ),
]
