"""The M&E framework's rules: reporting periods, targets, actuals and their approval workflow.

Every function that writes runs in one transaction and checks everything before writing, so a
refused change writes nothing. Messages are translated and name the indicator, the period and
the field. The workflow of an actual (:class:`~.models.ActualState`):

``draft``/``returned`` --submit--> ``submitted`` --approve--> ``approved`` --lock--> ``locked``;
``submitted`` --return (with a comment)--> ``returned``; ``approved``/``locked`` --reopen (with a
reason)--> ``draft``. Whoever submitted a value cannot approve it. Each step is an
:class:`~.models.ActualEvent` of the audit trail.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdev.indicators import (
    IndicatorError,
    Period,
    Ratio,
    Value,
    check_disaggregation,
    check_targets,
)
from clusterdev.web.monitoring.models import (
    CATEGORIES,
    COUNTED_STATES,
    EDITABLE_STATES,
    Actual,
    ActualEvent,
    ActualState,
    Frequency,
    Indicator,
    Measure,
    ReportingPeriod,
    ResultNode,
    Target,
    dimension_label,
)
from clusterdev.web.programmes.models import Cluster, Programme

Scope = Programme | Cluster


def scope_parts(scope: Scope) -> tuple[Programme, Cluster | None]:
    if isinstance(scope, Cluster):
        return scope.programme, scope
    return scope, None


def nodes_of(scope: Scope) -> QuerySet[ResultNode]:
    programme, cluster = scope_parts(scope)
    return ResultNode.objects.filter(programme=programme, cluster=cluster)


def indicators_of(scope: Scope) -> QuerySet[Indicator]:
    programme, cluster = scope_parts(scope)
    return Indicator.objects.filter(programme=programme, cluster=cluster).select_related(
        "node", "responsible"
    )


def periods_of(programme: Programme) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(programme=programme).order_by("start")


def as_period(period: ReportingPeriod) -> Period:
    return Period(period.start, period.end, period.name)


def where(indicator: Indicator, period: ReportingPeriod | None = None) -> str:
    if period is None:
        return str(indicator.code)
    return f"{indicator.code}, {period.name}"


# --- Reporting periods ---------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


MONTHS_PER_PERIOD = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.SEMIANNUAL: 6,
    Frequency.ANNUAL: 12,
}


def _period_name(start: date, months: int) -> str:
    if months == 12:
        return str(start.year)
    if months == 6:
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def calendar_periods(programme: Programme, frequency: str) -> list[ReportingPeriod]:
    """Calendar periods (months, quarters, halves or years) covering the programme's dates,
    the first and last cut to the programme's start and end. Nothing is saved."""
    if frequency not in MONTHS_PER_PERIOD:
        raise ValidationError(_("Choose monthly, quarterly, six-monthly or yearly periods."))
    if programme.start_date is None or programme.end_date is None:
        raise ValidationError(
            _("Set the programme's start and end dates before creating its reporting periods.")
        )
    months = MONTHS_PER_PERIOD[Frequency(frequency)]
    first_month = (programme.start_date.month - 1) // months * months + 1
    start = date(programme.start_date.year, first_month, 1)
    periods = []
    while start <= programme.end_date:
        following = _add_months(start, months)
        last = date.fromordinal(following.toordinal() - 1)
        periods.append(
            ReportingPeriod(
                programme=programme,
                name=_period_name(start, months),
                start=max(start, programme.start_date),
                end=min(last, programme.end_date),
            )
        )
        start = following
    return periods


@transaction.atomic
def create_periods(programme: Programme, frequency: str) -> list[ReportingPeriod]:
    """Save the calendar periods of ``frequency`` that do not overlap existing ones."""
    created = []
    existing = list(periods_of(programme))
    for period in calendar_periods(programme, frequency):
        if any(p.start <= period.end and p.end >= period.start for p in existing):
            continue
        period.full_clean()
        period.save()
        existing.append(period)
        created.append(period)
    return created


@transaction.atomic
def save_period(period: ReportingPeriod) -> ReportingPeriod:
    period.full_clean()
    period.save()
    return period


# --- Amounts ----------------------------------------------------------------------------------------


