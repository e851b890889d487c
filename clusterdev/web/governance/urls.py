from django.urls import path

from clusterdev.web.governance import views

urlpatterns = [
    path("p/<slug:slug>/governance/", views.programme_page, name="governance-programme"),
    path(
        "p/<slug:slug>/governance/bodies/",
        views.programme_body_add,
        name="governance-programme-body-add",
    ),
    path(
        "p/<slug:slug>/governance/documents/",
        views.programme_document_add,
        name="governance-programme-document-add",
    ),
    path(
        "p/<slug:slug>/governance/resolutions/",
        views.resolutions,
        name="governance-resolutions",
    ),
    path("c/<slug:slug>/governance/", views.cluster_page, name="governance-cluster"),
    path(
        "c/<slug:slug>/governance/bodies/",
        views.cluster_body_add,
        name="governance-cluster-body-add",
    ),
    path(
        "c/<slug:slug>/governance/documents/",
        views.cluster_document_add,
        name="governance-cluster-document-add",
    ),
    path("governance/bodies/<int:pk>/", views.body, name="governance-body"),
    path("governance/bodies/<int:pk>/edit/", views.body_edit, name="governance-body-edit"),
    path("governance/bodies/<int:pk>/members/", views.member_add, name="governance-member-add"),
    path(
        "governance/bodies/<int:pk>/milestones/",
        views.milestone_add,
        name="governance-milestone-add",
    ),
    path("governance/bodies/<int:pk>/meetings/", views.meeting_add, name="governance-meeting-add"),
    path("governance/members/<int:pk>/edit/", views.member_edit, name="governance-member-edit"),
    path(
        "governance/members/<int:pk>/delete/",
        views.member_delete,
        name="governance-member-delete",
    ),
    path(
        "governance/milestones/<int:pk>/delete/",
        views.milestone_delete,
        name="governance-milestone-delete",
    ),
    path("governance/meetings/<int:pk>/", views.meeting, name="governance-meeting"),
    path("governance/meetings/<int:pk>/edit/", views.meeting_edit, name="governance-meeting-edit"),
    path("governance/meetings/<int:pk>/hold/", views.meeting_hold, name="governance-meeting-hold"),
    path(
        "governance/meetings/<int:pk>/cancel/",
        views.meeting_cancel,
        name="governance-meeting-cancel",
    ),
    path(
        "governance/meetings/<int:pk>/attendance/",
        views.attendance,
        name="governance-attendance",
    ),
    path("governance/meetings/<int:pk>/minutes/", views.minutes, name="governance-minutes"),
    path(
        "governance/meetings/<int:pk>/files/",
        views.meeting_file_add,
        name="governance-meeting-file-add",
    ),
    path(
        "governance/meetings/<int:pk>/resolutions/",
        views.resolution_add,
        name="governance-resolution-add",
    ),
    path("governance/meetings/<int:pk>/endorse/", views.endorse, name="governance-endorse"),
    path(
        "governance/resolutions/<int:pk>/follow-up/",
        views.follow_up,
        name="governance-follow-up",
    ),
    path("governance/documents/<int:pk>/", views.document, name="governance-document"),
    path("governance/versions/<int:pk>/", views.version, name="governance-version"),
    path(
        "governance/versions/<int:pk>/edit/",
        views.version_edit,
        name="governance-version-edit",
    ),
    path(
        "governance/files/<slug:what>/<int:pk>/",
        views.download,
        name="governance-download",
    ),
]
