"""The participatory diagnostic of a cluster: its findings (SWOT items and leverage points) are
records, so that the action plan's joint actions can say which findings they answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterdev.web.programmes.models import Cluster


class Finding(models.Model):
    """A SWOT item or a leverage point of a cluster's diagnostic."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")
        THREAT = "threat", _("Threat")
        LEVERAGE_POINT = "leverage_point", _("Leverage point")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("finding"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Where it comes from: survey figures, workshops.")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "kind", "position", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"
