"""Countries, their administrative areas and the ISIC Rev.4 sector classification."""

import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Country(models.Model):
    iso2 = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class AdminArea(models.Model):
    """An administrative area (province, canton, parish…) in a tree under its country."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=120)
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="unique_area_code"),
        ]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")

    def __str__(self) -> str:
        return self.name

    def subtree_ids(self) -> set[int]:
        """This area's id and those of every area below it."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                AdminArea.objects.filter(parent__in=frontier).values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids

    def feature(self, **properties: Any) -> dict[str, Any]:
        """This area as a GeoJSON Feature (geometry may be null)."""
        return {
            "type": "Feature",
            "geometry": self.geometry,
            "properties": {"code": self.code, "name": self.name, **properties},
        }


def feature_collection(features: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


class Sector(models.Model):
    """An ISIC Rev.4 item: section (A–U), division (2 digits), group (3) or class (4)."""

    class Level(models.TextChoices):
        SECTION = "section", _("section")
        DIVISION = "division", _("division")
        GROUP = "group", _("group")
        CLASS = "class", _("class")

    code = models.CharField(_("ISIC code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISIC sector")
        verbose_name_plural = _("ISIC sectors")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def section(self) -> "Sector":
        node = self
        while node.parent_id is not None:
            node = node.parent  # type: ignore[assignment]
        return node
