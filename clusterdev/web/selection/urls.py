from django.urls import path

from clusterdev.web.selection import views

urlpatterns = [
    path("p/<slug:slug>/selection/", views.index, name="selections"),
    path("selection/<int:pk>/", views.exercise, name="selection"),
    path("selection/<int:pk>/judge/", views.judge, name="selection-judge"),
    path("selection/<int:pk>/judge/check/", views.judge_check, name="selection-judge-check"),
    path("selection/<int:pk>/values/", views.values, name="selection-values"),
    path("selection/<int:pk>/share/", views.share, name="selection-share"),
    path("selection/<int:pk>/decide/", views.decide, name="selection-decide"),
]
