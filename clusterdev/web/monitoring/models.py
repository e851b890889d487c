"""Monitoring and evaluation (phase 6 of the UNIDO approach): the result chain, its indicators
with baselines, targets per reporting period and disaggregations, and the periodic actuals that
go through an approval workflow.

A **framework** belongs to a programme, or to one cluster of it (``cluster`` set). Its
**result chain** is a tree of :class:`ResultNode` from inputs and activities (joint actions
linked by their plan key) up to outputs, outcomes and the impact; each node states its
assumptions and risks. **Indicators** measure nodes: definition, measure and unit, which way is
better, a baseline (from the diagnostic when there is one), **targets** per
:class:`ReportingPeriod` of the programme, the disaggregations asked (sex, firm size, youth,
formal status), source, method, who reports and how often, and the cumulative rule. An indicator
may be **computed** from what the other phases record (:mod:`.computed`), with its source shown.

An **actual** is one indicator's value for one period: draft → submitted → approved (by someone
other than the submitter) → locked, or returned with a comment. A locked actual changes only
after an explicit, audited reopening. Every step is an :class:`ActualEvent`, and every model
keeps its change history (django-simple-history).

The arithmetic (cumulative rules, disaggregations that add up, progress, status) is
:mod:`clusterdev.indicators`; :meth:`AmountFields.as_value` turns stored fields into its values.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clusterdev.indicators import NOT_STATED, IndicatorError, OrdinalScale, Ratio, Value
from clusterdev.web.diagnostics.models import BaselineValue
from clusterdev.web.plans.models import Endorsable
from clusterdev.web.programmes.models import Cluster, Programme


class Level(models.TextChoices):
    """The levels of a result chain, from what goes in to the long-term change."""

    INPUT = "input", pgettext_lazy("result level", "Input")
    ACTIVITY = "activity", pgettext_lazy("result level", "Activity")
    OUTPUT = "output", pgettext_lazy("result level", "Output")
    OUTCOME = "outcome", pgettext_lazy("result level", "Outcome")
    IMPACT = "impact", pgettext_lazy("result level", "Impact")


LEVEL_ORDER: dict[str, int] = {level: rank for rank, level in enumerate(Level.values)}


class Measure(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    ORDINAL = "ordinal", _("Ordinal (ordered levels)")
    QUALITATIVE = "qualitative", _("Qualitative")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")
    MAINTAIN = "maintain", _("Hold the level")


class CumulativeRule(models.TextChoices):
    SUM = "sum", _("Sum of the periods")
    LATEST = "latest", _("Latest value")
    MAXIMUM = "maximum", _("Highest value reached")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Every six months")
    ANNUAL = "annual", _("Yearly")
    ONCE = "once", _("At baseline and evaluation")


class Dimension(models.TextChoices):
    """The disaggregations the seed's pro-poor and gender principles ask for."""

    SEX = "sex", _("Sex")
    SIZE = "size", _("Firm size")
    YOUTH = "youth", _("Youth")
    FORMAL = "formal", _("Formal status")


# The categories of each dimension, in the order forms show them; what is not known goes under
# "not stated", which counts like any other category so that the parts add up to the total.
CATEGORIES: dict[str, list[tuple[str, Any]]] = {
    Dimension.SEX: [("female", _("Women")), ("male", _("Men")), (NOT_STATED, _("Not stated"))],
    Dimension.SIZE: [
        ("micro", _("Micro")),
        ("small", _("Small")),
        ("medium", _("Medium")),
        ("large", _("Large")),
        (NOT_STATED, _("Not stated")),
    ],
    Dimension.YOUTH: [
        ("youth", _("Young people")),
        ("non_youth", _("Older")),
        (NOT_STATED, _("Not stated")),
    ],
    Dimension.FORMAL: [
        ("formal", _("Formal")),
        ("informal", _("Informal")),
        (NOT_STATED, _("Not stated")),
    ],
}


