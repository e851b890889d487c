"""The M&E pages: framework, actuals, dashboards, reports and exports, each in its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("clusterdev.web.monitoring.urls_framework")),
    path("", include("clusterdev.web.monitoring.urls_actuals")),
    path("", include("clusterdev.web.monitoring.urls_dashboard")),
    path("", include("clusterdev.web.monitoring.urls_reports")),
    path("", include("clusterdev.web.monitoring.urls_exports")),
    path("", include("clusterdev.web.monitoring.urls_evaluation")),
]
