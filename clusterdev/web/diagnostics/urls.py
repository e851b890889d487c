from django.urls import path

from clusterdev.web.diagnostics import views

urlpatterns = [
    path("c/<slug:slug>/diagnostic/", views.workspace, name="diagnostic"),
    path("c/<slug:slug>/diagnostic/study/", views.diagnostic_settings, name="diagnostic-settings"),
    path(
        "c/<slug:slug>/diagnostic/sections/<str:key>/",
        views.section_edit,
        name="diagnostic-section",
    ),
    path("c/<slug:slug>/diagnostic/findings/", views.finding_add, name="diagnostic-finding-add"),
    path("diagnostic/findings/<int:pk>/", views.finding_edit, name="diagnostic-finding-edit"),
    path(
        "diagnostic/findings/<int:pk>/delete/",
        views.finding_delete,
        name="diagnostic-finding-delete",
    ),
    path("diagnostic/findings/<int:pk>/move/", views.finding_move, name="diagnostic-finding-move"),
    path(
        "c/<slug:slug>/diagnostic/baseline/recompute/",
        views.baseline_recompute,
        name="diagnostic-baseline-recompute",
    ),
    path(
        "c/<slug:slug>/diagnostic/baseline/new/",
        views.baseline_add,
        name="diagnostic-baseline-add",
    ),
    path("diagnostic/baseline/<int:pk>/", views.baseline_edit, name="diagnostic-baseline-edit"),
    path(
        "diagnostic/baseline/<int:pk>/delete/",
        views.baseline_delete,
        name="diagnostic-baseline-delete",
    ),
    path("c/<slug:slug>/diagnostic/report/", views.report_page, name="diagnostic-report"),
    path("c/<slug:slug>/diagnostic/report.pdf", views.report_pdf, name="diagnostic-report-pdf"),
    path("c/<slug:slug>/diagnostic/submit/", views.report_submit, name="diagnostic-submit"),
    path("c/<slug:slug>/surveys/", views.surveys, name="surveys"),
    path("c/<slug:slug>/surveys/import/", views.import_export, name="survey-import"),
    path(
        "surveys/waves/<int:pk>/forms/<str:kind>/",
        views.generate_form,
        name="survey-form-generate",
    ),
    path("surveys/forms/<int:pk>/<str:what>/", views.download_form, name="survey-form-download"),
    path("surveys/imports/<int:pk>/", views.batch, name="survey-batch"),
    path("surveys/waves/<int:pk>/submissions/", views.submissions, name="survey-submissions"),
    path("surveys/submissions/<int:pk>/", views.submission, name="survey-submission"),
]
