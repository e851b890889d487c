from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CdasConfig(AppConfig):
    name = "clusterdev.web.cdas"
    label = "cdas"
    verbose_name = _("Cluster Development Agents")
