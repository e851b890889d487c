from django.urls import path

from clusterdev.web.cdas import views

urlpatterns = [
    path("p/<slug:slug>/cdas/", views.roster, name="cda-roster"),
    path("p/<slug:slug>/cdas/add/", views.roster_add, name="cda-roster-add"),
    path("p/<slug:slug>/cdas/oversight/", views.oversight, name="cda-oversight"),
    path("cdas/profiles/<int:pk>/", views.profile, name="cda-profile"),
    path("cdas/profiles/<int:pk>/edit/", views.profile_edit, name="cda-profile-edit"),
    path("cdas/profiles/<int:pk>/trainings/add/", views.training_add, name="cda-training-add"),
    path("cdas/trainings/<int:pk>/delete/", views.training_delete, name="cda-training-delete"),
    path(
        "cdas/trainings/<int:pk>/certificate/",
        views.training_certificate,
        name="cda-training-certificate",
    ),
    path("c/<slug:slug>/cda/", views.cluster_cda, name="cluster-cda"),
    path("c/<slug:slug>/cda/appoint/", views.appoint, name="cda-appoint"),
    path("c/<slug:slug>/cda/hand-over/", views.hand_over, name="cda-hand-over"),
    path("cdas/appointments/<int:pk>/edit/", views.appointment_edit, name="cda-appointment-edit"),
    path(
        "cdas/appointments/<int:pk>/terms/", views.appointment_terms, name="cda-appointment-terms"
    ),
    path("c/<slug:slug>/activities/", views.activities, name="cda-activities"),
    path("c/<slug:slug>/activities/log/", views.activity_log, name="cda-activity-log"),
    path("cdas/activities/<int:pk>/", views.activity, name="cda-activity"),
    path("cdas/activities/<int:pk>/edit/", views.activity_edit, name="cda-activity-edit"),
    path("cdas/activities/<int:pk>/delete/", views.activity_delete, name="cda-activity-delete"),
    path("c/<slug:slug>/cda/reports/new/", views.report_new, name="cda-report-new"),
    path("cdas/reports/<int:pk>/", views.report, name="cda-report"),
    path("cdas/reports/<int:pk>/edit/", views.report_edit, name="cda-report-edit"),
    path("cdas/reports/<int:pk>/submit/", views.report_submit, name="cda-report-submit"),
    path("cdas/reports/<int:pk>/feedback/", views.report_feedback, name="cda-report-feedback"),
    path("cdas/reports/<int:pk>/return/", views.report_return, name="cda-report-return"),
]
