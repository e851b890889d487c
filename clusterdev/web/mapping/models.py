"""Mapping runs: a register in, the parameters used, and the results kept for reproducibility."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterdev.web.programmes.models import Cluster, Programme

RESULT_TABLES = ("measures", "region_scores", "candidates", "hotspots", "point_clusters")


def _upload_to(run: MappingRun, filename: str) -> str:
    return f"mapping/{run.programme.slug}/{Path(filename).name}"


class MappingRun(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Choosing columns")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Engine(models.TextChoices):
        DUCKDB = "duckdb", _("DuckDB (embedded)")
        SPARK = "spark", _("Apache Spark")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mapping_runs")
    title = models.CharField(_("title"), max_length=200)
    source = models.FileField(_("register file"), upload_to=_upload_to, max_length=300)
    source_name = models.CharField(_("original file name"), max_length=255)
    header = models.JSONField(_("columns found"), default=list)
    columns = models.JSONField(_("columns used"), default=dict)
    use_country_areas = models.BooleanField(
        _("regions are the country's areas"),
        default=True,
        help_text=_("Region values are the codes of the country's first-level areas (e.g. EC-I)."),
    )
    reference = models.FileField(
        _("reference economy"), upload_to=_upload_to, max_length=300, blank=True
    )
    engine = models.CharField(
        _("engine"), max_length=8, choices=Engine.choices, default=Engine.DUCKDB
    )
    seed = models.PositiveIntegerField(_("random seed"), default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    progress = models.FloatField(_("progress"), default=0.0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    summary = models.JSONField(_("summary"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["progress", "stage"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mapping run")
        verbose_name_plural = _("mapping runs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mapping-run", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def folder(self) -> Path:
        return Path(settings.MEDIA_ROOT) / "mapping" / "runs" / str(self.pk)

    def result_path(self, table: str) -> Path:
        if table not in RESULT_TABLES:
            raise ValueError(f"unknown result table {table!r}")
        return self.folder / f"{table}.parquet"

    def has_result(self, table: str) -> bool:
        return self.result_path(table).exists()


class ClusterEvidence(models.Model):
    """Why a cluster was proposed: the mapping evidence for one region × sector."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="evidence")
    run = models.ForeignKey(
        MappingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    region = models.CharField(_("region"), max_length=100)
    sector = models.CharField(_("sector"), max_length=100)
    values: models.JSONField[Any, Any] = models.JSONField(_("measures"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cluster evidence")
        verbose_name_plural = _("cluster evidence")

    def __str__(self) -> str:
        return f"{self.cluster}: {self.sector} in {self.region}"