def dimension_label(dimension: str) -> str:
    """A disaggregation dimension's translated name (the key itself when unknown)."""
    return str(Dimension(dimension).label) if dimension in Dimension.values else dimension


def category_label(dimension: str, category: str) -> str:
    """A category's translated name within its dimension (the key itself when unknown)."""
    return str(dict(CATEGORIES.get(dimension, [])).get(category, category))


class Computation(models.TextChoices):
    """What a computed indicator is computed from (see :mod:`.computed`); blank: entered."""

    MEETINGS_HELD = "meetings_held", _("Governance meetings held")
    ATTENDANCE = "attendance", _("Attendance at governance meetings (by sex)")
    MECHANISMS_FORMED = "mechanisms_formed", _("Governance mechanisms formed")
    ACTIONS_INITIATED = "actions_initiated", _("Joint actions initiated")
    ACTIONS_IMPLEMENTED = "actions_implemented", _("Joint actions implemented")
    ENTERPRISE_COST_SHARE = "enterprise_cost_share", _("Enterprises' share of joint-action cost")
    CDA_FIELD_DAYS = "cda_field_days", _("CDA field days")
    CDA_PARTICIPANTS = "cda_participants", _("Participants in CDA activities (by sex)")
    NETWORK_DENSITY = "network_density", _("Network density")
    COOPERATIVE_SHARE = "cooperative_share", _("Share of firms with a cooperative tie")
    INSTITUTION_TIES = "institution_ties", _("Ties between enterprises and institutions")
    SURVEY = "survey", _("Survey value (diagnostic and follow-up surveys)")


class ActualState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


# States whose values count in dashboards, reports and exports.
COUNTED_STATES = (ActualState.APPROVED, ActualState.LOCKED)
# States in which the value may still be edited (by those who enter values).
EDITABLE_STATES = (ActualState.DRAFT, ActualState.RETURNED)


class ScopedQuerySet(models.QuerySet[Any]):
    def of_scope(self, programme: Programme, cluster: Cluster | None) -> ScopedQuerySet:
        """The records of one framework: the programme's own (``cluster`` None) or a cluster's."""
        return self.filter(programme=programme, cluster=cluster)


class Scoped(models.Model):
    """A record of the programme's framework, or of one of its clusters' (``cluster`` set)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cluster"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean_scope(self) -> None:
        if self.cluster is not None and self.cluster.programme_id != self.programme_id:
            raise ValidationError({"cluster": _("The cluster belongs to another programme.")})

    @property
    def scope(self) -> Programme | Cluster:
        return self.cluster if self.cluster is not None else self.programme


# --- Result chain ------------------------------------------------------------------------------


class ResultNode(Scoped):
    """One result of the chain; its parent is a result of a higher level that it contributes to."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("contributes to"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    title = models.CharField(_("result"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    assumptions = models.TextField(
        _("assumptions"),
        blank=True,
        help_text=_("What must hold outside the programme's control for this result to lead on."),
    )
    risks = models.TextField(_("risks"), blank=True)
    action_keys = models.JSONField(
        _("joint actions"),
        default=list,
        blank=True,
        help_text=_("The joint actions of the cluster's action plan this activity stands for."),
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "cluster", "position", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.title}"

    def clean(self) -> None:
        self.clean_scope()
        errors: dict[str, list[Any]] = {}
        if self.parent_id is not None:
            parent = self.parent
            assert parent is not None
            if (parent.programme_id, parent.cluster_id) != (self.programme_id, self.cluster_id):
                errors.setdefault("parent", []).append(
                    _("The result it contributes to belongs to another framework.")
                )
            elif LEVEL_ORDER[parent.level] <= LEVEL_ORDER.get(self.level, -1):
                errors.setdefault("parent", []).append(
                    _("A %(level)s result contributes to a higher level, not to a %(parent)s.")
                    % {
                        "level": self.get_level_display().lower(),
                        "parent": parent.get_level_display().lower(),
                    }
                )
            ancestor: ResultNode | None = parent
            while ancestor is not None and self.pk is not None:
                if ancestor.pk == self.pk:
                    errors.setdefault("parent", []).append(
                        _("A result cannot contribute to itself or to one of its own parts.")
                    )
                    break
                ancestor = ancestor.parent
        if self.action_keys:
            if self.level != Level.ACTIVITY:
                errors.setdefault("action_keys", []).append(
                    _("Joint actions are linked to activity results only.")
                )
            if self.cluster_id is None:
                errors.setdefault("action_keys", []).append(
                    _("Joint actions belong to a cluster's result chain.")
                )
        if errors:
            raise ValidationError(errors)


