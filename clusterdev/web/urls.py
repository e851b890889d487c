from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clusterdev.web.front import views as front

admin.site.site_header = "clusterdev"
admin.site.site_title = "clusterdev"

urlpatterns = [
    path("", front.portfolio, name="portfolio"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("clusterdev.web.programmes.urls")),
    path("", include("clusterdev.web.actors.urls")),
    path("", include("clusterdev.web.geo.urls")),
    path("", include("clusterdev.web.mapping.urls")),
    path("", include("clusterdev.web.selection.urls")),
    path("", include("clusterdev.web.governance.urls")),
    path("", include("clusterdev.web.cdas.urls")),
    path("", include("clusterdev.web.diagnostics.urls")),
    path("", include("clusterdev.web.plans.urls")),
    path("", include("clusterdev.web.networkmaps.urls")),
    path("", include("clusterdev.web.monitoring.urls")),
]

handler404 = "clusterdev.web.front.views.not_found"
handler403 = "clusterdev.web.front.views.forbidden"
handler500 = "clusterdev.web.front.views.server_error"