@dataclass
class AmountInput:
    """A value as a form or an import gives it."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    text: str = ""
    disaggregation: Mapping[str, Mapping[str, Any]] | None = None


def _number_name(indicator: Indicator) -> str:
    return str(indicator.get_measure_display()).lower()


def check_amount(indicator: Indicator, data: AmountInput, *, what: str) -> dict[str, Any]:
    """The fields to store for ``data`` as a value of ``indicator``; ValidationError naming
    ``what`` (indicator and period) and the field when it does not fit the indicator."""
    text = (data.text or "").strip()
    fields: dict[str, Any] = {
        "value": None,
        "numerator": None,
        "denominator": None,
        "text": "",
        "disaggregation": {},
    }
    measure = indicator.measure
    if measure in (Measure.ORDINAL, Measure.QUALITATIVE):
        if not text:
            raise ValidationError(
                {"text": _("%(what)s: enter the level or statement.") % {"what": what}}
            )
        if measure == Measure.ORDINAL and text not in [str(x) for x in indicator.scale]:
            raise ValidationError(
                {
                    "text": _("%(what)s: “%(level)s” is not a level of the scale (%(levels)s).")
                    % {"what": what, "level": text, "levels": ", ".join(map(str, indicator.scale))}
                }
            )
        if data.disaggregation and any(data.disaggregation.values()):
            raise ValidationError(
                {
                    "disaggregation": _("%(what)s: levels and statements cannot be disaggregated.")
                    % {"what": what}
                }
            )
        fields["text"] = text
        return fields
    if measure == Measure.PERCENTAGE and (
        data.numerator is not None or data.denominator is not None
    ):
        if data.numerator is None or data.denominator is None:
            raise ValidationError(
                {
                    "denominator": _("%(what)s: give both the numerator and the denominator.")
                    % {"what": what}
                }
            )
        if data.numerator < 0 or data.denominator < 0:
            raise ValidationError(
                {
                    "numerator": _("%(what)s: numerator and denominator cannot be negative.")
                    % {"what": what}
                }
            )
        if data.denominator == 0:
            raise ValidationError(
                {"denominator": _("%(what)s: the denominator cannot be 0.") % {"what": what}}
            )
        if data.numerator > data.denominator:
            raise ValidationError(
                {
                    "numerator": _(
                        "%(what)s: the numerator (%(n)s) exceeds the denominator (%(d)s)."
                    )
                    % {"what": what, "n": f"{data.numerator:g}", "d": f"{data.denominator:g}"}
                }
            )
        fields["numerator"], fields["denominator"] = data.numerator, data.denominator
    elif data.value is None:
        raise ValidationError({"value": _("%(what)s: enter the value.") % {"what": what}})
    else:
        if measure == Measure.PERCENTAGE and not 0 <= data.value <= 100:
            raise ValidationError(
                {"value": _("%(what)s: a percentage lies between 0 and 100.") % {"what": what}}
            )
        fields["value"] = data.value
    fields["disaggregation"] = _check_parts(indicator, fields, data.disaggregation or {}, what=what)
    return fields


def _check_parts(
    indicator: Indicator,
    fields: dict[str, Any],
    given: Mapping[str, Mapping[str, Any]],
    *,
    what: str,
) -> dict[str, dict[str, Any]]:
    """The disaggregation to store: only dimensions the indicator asks for, known categories,
    parts of the total's kind, and each dimension adding up to the total."""
    ratio = fields["numerator"] is not None
    stored: dict[str, dict[str, Any]] = {}
    for dimension, parts in given.items():
        kept = {c: p for c, p in parts.items() if p is not None and p != ""}
        if not kept:
            continue
        label = dimension_label(dimension)
        if dimension not in (indicator.disaggregations or []):
            raise ValidationError(
                {
                    "disaggregation": _(
                        "%(what)s: the indicator is not disaggregated by %(dimension)s."
                    )
                    % {"what": what, "dimension": label.lower()}
                }
            )
        known = dict(CATEGORIES[dimension])
        for category, part in kept.items():
            if category not in known:
                raise ValidationError(
                    {
                        "disaggregation": _(
                            "%(what)s: “%(category)s” is not a category of %(dimension)s."
                        )
                        % {"what": what, "category": category, "dimension": label.lower()}
                    }
                )
            if ratio != isinstance(part, list | tuple):
                raise ValidationError(
                    {
                        "disaggregation": _(
                            "%(what)s, %(dimension)s: give each category like the total "
                            "(numerator and denominator for a percentage kept as a ratio)."
                        )
                        % {"what": what, "dimension": label.lower()}
                    }
                )
        stored[dimension] = {c: list(p) if ratio else p for c, p in kept.items()}
        total = Ratio(fields["numerator"], fields["denominator"]) if ratio else fields["value"]
        try:
            parts_value = {
                c: Ratio(p[0], p[1]) if ratio else p for c, p in stored[dimension].items()
            }
        except IndicatorError as error:
            raise ValidationError(
                {
                    "disaggregation": _("%(what)s, %(dimension)s: %(problem)s")
                    % {"what": what, "dimension": label.lower(), "problem": str(error)}
                }
            ) from error
        problem = _adding_up(total, parts_value)
        if problem is not None:
            added, expected = problem
            listed = ", ".join(f"{known[c]} {_shown(p)}" for c, p in stored[dimension].items())
            raise ValidationError(
                {
                    "disaggregation": _(
                        "%(what)s: the %(dimension)s categories add up to %(added)s but the "
                        "total is %(total)s (%(listed)s). Put what is not known under "
                        "“not stated”."
                    )
                    % {
                        "what": what,
                        "dimension": label.lower(),
                        "added": added,
                        "total": expected,
                        "listed": listed,
                    }
                }
            )
    return stored


