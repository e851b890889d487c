"""URLs of the M&E reports pages (included by :mod:`clusterdev.web.monitoring.urls`)."""

from django.urls import path

from clusterdev.web.monitoring import views_reports as views

urlpatterns = [
    path(
        "p/<slug:slug>/results/reports/",
        views.programme_reports,
        name="monitoring-reports-programme",
    ),
    path(
        "c/<slug:slug>/results/reports/", views.cluster_reports, name="monitoring-reports-cluster"
    ),
    path("results/reports/<int:pk>/", views.report_page, name="monitoring-report"),
    path("results/reports/<int:pk>/edit/", views.report_edit, name="monitoring-report-edit"),
    path("results/reports/<int:pk>/report.pdf", views.report_pdf, name="monitoring-report-pdf"),
    path("results/reports/<int:pk>/submit/", views.report_submit, name="monitoring-report-submit"),
    path(
        "results/reports/<int:pk>/withdraw/",
        views.report_withdraw,
        name="monitoring-report-withdraw",
    ),
]