# --- Reporting periods -------------------------------------------------------------------------


class ReportingPeriod(models.Model):
    """A period the programme reports on; periods lie inside the programme and never overlap."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="reporting_periods"
    )
    name = models.CharField(_("name"), max_length=40)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "start"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="monitoring_period_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="monitoring_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def outside_programme(self, programme: Programme | None = None) -> str | None:
        """Why this period is not inside the programme's dates, or None when it is."""
        programme = programme or self.programme
        start, end = programme.start_date, programme.end_date
        if (start and self.start < start) or (end and self.end > end):
            return str(
                _(
                    "The period %(period)s (%(start)s to %(end)s) lies outside the programme "
                    "(%(pstart)s to %(pend)s)."
                )
                % {
                    "period": self.name,
                    "start": self.start.isoformat(),
                    "end": self.end.isoformat(),
                    "pstart": start.isoformat() if start else "…",
                    "pend": end.isoformat() if end else "…",
                }
            )
        return None

    def clean(self) -> None:
        if self.start and self.end:
            if self.end < self.start:
                raise ValidationError({"end": _("The period ends before it starts.")})
            problem = self.outside_programme()
            if problem:
                raise ValidationError({"start": problem})
            overlapping = (
                ReportingPeriod.objects.filter(
                    programme_id=self.programme_id, start__lte=self.end, end__gte=self.start
                )
                .exclude(pk=self.pk)
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    {
                        "start": _("The period overlaps %(other)s (%(start)s to %(end)s).")
                        % {
                            "other": overlapping.name,
                            "start": overlapping.start.isoformat(),
                            "end": overlapping.end.isoformat(),
                        }
                    }
                )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


# --- Amounts -------------------------------------------------------------------------------------


