"""URLs of the M&E actuals and their workflow (included by :mod:`clusterdev.web.monitoring.urls`)."""

from django.urls import path

from clusterdev.web.monitoring import views_actuals as views

urlpatterns = [
    path(
        "results/indicators/<int:pk>/periods/<int:period_pk>/",
        views.enter,
        name="monitoring-actual-enter",
    ),
    path(
        "results/indicators/<int:pk>/periods/<int:period_pk>/compute/",
        views.fill,
        name="monitoring-actual-fill",
    ),
    path("results/actuals/<int:pk>/", views.actual, name="monitoring-actual"),
    path("results/actuals/<int:pk>/evidence/", views.evidence, name="monitoring-actual-evidence"),
    path("results/actuals/<int:pk>/<slug:name>/", views.step, name="monitoring-actual-step"),
]
