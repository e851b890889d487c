"""URLs of the M&E evaluation pages (included by :mod:`clusterdev.web.monitoring.urls`)."""

from django.urls import path

from clusterdev.web.monitoring import views_evaluation

urlpatterns = [
    path(
        "c/<slug:slug>/results/evaluation/",
        views_evaluation.evaluation_page,
        name="monitoring-evaluation",
    ),
]
