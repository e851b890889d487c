from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkMapsConfig(AppConfig):
    name = "clusterdev.web.networkmaps"
    label = "networkmaps"
    verbose_name = _("Network analysis")
