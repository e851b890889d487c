"""URLs of the M&E framework pages (included by :mod:`clusterdev.web.monitoring.urls`)."""

from django.urls import path

from clusterdev.web.monitoring import views_framework as views

urlpatterns = [
    path("p/<slug:slug>/results/", views.framework, {"kind": "p"}, name="monitoring-programme"),
    path("c/<slug:slug>/results/", views.framework, {"kind": "c"}, name="monitoring-cluster"),
    path(
        "<str:kind>/<slug:slug>/results/starter/",
        views.starter,
        name="monitoring-starter",
    ),
    path("<str:kind>/<slug:slug>/results/add/", views.node_add, name="monitoring-node-add"),
    path(
        "<str:kind>/<slug:slug>/results/indicators/add/",
        views.indicator_add,
        name="monitoring-indicator-add",
    ),
    path("results/nodes/<int:pk>/edit/", views.node_edit, name="monitoring-node-edit"),
    path("results/nodes/<int:pk>/delete/", views.node_delete, name="monitoring-node-delete"),
    path("results/indicators/<int:pk>/", views.indicator, name="monitoring-indicator"),
    path(
        "results/indicators/<int:pk>/edit/",
        views.indicator_edit,
        name="monitoring-indicator-edit",
    ),
    path(
        "results/indicators/<int:pk>/delete/",
        views.indicator_delete,
        name="monitoring-indicator-delete",
    ),
    path("results/targets/<int:pk>/delete/", views.target_delete, name="monitoring-target-delete"),
    path("p/<slug:slug>/results/periods/", views.periods, name="monitoring-periods"),
    path(
        "p/<slug:slug>/results/periods/generate/",
        views.periods_generate,
        name="monitoring-periods-generate",
    ),
    path("results/periods/<int:pk>/delete/", views.period_delete, name="monitoring-period-delete"),
    path("results/periods/<int:pk>/lock/", views.period_lock, name="monitoring-period-lock"),
]
