from django.urls import path

from clusterdev.web.plans import views

urlpatterns = [
    path("p/<slug:slug>/plans/", views.programme_plan, name="plans-programme"),
    path("c/<slug:slug>/plan/", views.cluster_plan, name="plans-cluster"),
    path("c/<slug:slug>/plan/vision/", views.vision_add, name="plans-vision-add"),
    path("c/<slug:slug>/plan/revisions/", views.revision_start, name="plans-revision-start"),
    path("plan/visions/<int:pk>/", views.vision, name="plans-vision"),
    path("plan/visions/<int:pk>/edit/", views.vision_edit, name="plans-vision-edit"),
    path("plan/visions/<int:pk>/submit/", views.vision_submit, name="plans-vision-submit"),
    path("plan/visions/<int:pk>/withdraw/", views.vision_withdraw, name="plans-vision-withdraw"),
    path("plan/revisions/<int:pk>/", views.revision, name="plans-revision"),
    path(
        "plan/revisions/<int:pk>/timeline/", views.revision_timeline, name="plans-revision-timeline"
    ),
    path("plan/revisions/<int:pk>/compare/", views.revision_compare, name="plans-revision-compare"),
    path("plan/revisions/<int:pk>/submit/", views.revision_submit, name="plans-revision-submit"),
    path(
        "plan/revisions/<int:pk>/withdraw/", views.revision_withdraw, name="plans-revision-withdraw"
    ),
    path(
        "plan/revisions/<int:pk>/export.<str:fmt>",
        views.revision_export,
        name="plans-revision-export",
    ),
    path("plan/revisions/<int:pk>/actions/", views.action_add, name="plans-action-add"),
    path("plan/actions/<int:pk>/", views.action, name="plans-action"),
    path("plan/actions/<int:pk>/edit/", views.action_edit, name="plans-action-edit"),
    path("plan/actions/<int:pk>/delete/", views.action_delete, name="plans-action-delete"),
    path("plan/actions/<int:pk>/editors/", views.action_editors, name="plans-action-editors"),
    path("plan/actions/<int:pk>/progress/", views.progress_add, name="plans-progress-add"),
    path("plan/evidence/<int:pk>/", views.evidence, name="plans-evidence"),
]