def _adding_up(total: float | Ratio, parts: dict[str, Any]) -> tuple[str, str] | None:
    """None when ``parts`` add up to ``total`` (numerators and denominators separately for a
    ratio); else what they add up to and the total, as shown."""
    try:
        check_disaggregation(total, parts, dimension="-")
    except IndicatorError:
        if isinstance(total, Ratio):
            numerator = sum(p.numerator for p in parts.values())
            denominator = sum(p.denominator for p in parts.values())
            return f"{numerator:g}/{denominator:g}", f"{total.numerator:g}/{total.denominator:g}"
        return f"{sum(parts.values()):g}", f"{total:g}"
    return None


def _shown(part: Any) -> str:
    if isinstance(part, list | tuple):
        return f"{part[0]:g}/{part[1]:g}"
    return f"{part:g}"


# --- Targets -------------------------------------------------------------------------------------


def check_indicator_targets(
    indicator: Indicator, targets: Mapping[Period, Value], *, what: str, field: str
) -> None:
    """Refuse (ValidationError on ``field``, prefixed with ``what``) targets that do not fit
    ``indicator``'s measure or go the wrong way from its baseline."""
    try:
        check_targets(
            targets,
            baseline=indicator.baseline(),
            direction=indicator.direction,
            measure=indicator.measure,
            scale=indicator.ordinal_scale(),
        )
    except IndicatorError as error:
        raise ValidationError(
            {field: _("%(what)s: %(problem)s") % {"what": what, "problem": str(error)}}
        ) from error


@transaction.atomic
def set_target(
    indicator: Indicator, period: ReportingPeriod, data: AmountInput, *, note: str = ""
) -> Target:
    """Set (or change) the target of ``indicator`` for ``period``. Refused, writing nothing,
    when the period lies outside the programme, the value does not fit the indicator, or the
    target goes the wrong way from the baseline."""
    what = where(indicator, period)
    if period.programme_id != indicator.programme_id:
        raise ValidationError(
            {"period": _("%(what)s: the period belongs to another programme.") % {"what": what}}
        )
    problem = period.outside_programme(indicator.programme)
    if problem:
        raise ValidationError(
            {"period": _("%(what)s: %(problem)s") % {"what": what, "problem": problem}}
        )
    fields = check_amount(
        indicator, AmountInput(data.value, data.numerator, data.denominator, data.text), what=what
    )
    target = Target.objects.filter(indicator=indicator, period=period).first() or Target(
        indicator=indicator, period=period
    )
    for name, value in fields.items():
        setattr(target, name, value)
    target.note = note
    others = {
        as_period(t.period): t.as_value()
        for t in indicator.targets.select_related("period").exclude(period=period)
    }
    others[as_period(period)] = target.as_value()
    check_indicator_targets(
        indicator, {p: v for p, v in others.items() if v is not None}, what=what, field="value"
    )
    target.full_clean()
    target.save()
    return target


