from django.urls import path

from clusterdev.web.networkmaps import views

urlpatterns = [
    path("c/<slug:slug>/network/", views.network_page, name="network"),
    path("c/<slug:slug>/network/data.json", views.network_data, name="network-data"),
    path("c/<slug:slug>/network/compare.json", views.compare_data, name="network-compare-data"),
    path("c/<slug:slug>/network/download/<str:what>", views.download, name="network-download"),
]