class AmountFields(models.Model):
    """A value as stored: a number, a percentage kept as numerator and denominator (or a bare
    percentage when only that is known), an ordinal level or a text; with its disaggregation,
    ``{dimension: {category: number}}`` (``[numerator, denominator]`` for a percentage)."""

    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    text = models.TextField(_("level or statement"), blank=True)
    disaggregation = models.JSONField(_("disaggregation"), default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and not self.text.strip()

    def parts(self) -> dict[str, dict[str, Any]]:
        """The stored disaggregation in the forms' order of dimensions and categories
        (PostgreSQL's jsonb keeps keys in an order of its own)."""
        stored = self.disaggregation or {}
        dimensions = [d for d in Dimension.values if d in stored]
        dimensions += [d for d in stored if d not in Dimension.values]
        ordered: dict[str, dict[str, Any]] = {}
        for dimension in dimensions:
            known = [c for c, _label in CATEGORIES.get(dimension, [])]
            categories = [c for c in known if c in stored[dimension]]
            categories += [c for c in stored[dimension] if c not in known]
            ordered[dimension] = {c: stored[dimension][c] for c in categories}
        return ordered

    def amount(self) -> float | Ratio | str | None:
        if self.numerator is not None and self.denominator is not None:
            return Ratio(self.numerator, self.denominator)
        if self.value is not None:
            return self.value
        return self.text.strip() or None

    def as_value(self) -> Value | None:
        """The stored value as :class:`clusterdev.indicators.Value` (None when empty)."""
        amount = self.amount()
        if amount is None:
            return None
        parts: dict[str, dict[str, float | Ratio]] = {}
        if not isinstance(amount, str):
            for dimension, categories in self.parts().items():
                parts[dimension] = {
                    category: Ratio(part[0], part[1]) if isinstance(part, list) else part
                    for category, part in categories.items()
                }
            if isinstance(amount, Ratio):
                # A dimension given as bare numbers counts numerators over the same denominators.
                for dimension, categories in parts.items():
                    if not all(isinstance(p, Ratio) for p in categories.values()):
                        raise ValidationError(
                            _("Give each category of %(dimension)s as numerator and denominator.")
                            % {"dimension": dimension}
                        )
        try:
            return Value(amount, parts)
        except IndicatorError as error:
            raise ValidationError(str(error)) from error

    def shown(self) -> str:
        amount = self.amount()
        if amount is None:
            return "—"
        if isinstance(amount, Ratio):
            return str(amount)
        if isinstance(amount, float):
            return f"{amount:,.4g}" if abs(amount) < 1e4 else f"{amount:,.0f}"
        return str(amount)


# --- Indicators ----------------------------------------------------------------------------------


class Indicator(Scoped):
    """A key performance indicator of the framework."""

    node = models.ForeignKey(
        ResultNode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("result measured"),
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_("A short code, unique in the framework.")
    )
    name = models.CharField(_("indicator"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    measure = models.CharField(
        _("measure"), max_length=12, choices=Measure.choices, default=Measure.NUMBER
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    scale = models.JSONField(
        _("levels of the scale"),
        default=list,
        blank=True,
        help_text=_("For an ordinal indicator: its levels, lowest first."),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    cumulative_rule = models.CharField(
        _("value to date"),
        max_length=10,
        choices=CumulativeRule.choices,
        default=CumulativeRule.SUM,
    )
    disaggregations = models.JSONField(
        _("disaggregations"),
        default=list,
        blank=True,
        help_text=_("Sex, firm size, youth, formal status."),
    )
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    method = models.TextField(_("collection method"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    computation = models.CharField(
        _("computed from"), max_length=24, choices=Computation.choices, blank=True
    )
    survey_code = models.CharField(
        _("survey indicator"),
        max_length=40,
        blank=True,
        help_text=_("For a survey value: the diagnostic indicator code (e.g. DX-TRUST)."),
    )
    ask_in_survey = models.BooleanField(
        _("ask in the surveys"),
        default=False,
        help_text=_("Add a question for this indicator to the enterprise and institution surveys."),
    )
    labels = models.JSONField(
        _("names in other languages"), default=dict, blank=True
    )  # {"fr": ..., "es": ...} for survey questions
    starter_key = models.CharField(max_length=40, blank=True, editable=False)
    # Baseline: value, date and source; from the diagnostic when ``baseline_from`` is set.
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_numerator = models.FloatField(_("baseline numerator"), null=True, blank=True)
    baseline_denominator = models.FloatField(_("baseline denominator"), null=True, blank=True)
    baseline_text = models.TextField(_("baseline level or statement"), blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=255, blank=True)
    baseline_from = models.ForeignKey(
        BaselineValue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diagnostic value"),
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "cluster", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "cluster", "code"],
                name="monitoring_indicator_code_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def ordinal_scale(self) -> OrdinalScale | None:
        if self.measure != Measure.ORDINAL or not self.scale:
            return None
        return OrdinalScale(tuple(str(level) for level in self.scale))

    def baseline(self) -> Value | None:
        if self.baseline_numerator is not None and self.baseline_denominator is not None:
            return Value(Ratio(self.baseline_numerator, self.baseline_denominator))
        if self.baseline_value is not None:
            return Value(self.baseline_value)
        text = self.baseline_text.strip()
        return Value(text) if text else None

    def baseline_shown(self) -> str:
        value = self.baseline()
        if value is None:
            return "—"
        amount = value.amount
        if isinstance(amount, float):
            return f"{amount:,.4g}"
        return str(amount)

    def clean(self) -> None:
        self.clean_scope()
        errors: dict[str, list[Any]] = {}
        if self.node_id is not None:
            node = self.node
            assert node is not None
            if (node.programme_id, node.cluster_id) != (self.programme_id, self.cluster_id):
                errors.setdefault("node", []).append(_("The result belongs to another framework."))
            elif node.level != self.level:
                errors.setdefault("level", []).append(
                    _("The indicator measures a %(level)s result, so its level is %(level)s.")
                    % {"level": node.get_level_display().lower()}
                )
        unknown = [d for d in self.disaggregations or [] if d not in Dimension.values]
        if unknown:
            errors.setdefault("disaggregations", []).append(
                _("Unknown disaggregation: %(names)s.") % {"names": ", ".join(map(str, unknown))}
            )
        if self.measure == Measure.ORDINAL:
            levels = [str(level).strip() for level in self.scale or []]
            if len(levels) < 2 or len(set(levels)) != len(levels) or not all(levels):
                errors.setdefault("scale", []).append(
                    _("An ordinal indicator needs at least two distinct levels, lowest first.")
                )
        if self.measure == Measure.ORDINAL and self.cumulative_rule == CumulativeRule.SUM:
            errors.setdefault("cumulative_rule", []).append(
                _("Ordinal levels cannot be added up: follow the latest or the highest level.")
            )
        if self.measure == Measure.QUALITATIVE and self.cumulative_rule != CumulativeRule.LATEST:
            errors.setdefault("cumulative_rule", []).append(
                _("A qualitative indicator follows its latest statement.")
            )
        if self.computation and self.cumulative_rule == CumulativeRule.SUM:
            from clusterdev.web.monitoring.computed import FLOWS

            if self.computation not in FLOWS:
                errors.setdefault("cumulative_rule", []).append(
                    _(
                        "%(source)s is a state at a survey wave, not a count per period: its "
                        "values cannot be added up."
                    )
                    % {"source": self.get_computation_display()}
                )
        if self.measure in (Measure.ORDINAL, Measure.QUALITATIVE) and self.disaggregations:
            errors.setdefault("disaggregations", []).append(
                _("Levels and statements cannot be disaggregated into parts that add up.")
            )
        if self.computation == Computation.SURVEY and not self.survey_code.strip():
            errors.setdefault("survey_code", []).append(
                _("Name the survey indicator this value is computed from.")
            )
        if self.computation and self.cluster_id is None and self.computation == Computation.SURVEY:
            errors.setdefault("computation", []).append(
                _("Survey values are computed per cluster: add this indicator to a cluster.")
            )
        if errors:
            raise ValidationError(errors)


class Target(AmountFields):
    """What an indicator should reach by the end of a reporting period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="targets")
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period__start"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="monitoring_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.shown()}"

    def clean(self) -> None:
        if self.period_id is not None and self.indicator_id is not None:
            if self.period.programme_id != self.indicator.programme_id:
                raise ValidationError({"period": _("The period belongs to another programme.")})
            problem = self.period.outside_programme(self.indicator.programme)
            if problem:
                raise ValidationError({"period": problem})


# --- Actuals and their workflow ------------------------------------------------------------------


def _evidence_upload(actual: Actual, filename: str) -> str:
    return f"monitoring/{actual.indicator.programme.slug}/evidence/{Path(filename).name}"


class Actual(AmountFields):
    """An indicator's value for one reporting period, with its evidence, through approval."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="actuals")
    evidence = models.TextField(
        _("means of verification"),
        blank=True,
        help_text=_("Where the value can be checked: lists, minutes, invoices, survey files."),
    )
    evidence_file = models.FileField(
        _("evidence file"), upload_to=_evidence_upload, blank=True, max_length=255
    )
    computed_source = models.TextField(
        _("computed from"),
        blank=True,
        help_text=_("Where a computed value came from, written when it was computed."),
    )
    comment = models.TextField(_("comment"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ActualState.choices, default=ActualState.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(_("why it was returned"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period__start"]
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="monitoring_actual_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.shown()}"

    @property
    def counts(self) -> bool:
        return self.state in COUNTED_STATES

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES


class ActualEvent(models.Model):
    """One step of an actual's workflow, kept for the audit trail."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        COMPUTED = "computed", _("Computed from the records")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        LOCKED = "locked", _("Locked")
        REOPENED = "reopened", _("Reopened")

    actual = models.ForeignKey(Actual, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    value_shown = models.CharField(_("value"), max_length=100, blank=True)

    class Meta:
        ordering = ["actual", "at", "id"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


# --- Progress reports ------------------------------------------------------------------------------


class ProgressReport(Scoped, Endorsable):
    """The periodic progress report of a framework for one reporting period: the narrative the
    CDA or coordinator writes around the figures, endorsed by the Cluster Commission (a
    cluster's) or the Steering Committee (the programme's) through governance."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="progress_reports"
    )
    summary = models.TextField(_("summary"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    challenges = models.TextField(_("challenges and how they were met"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "cluster", "-period__start"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "cluster", "period"],
                name="monitoring_report_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return str(
            _("Progress report %(period)s, %(scope)s")
            % {"period": self.period, "scope": self.scope}
        )

    def get_absolute_url(self) -> str:
        return reverse("monitoring-report", args=[self.pk])

    def endorsed_message(self) -> str:
        return str(
            _("%(report)s has been endorsed and can no longer change.") % {"report": str(self)}
        )

    def submitted_message(self) -> str:
        return str(
            _("%(report)s is awaiting endorsement; withdraw it to change it.")
            % {"report": str(self)}
        )


# --- Publishing to IATI --------------------------------------------------------------------------


class IatiSettings(models.Model):
    """How the programme is published in IATI: the reporting organisation and the activity's
    identifier (the organisation identifier followed by the programme's own reference)."""

    class OrgType(models.TextChoices):
        # IATI OrganisationType codelist (the common ones for cluster programmes).
        GOVERNMENT = "10", _("Government")
        NGO = "22", _("National NGO")
        PUBLIC_PRIVATE = "30", _("Public–private partnership")
        MULTILATERAL = "40", _("Multilateral")
        ACADEMIC = "80", _("Academic, training and research")
        OTHER = "90", _("Other")

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="iati_settings"
    )
    reporting_org_ref = models.CharField(
        _("reporting organisation identifier"),
        max_length=100,
        help_text=_("The organisation's IATI identifier, e.g. XM-DAC-41123."),
    )
    reporting_org_name = models.CharField(_("reporting organisation"), max_length=200)
    reporting_org_type = models.CharField(
        _("organisation type"), max_length=3, choices=OrgType.choices, default=OrgType.MULTILATERAL
    )
    activity_identifier = models.CharField(
        _("activity identifier"),
        max_length=150,
        help_text=_(
            "Starts with the reporting organisation identifier, e.g. XM-DAC-41123-ECU-2003."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IATI settings")
        verbose_name_plural = _("IATI settings")

    def __str__(self) -> str:
        return self.activity_identifier

    def clean(self) -> None:
        ref = self.reporting_org_ref.strip()
        if ref and not self.activity_identifier.strip().startswith(ref + "-"):
            raise ValidationError(
                {
                    "activity_identifier": _(
                        "The activity identifier starts with the reporting organisation "
                        "identifier and a hyphen (%(ref)s-…)."
                    )
                    % {"ref": ref}
                }
            )