# --- Actuals and the workflow ------------------------------------------------------------------


def _event(actual: Actual, kind: str, by: User | None, comment: str = "") -> ActualEvent:
    return ActualEvent.objects.create(
        actual=actual, kind=kind, by=by, comment=comment, value_shown=actual.shown()[:100]
    )


def locked_message(actual: Actual) -> str:
    return _("%(what)s is %(state)s: it can no longer change here.") % {
        "what": where(actual.indicator, actual.period),
        "state": actual.get_state_display().lower(),
    }


@transaction.atomic
def save_actual(
    indicator: Indicator,
    period: ReportingPeriod,
    data: AmountInput,
    *,
    by: User,
    evidence: str = "",
    comment: str = "",
    evidence_file: UploadedFile | None = None,
    computed_source: str | None = None,
) -> Actual:
    """Enter (or correct) the value of ``indicator`` for ``period`` as a draft. Refused when the
    value is already submitted, approved or locked (reopen it first), or does not fit.

    ``computed_source`` is given when the value was computed from the records (the step is then
    "computed"); without it a value changed by hand loses the source it was computed from, and
    an unchanged one keeps it."""
    what = where(indicator, period)
    if period.programme_id != indicator.programme_id:
        raise ValidationError(
            {"period": _("%(what)s: the period belongs to another programme.") % {"what": what}}
        )
    actual = (
        Actual.objects.select_for_update().filter(indicator=indicator, period=period).order_by("pk")
    ).first()  # no default ordering: it joins nullable tables, which FOR UPDATE refuses
    if actual is not None and not actual.editable:
        raise ValidationError(locked_message(actual))
    fields = check_amount(indicator, data, what=what)
    if (
        indicator.measure == Measure.PERCENTAGE
        and indicator.cumulative_rule == "sum"
        and fields["numerator"] is None
    ):
        raise ValidationError(
            {
                "numerator": _(
                    "%(what)s: the periods' values of this percentage are added up, so give "
                    "its numerator and denominator."
                )
                % {"what": what}
            }
        )
    if actual is None:
        actual = Actual(indicator=indicator, period=period, entered_by=by)
    changed = any(getattr(actual, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(actual, name, value)
    actual.evidence = evidence
    actual.comment = comment
    if computed_source is not None:
        actual.computed_source = computed_source
    elif changed:
        actual.computed_source = ""
    if evidence_file is not None:
        actual.evidence_file = evidence_file
    actual.entered_by = by
    actual.save()
    _event(actual, ActualEvent.Kind.COMPUTED if computed_source else ActualEvent.Kind.SAVED, by)
    return actual


@transaction.atomic
def submit(actual: Actual, *, by: User) -> Actual:
    """Hand a draft (or a returned value) in for approval; it needs a value and its means of
    verification."""
    actual = Actual.objects.select_for_update().get(pk=actual.pk)
    what = where(actual.indicator, actual.period)
    if actual.state not in EDITABLE_STATES:
        raise ValidationError(
            _("%(what)s is %(state)s, not a draft: it cannot be submitted.")
            % {"what": what, "state": actual.get_state_display().lower()}
        )
    if actual.is_empty:
        raise ValidationError(_("%(what)s has no value to submit.") % {"what": what})
    if not actual.evidence.strip() and not actual.evidence_file:
        raise ValidationError(
            {
                "evidence": _(
                    "%(what)s: say where the value can be checked (means of verification) before submitting it."
                )
                % {"what": what}
            }
        )
    actual.state = ActualState.SUBMITTED
    actual.submitted_by = by
    actual.submitted_at = timezone.now()
    actual.return_comment = ""
    actual.save()
    _event(actual, ActualEvent.Kind.SUBMITTED, by)
    return actual


def own_submission_message(actual: Actual) -> str:
    return _("You submitted %(what)s yourself: someone else must approve it.") % {
        "what": where(actual.indicator, actual.period)
    }


@transaction.atomic
def approve(actual: Actual, *, by: User) -> Actual:
    """Approve a submitted value. Whoever submitted it cannot approve it (segregation of
    duties), whatever their role."""
    actual = Actual.objects.select_for_update().get(pk=actual.pk)
    what = where(actual.indicator, actual.period)
    if actual.state != ActualState.SUBMITTED:
        raise ValidationError(
            _("%(what)s is %(state)s: only a submitted value can be approved.")
            % {"what": what, "state": actual.get_state_display().lower()}
        )
    if actual.submitted_by_id == by.pk:
        raise ValidationError(own_submission_message(actual))
    actual.state = ActualState.APPROVED
    actual.approved_by = by
    actual.approved_at = timezone.now()
    actual.save()
    _event(actual, ActualEvent.Kind.APPROVED, by)
    return actual


@transaction.atomic
def return_actual(actual: Actual, *, by: User, comment: str) -> Actual:
    """Send a submitted value back to whoever enters it, saying what to change."""
    actual = Actual.objects.select_for_update().get(pk=actual.pk)
    what = where(actual.indicator, actual.period)
    if actual.state != ActualState.SUBMITTED:
        raise ValidationError(
            _("%(what)s is %(state)s: only a submitted value can be returned.")
            % {"what": what, "state": actual.get_state_display().lower()}
        )
    if not comment.strip():
        raise ValidationError(
            {"comment": _("%(what)s: say why the value is returned.") % {"what": what}}
        )
    actual.state = ActualState.RETURNED
    actual.return_comment = comment.strip()
    actual.save()
    _event(actual, ActualEvent.Kind.RETURNED, by, comment.strip())
    return actual


@transaction.atomic
def lock(actual: Actual, *, by: User) -> Actual:
    """Lock an approved value: from now on it changes only through an audited reopening."""
    actual = Actual.objects.select_for_update().get(pk=actual.pk)
    if actual.state != ActualState.APPROVED:
        raise ValidationError(
            _("%(what)s is %(state)s: only an approved value can be locked.")
            % {
                "what": where(actual.indicator, actual.period),
                "state": actual.get_state_display().lower(),
            }
        )
    actual.state = ActualState.LOCKED
    actual.locked_at = timezone.now()
    actual.save()
    _event(actual, ActualEvent.Kind.LOCKED, by)
    return actual


@transaction.atomic
def lock_period(actuals: Iterable[Actual], *, by: User) -> int:
    """Lock every approved value among ``actuals``; the number locked."""
    count = 0
    for actual in actuals:
        if actual.state == ActualState.APPROVED:
            lock(actual, by=by)
            count += 1
    return count


@transaction.atomic
def reopen(actual: Actual, *, by: User, reason: str) -> Actual:
    """Reopen an approved or locked value so that it can be corrected; the reason is kept in
    the audit trail and the value must go through approval again."""
    actual = Actual.objects.select_for_update().get(pk=actual.pk)
    what = where(actual.indicator, actual.period)
    if actual.state not in COUNTED_STATES:
        raise ValidationError(
            _("%(what)s is %(state)s: only an approved or locked value is reopened.")
            % {"what": what, "state": actual.get_state_display().lower()}
        )
    if not reason.strip():
        raise ValidationError(
            {"comment": _("%(what)s: say why the value is reopened.") % {"what": what}}
        )
    actual.state = ActualState.DRAFT
    actual.approved_by = None
    actual.approved_at = None
    actual.locked_at = None
    actual.submitted_by = None
    actual.submitted_at = None
    actual.save()
    _event(actual, ActualEvent.Kind.REOPENED, by, reason.strip())
    return actual


def counted_actuals(indicator: Indicator) -> QuerySet[Actual]:
    """The values that count (approved or locked), oldest period first."""
    return indicator.actuals.filter(state__in=COUNTED_STATES).select_related("period")


def values_by_period(indicator: Indicator) -> dict[Period, Value]:
    result: dict[Period, Value] = {}
    for actual in counted_actuals(indicator):
        value = actual.as_value()
        if value is not None:
            result[as_period(actual.period)] = value
    return result


def targets_by_period(indicator: Indicator) -> dict[Period, Value]:
    result: dict[Period, Value] = {}
    for target in indicator.targets.select_related("period"):
        value = target.as_value()
        if value is not None:
            result[as_period(target.period)] = value
    return result
