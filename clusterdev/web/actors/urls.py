from django.urls import path

from clusterdev.web.actors import views

urlpatterns = [
    path("p/<slug:slug>/actors/", views.programme_register, name="programme-register"),
    path("c/<slug:slug>/actors/", views.cluster_register, name="cluster-register"),
    path("actors/<int:pk>/", views.actor, name="actor"),
    path("actors/<int:pk>/edit/", views.edit_actor, name="actor-edit"),
]
