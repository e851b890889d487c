"""Indicator values computed from what the other phases record, each with where it came from.

An indicator with a :class:`~.models.Computation` is not re-entered: its value for a window of
dates is read from the governance records, the action plans' progress updates, the CDA activity
log, the network survey or the survey values of the diagnostic and follow-up waves, through
those apps' own service functions. Every value comes with a translated **source** naming the
records, the dates and the counts it rests on.

Two kinds of computation (:func:`cumulative_rule_of` gives the rule that goes with each):

- **flows**, counted within the window (both ends included): meetings held, attendance,
  governance mechanisms formed, joint actions initiated and implemented, the enterprises' share
  of the co-financing recorded, CDA field days and participants. Successive periods add up, so
  these indicators take the ``sum`` rule; a percentage flow keeps its numerator and denominator
  so that the periods add up to the share to date.
- **stocks**, the state at a survey wave: network density, the share of firms with a
  cooperative tie, ties between enterprises and institutions, survey values. The value is that
  of the latest wave (or survey value) dated within the window; these take the ``latest`` rule.

Scope: an indicator of a cluster reads that cluster's records; an indicator of the programme
reads all its clusters' (and its own bodies'): counts are summed, percentages combined as one
numerator over one denominator. Network density and survey values are per cluster.

When there is nothing to compute from (no survey wave in the window, a period not started yet,
co-financing in several currencies) :func:`attempt` says why and :func:`compute` gives ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterdev.indicators import NOT_STATED
from clusterdev.web.actors.models import AttendeeSex
from clusterdev.web.cdas import services as cdas
from clusterdev.web.cdas.models import Activity
from clusterdev.web.diagnostics.baseline import wave_date
from clusterdev.web.diagnostics.models import BaselineValue, SurveyWave, Tie
from clusterdev.web.diagnostics.services import diagnostic_of, figures_wave
from clusterdev.web.governance import services as governance
from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.models import (
    Actual,
    Computation,
    CumulativeRule,
    Dimension,
    Indicator,
    Measure,
    ReportingPeriod,
)
from clusterdev.web.networkmaps import services as networkmaps
from clusterdev.web.plans import services as plans
from clusterdev.web.plans.models import ActionType, Source
from clusterdev.web.programmes.models import Cluster, Programme

__all__ = [
    "FLOWS",
    "MEASURES",
    "PER_CLUSTER",
    "ComputedValue",
    "Missing",
    "RecordedBaseline",
    "attempt",
    "baseline_from_records",
    "baseline_wave",
    "compute",
    "compute_for_period",
    "cumulative_rule_of",
    "fill_actual",
]

Scope = Programme | Cluster


@dataclass(frozen=True)
class ComputedValue:
    """A computed value as an actual takes it, and where it came from (translated)."""

    data: services.AmountInput
    source: str


@dataclass(frozen=True)
class Missing:
    """Why no value could be computed (translated)."""

    reason: str


# Counted within the window; the others are the state at the latest wave in the window.
FLOWS = frozenset(
    {
        Computation.MEETINGS_HELD,
        Computation.ATTENDANCE,
        Computation.MECHANISMS_FORMED,
        Computation.ACTIONS_INITIATED,
        Computation.ACTIONS_IMPLEMENTED,
        Computation.ENTERPRISE_COST_SHARE,
        Computation.CDA_FIELD_DAYS,
        Computation.CDA_PARTICIPANTS,
    }
)

# The measures each computation can give: attendance and participants are a count (by sex) or
# the women's share of those whose sex is recorded; a survey value is a number or a percentage.
MEASURES: dict[str, tuple[str, ...]] = {
    Computation.MEETINGS_HELD: (Measure.NUMBER,),
    Computation.ATTENDANCE: (Measure.NUMBER, Measure.PERCENTAGE),
    Computation.MECHANISMS_FORMED: (Measure.NUMBER,),
    Computation.ACTIONS_INITIATED: (Measure.NUMBER,),
    Computation.ACTIONS_IMPLEMENTED: (Measure.NUMBER,),
    Computation.ENTERPRISE_COST_SHARE: (Measure.PERCENTAGE,),
    Computation.CDA_FIELD_DAYS: (Measure.NUMBER,),
    Computation.CDA_PARTICIPANTS: (Measure.NUMBER, Measure.PERCENTAGE),
    Computation.NETWORK_DENSITY: (Measure.NUMBER,),
    Computation.COOPERATIVE_SHARE: (Measure.PERCENTAGE,),
    Computation.INSTITUTION_TIES: (Measure.NUMBER,),
    Computation.SURVEY: (Measure.NUMBER, Measure.PERCENTAGE),
}

# Computed for one cluster only: they have no meaning summed over a programme's clusters.
PER_CLUSTER = frozenset({Computation.NETWORK_DENSITY, Computation.SURVEY})


def cumulative_rule_of(computation: str) -> str:
    """The cumulative rule that matches ``computation``: ``sum`` for a flow counted per period,
    ``latest`` for the state at a wave.

    >>> cumulative_rule_of("meetings_held"), cumulative_rule_of("network_density")
    ('sum', 'latest')
    """
    return (CumulativeRule.SUM if computation in FLOWS else CumulativeRule.LATEST).value


# --- Helpers ---------------------------------------------------------------------------------------


def _day(day: date) -> str:
    return day.isoformat()


def _window(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return _("at any date")
    if start is None:
        assert end is not None
        return _("up to %(end)s") % {"end": _day(end)}
    if end is None:
        return _("from %(start)s") % {"start": _day(start)}
    return _("from %(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}


def _running(end: date | None) -> str:
    """A note when the window is not over yet: the value may still grow."""
    today = timezone.localdate()
    if end is None or end >= today:
        return " " + _("(still running: records up to %(today)s)") % {"today": _day(today)}
    return ""


def _listed(items: Iterable[tuple[str, float]]) -> str:
    shown = [f"{label} {count:g}" for label, count in items if count]
    return ", ".join(shown) if shown else _("none")


def _sex_parts(female: int, male: int, not_stated: int) -> dict[str, int]:
    return {"female": female, "male": male, NOT_STATED: not_stated}


def _count(
    indicator: Indicator, total: float, source: str, *, by_sex: dict[str, int] | None = None
) -> ComputedValue:
    parts: dict[str, dict[str, int]] = {}
    if by_sex is not None and Dimension.SEX in (indicator.disaggregations or []):
        parts[Dimension.SEX] = by_sex
    return ComputedValue(services.AmountInput(value=float(total), disaggregation=parts), source)


def _women_share(women: int, men: int, source: str) -> ComputedValue | Missing:
    stated = women + men
    if not stated:
        return Missing(_("no woman or man recorded (sex not stated for everyone)"))
    return ComputedValue(
        services.AmountInput(numerator=float(women), denominator=float(stated)),
        source + " " + _("Share: women ÷ (women + men); “not stated” left out."),
    )


def _clusters(scope: Scope) -> list[Cluster]:
    if isinstance(scope, Cluster):
        return [scope]
    return list(Cluster.objects.filter(programme=scope).order_by("name", "pk"))


# --- Governance ----------------------------------------------------------------------------------


def _meetings(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    rows = governance.meetings_held(scope, start=start, end=end)
    total = sum(row.held for row in rows)
    source = ngettext(
        "Governance records: %(count)d meeting recorded as held %(window)s (%(bodies)s).",
        "Governance records: %(count)d meetings recorded as held %(window)s (%(bodies)s).",
        total,
    ) % {
        "count": total,
        "window": _window(start, end),
        "bodies": _listed((row.body.name, row.held) for row in rows)
        if rows
        else _("no governance body recorded"),
    }
    return _count(indicator, total, source + _running(end))


def _attendance(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    table = governance.attendance_by_group_and_sex(scope, start=start, end=end)
    held = sum(row.held for row in governance.meetings_held(scope, start=start, end=end))
    women = table.by_sex.get(AttendeeSex.FEMALE, 0)
    men = table.by_sex.get(AttendeeSex.MALE, 0)
    unknown = table.by_sex.get(AttendeeSex.NOT_STATED, 0)
    source = ngettext(
        "Attendance lists of the %(meetings)d governance meeting held %(window)s: %(total)d "
        "present (women %(women)d, men %(men)d, not stated %(unknown)d); by group: %(groups)s.",
        "Attendance lists of the %(meetings)d governance meetings held %(window)s: %(total)d "
        "present (women %(women)d, men %(men)d, not stated %(unknown)d); by group: %(groups)s.",
        held,
    ) % {
        "meetings": held,
        "window": _window(start, end),
        "total": table.total,
        "women": women,
        "men": men,
        "unknown": unknown,
        "groups": _listed((row.label, row.total) for row in table.rows),
    }
    source += _running(end)
    if indicator.measure == Measure.PERCENTAGE:
        return _women_share(women, men, source)
    return _count(indicator, table.total, source, by_sex=_sex_parts(women, men, unknown))


def _mechanisms(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    rows = governance.mechanisms_formed(scope, start=start, end=end)
    total = sum(count for _kind, _label, count in rows)
    source = ngettext(
        "Governance records: %(count)d body with a “formed” milestone dated %(window)s "
        "(%(kinds)s).",
        "Governance records: %(count)d bodies with a “formed” milestone dated %(window)s "
        "(%(kinds)s).",
        total,
    ) % {
        "count": total,
        "window": _window(start, end),
        "kinds": _listed((label, count) for _kind, label, count in rows),
    }
    return _count(indicator, total, source + _running(end))


# --- Joint actions -------------------------------------------------------------------------------


def _by_type(counts: dict[str, int]) -> str:
    labels = dict(ActionType.choices)
    return _listed((str(labels[kind]), n) for kind, n in counts.items())


def _initiated(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    counts = plans.joint_actions_initiated(scope, start=start, end=end)
    total = sum(counts.values())
    source = ngettext(
        "Progress updates of the action plans: %(count)d joint action first reported under "
        "way, delayed or completed %(window)s (%(types)s).",
        "Progress updates of the action plans: %(count)d joint actions first reported under "
        "way, delayed or completed %(window)s (%(types)s).",
        total,
    ) % {"count": total, "window": _window(start, end), "types": _by_type(counts)}
    return _count(indicator, total, source + _running(end))


def _implemented(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    counts = plans.joint_actions_implemented(scope, start=start, end=end)
    total = sum(counts.values())
    source = ngettext(
        "Progress updates of the action plans: %(count)d joint action first reported "
        "completed %(window)s (%(types)s).",
        "Progress updates of the action plans: %(count)d joint actions first reported "
        "completed %(window)s (%(types)s).",
        total,
    ) % {"count": total, "window": _window(start, end), "types": _by_type(counts)}
    return _count(indicator, total, source + _running(end))


def _cost_share(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    actual = plans.cofinancing_shares(scope, start=start, end=end)["actual"]
    paid = {currency: figures for currency, figures in actual.items() if figures["total"]}
    window = _window(start, end)
    if not paid:
        return Missing(
            _("no co-financing recorded in the progress updates of joint actions %(window)s")
            % {"window": window}
        )
    if len(paid) > 1:
        return Missing(
            _(
                "co-financing was recorded %(window)s in several currencies (%(currencies)s): "
                "amounts in different currencies cannot be added; enter the share by hand"
            )
            % {"window": window, "currencies": ", ".join(sorted(paid))}
        )
    currency, figures = next(iter(paid.items()))
    labels = dict(Source.choices)
    amounts = figures["amounts"]
    enterprises = amounts[Source.ENTERPRISES]
    source = _(
        "Co-financing recorded in the progress updates of joint actions %(window)s: "
        "enterprises %(enterprises)s of %(total)s %(currency)s (%(sources)s)."
    ) % {
        "window": window,
        "enterprises": f"{enterprises:,.2f}",
        "total": f"{figures['total']:,.2f}",
        "currency": currency,
        "sources": ", ".join(
            f"{labels[s]} {a:,.2f}" for s, a in amounts.items() if a and s != Source.ENTERPRISES
        )
        or _("no other source"),
    }
    return ComputedValue(
        services.AmountInput(numerator=float(enterprises), denominator=float(figures["total"])),
        source + _running(end),
    )


# --- CDA field work ------------------------------------------------------------------------------


def _activities(scope: Scope, start: date | None, end: date | None) -> QuerySet[Activity]:
    if isinstance(scope, Cluster):
        return cdas.activities_between(cluster=scope, start=start, end=end)
    return cdas.activities_between(programme=scope, start=start, end=end)


def _field_days(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    activities = _activities(scope, start, end)
    days = cdas.field_days(activities)
    source = ngettext(
        "CDA activity log: %(days)d field day (distinct CDA and day) over %(activities)d "
        "activities dated %(window)s.",
        "CDA activity log: %(days)d field days (distinct CDA and day) over %(activities)d "
        "activities dated %(window)s.",
        days,
    ) % {"days": days, "activities": activities.count(), "window": _window(start, end)}
    return _count(indicator, days, source + _running(end))


def _participants(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    activities = _activities(scope, start, end)
    counts = cdas.participants_by_sex(activities)
    women, men = counts[AttendeeSex.FEMALE], counts[AttendeeSex.MALE]
    unknown = counts[AttendeeSex.NOT_STATED]
    source = ngettext(
        "CDA activity log: %(total)d participant in %(activities)d activities dated "
        "%(window)s (women %(women)d, men %(men)d, not stated %(unknown)d; someone at two "
        "activities counts twice).",
        "CDA activity log: %(total)d participants in %(activities)d activities dated "
        "%(window)s (women %(women)d, men %(men)d, not stated %(unknown)d; someone at two "
        "activities counts twice).",
        counts["total"],
    ) % {
        "total": counts["total"],
        "activities": activities.count(),
        "window": _window(start, end),
        "women": women,
        "men": men,
        "unknown": unknown,
    }
    source += _running(end)
    if indicator.measure == Measure.PERCENTAGE:
        return _women_share(women, men, source)
    return _count(indicator, counts["total"], source, by_sex=_sex_parts(women, men, unknown))


# --- Network survey ------------------------------------------------------------------------------

# The figure of :func:`networkmaps.indicator_values` each network computation reads.
NETWORK_CODES: dict[str, str] = {
    Computation.NETWORK_DENSITY: "network_density",
    Computation.COOPERATIVE_SHARE: "firms_with_cooperative_tie",
    Computation.INSTITUTION_TIES: "enterprise_institution_ties",
}


def _latest_wave_with_ties(
    cluster: Cluster, start: date | None, end: date | None
) -> SurveyWave | None:
    dated = [(wave_date(w), w.pk, w) for w in networkmaps.waves_with_ties(cluster)]
    inside = [
        item
        for item in dated
        if (start is None or item[0] >= start) and (end is None or item[0] <= end)
    ]
    return max(inside, key=lambda item: item[:2])[2] if inside else None


class _NetworkFigure(NamedTuple):
    cluster: Cluster
    wave: SurveyWave
    value: float | None
    firms: int
    source: str


def _network_figure(cluster: Cluster, wave: SurveyWave, computation: str) -> _NetworkFigure:
    code = NETWORK_CODES[computation]
    figure = next(v for v in networkmaps.indicator_values(cluster, wave) if v.code == code)
    firms = 0
    if computation == Computation.COOPERATIVE_SHARE:
        firms = len(networkmaps.enterprise_ids(networkmaps.cluster_network(cluster, wave)))
    return _NetworkFigure(cluster, wave, figure.value, firms, figure.source)


def _combined_source(figures: list[_NetworkFigure], without: list[Cluster]) -> str:
    if len(figures) == 1 and not without:
        return figures[0].source
    parts = [f"{f.cluster.name}: {f.source}" for f in figures]
    if without:
        parts.append(
            _("no network survey wave in the window: %(clusters)s")
            % {"clusters": ", ".join(c.name for c in without)}
        )
    return " | ".join(parts)


def _network_value(
    computation: str, figures: list[_NetworkFigure], without: list[Cluster]
) -> ComputedValue | Missing:
    """The value of the figures of one wave per cluster: density of the one cluster, firms
    with a cooperative tie over firms, ties summed."""
    if computation == Computation.NETWORK_DENSITY:
        figure = figures[0]
        if figure.value is None:
            return Missing(
                _("the network of wave %(wave)s has too few actors for a density")
                % {"wave": figure.wave.name}
            )
        return ComputedValue(services.AmountInput(value=figure.value), figure.source)
    if computation == Computation.COOPERATIVE_SHARE:
        counted = [f for f in figures if f.value is not None and f.firms]
        if not counted:
            return Missing(_("no enterprise of the cluster in the network"))
        # The share times the number of firms is the number of firms with a tie, a whole number.
        linked = sum(round((f.value or 0) * f.firms / 100) for f in counted)
        firms = sum(f.firms for f in counted)
        source = ngettext(
            "%(linked)d of %(firms)d enterprise with a cooperative tie. ",
            "%(linked)d of %(firms)d enterprises with a cooperative tie. ",
            firms,
        ) % {
            "linked": linked,
            "firms": firms,
        }
        return ComputedValue(
            services.AmountInput(numerator=float(linked), denominator=float(firms)),
            source + _combined_source(counted, without),
        )
    total = sum(f.value or 0 for f in figures)
    return ComputedValue(services.AmountInput(value=total), _combined_source(figures, without))


def _network(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    figures, without = [], []
    for cluster in _clusters(scope):
        wave = _latest_wave_with_ties(cluster, start, end)
        if wave is None:
            without.append(cluster)
        else:
            figures.append(_network_figure(cluster, wave, indicator.computation))
    if not figures:
        return Missing(
            _("no network survey wave with ties dated %(window)s") % {"window": _window(start, end)}
        )
    return _network_value(indicator.computation, figures, without)


# --- Survey values -------------------------------------------------------------------------------


def _survey_values(cluster: Cluster, code: str) -> QuerySet[BaselineValue]:
    """The cluster's values of survey indicator ``code``; a value entered by hand comes before
    the computed one of the same date (it wins when the survey values are recomputed too)."""
    return (
        BaselineValue.objects.filter(cluster=cluster, code=code.strip())
        .select_related("wave")
        .order_by("-date", "computed", "-updated_at", "-id")
    )


def _survey_source(value: BaselineValue, *, baseline: bool = False) -> str:
    parts = [value.source.strip()]
    if value.wave is not None and value.wave.name not in value.source:
        parts.append(_("wave %(wave)s") % {"wave": value.wave.name})
    if value.n is not None and f"n={value.n}" not in value.source:
        parts.append(f"n={value.n}")
    text = (
        _("Diagnostic value %(code)s of %(date)s: %(source)s")
        if baseline
        else _("Survey value %(code)s of %(date)s: %(source)s")
    )
    return text % {
        "code": value.code,
        "date": _day(value.date),
        "source": ", ".join(p for p in parts if p),
    }


def _survey_amount(indicator: Indicator, value: BaselineValue) -> services.AmountInput | Missing:
    if indicator.measure == Measure.PERCENTAGE and not 0 <= value.value <= 100:
        return Missing(
            _("the survey value %(code)s (%(value)s %(unit)s) is not a percentage")
            % {"code": value.code, "value": f"{value.value:g}", "unit": value.unit}
        )
    return services.AmountInput(value=value.value)


def _survey(
    indicator: Indicator, scope: Scope, start: date | None, end: date | None
) -> ComputedValue | Missing:
    assert isinstance(scope, Cluster)  # PER_CLUSTER
    code = indicator.survey_code.strip()
    values = _survey_values(scope, code)
    if start is not None:
        values = values.filter(date__gte=start)
    if end is not None:
        values = values.filter(date__lte=end)
    value = values.first()
    if value is None:
        return Missing(
            _("no survey value %(code)s dated %(window)s")
            % {"code": code, "window": _window(start, end)}
        )
    amount = _survey_amount(indicator, value)
    if isinstance(amount, Missing):
        return amount
    return ComputedValue(amount, _survey_source(value))


Computer = Callable[[Indicator, Scope, date | None, date | None], ComputedValue | Missing]

COMPUTERS: dict[str, Computer] = {
    Computation.MEETINGS_HELD: _meetings,
    Computation.ATTENDANCE: _attendance,
    Computation.MECHANISMS_FORMED: _mechanisms,
    Computation.ACTIONS_INITIATED: _initiated,
    Computation.ACTIONS_IMPLEMENTED: _implemented,
    Computation.ENTERPRISE_COST_SHARE: _cost_share,
    Computation.CDA_FIELD_DAYS: _field_days,
    Computation.CDA_PARTICIPANTS: _participants,
    Computation.NETWORK_DENSITY: _network,
    Computation.COOPERATIVE_SHARE: _network,
    Computation.INSTITUTION_TIES: _network,
    Computation.SURVEY: _survey,
}


# --- Public API ------------------------------------------------------------------------------------


def _attempt(indicator: Indicator, start: date | None, end: date | None) -> ComputedValue | Missing:
    computation = indicator.computation
    if not computation:
        return Missing(_("the indicator is entered by hand, not computed"))
    label = str(Computation(computation).label)
    if indicator.measure not in MEASURES[computation]:
        return Missing(
            _(
                "“%(computation)s” gives %(measures)s, not a value of this indicator's measure "
                "(%(measure)s)"
            )
            % {
                "computation": label,
                "measures": ", ".join(str(Measure(m).label).lower() for m in MEASURES[computation]),
                "measure": indicator.get_measure_display().lower(),
            }
        )
    scope = indicator.scope
    if computation in PER_CLUSTER and not isinstance(scope, Cluster):
        return Missing(
            _("“%(computation)s” is computed per cluster: add the indicator to a cluster")
            % {"computation": label}
        )
    if computation == Computation.SURVEY and not indicator.survey_code.strip():
        return Missing(_("name the survey indicator the value is computed from"))
    if start is not None and start > timezone.localdate():
        return Missing(_("the period starts on %(start)s, in the future") % {"start": _day(start)})
    return COMPUTERS[computation](indicator, scope, start, end)


def attempt(indicator: Indicator, start: date, end: date) -> ComputedValue | Missing:
    """The value of ``indicator`` for the window ``start`` to ``end`` (both included), or why
    there is none. Flows are counted within the window; stocks are the latest wave (or survey
    value) dated within it — see the module's documentation."""
    return _attempt(indicator, start, end)


def compute(indicator: Indicator, start: date, end: date) -> ComputedValue | None:
    """:func:`attempt`, ``None`` when there is nothing to compute from."""
    result = _attempt(indicator, start, end)
    return result if isinstance(result, ComputedValue) else None


def compute_for_period(indicator: Indicator, period: ReportingPeriod) -> ComputedValue | None:
    return compute(indicator, period.start, period.end)


@transaction.atomic
def fill_actual(indicator: Indicator, period: ReportingPeriod, *, by: User) -> Actual:
    """Compute the value of ``indicator`` for ``period`` and save it as a draft, with its
    source in ``computed_source``. The evidence and comment already typed are kept (a blank
    evidence points to the records named in the source). Refused with a message naming the
    indicator and the period when the value is not editable (submitted, approved, locked) or
    there is nothing to compute from."""
    existing = Actual.objects.filter(indicator=indicator, period=period).first()
    if existing is not None and not existing.editable:
        raise ValidationError(services.locked_message(existing))
    result = _attempt(indicator, period.start, period.end)
    if isinstance(result, Missing):
        raise ValidationError(
            _("%(what)s: there is nothing to compute the value from: %(reason)s.")
            % {"what": services.where(indicator, period), "reason": result.reason}
        )
    evidence = existing.evidence.strip() if existing is not None else ""
    return services.save_actual(
        indicator,
        period,
        result.data,
        by=by,
        evidence=evidence or _("The platform's records named under “computed from”."),
        comment=existing.comment if existing is not None else "",
        computed_source=result.source,
    )


# --- Baselines ---------------------------------------------------------------------------------------


class RecordedBaseline(NamedTuple):
    """A baseline found in the records: a value (or numerator and denominator), its date, its
    source (translated, at most 255 characters) and the diagnostic value it was taken from."""

    value: float | None
    numerator: float | None
    denominator: float | None
    on: date
    source: str
    from_value: BaselineValue | None = None


def _short(text: str, size: int = 255) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def baseline_wave(cluster: Cluster) -> SurveyWave | None:
    """The wave the diagnostic's baseline comes from: the one the diagnostic's figures are set
    to use; else the latest *baseline* wave with submissions (not a follow-up); else the wave
    the diagnostic's figures would show."""
    diagnostic = diagnostic_of(cluster)
    if diagnostic.wave is not None:
        return diagnostic.wave
    baseline = (
        cluster.survey_waves.filter(kind=SurveyWave.Kind.BASELINE, submissions__isnull=False)
        .distinct()
        .order_by("-start_date", "-id")
        .first()
    )
    return baseline or figures_wave(diagnostic)


def _survey_baseline(indicator: Indicator, cluster: Cluster) -> RecordedBaseline | None:
    wave = baseline_wave(cluster)
    if wave is None:
        return None
    value = _survey_values(cluster, indicator.survey_code).filter(wave=wave).first()
    if value is None:
        return None
    amount = _survey_amount(indicator, value)
    if isinstance(amount, Missing):
        return None
    source = _survey_source(value, baseline=True)
    return RecordedBaseline(amount.value, None, None, value.date, _short(source), value)


def _network_baseline(indicator: Indicator, cluster: Cluster) -> RecordedBaseline | None:
    wave = baseline_wave(cluster)
    if wave is None or not Tie.objects.filter(wave=wave).exists():
        return None
    figure = _network_figure(cluster, wave, indicator.computation)
    result = _network_value(indicator.computation, [figure], [])
    if not isinstance(result, ComputedValue):
        return None
    data = result.data
    source = _("From the diagnostic: %(source)s") % {"source": result.source}
    return RecordedBaseline(
        data.value, data.numerator, data.denominator, wave_date(wave), _short(source)
    )


def _flow_baseline(indicator: Indicator) -> RecordedBaseline | None:
    """0 at the programme's start, when the records show none before it."""
    start = indicator.programme.start_date
    if start is None or indicator.measure != Measure.NUMBER:
        return None
    before = _attempt(indicator, None, start - timedelta(days=1))
    if not isinstance(before, ComputedValue) or before.data.value != 0:
        return None
    source = _("None before the programme: the records show none before %(start)s.") % {
        "start": _day(start)
    }
    return RecordedBaseline(0.0, None, None, start, _short(source))


def baseline_from_records(indicator: Indicator) -> RecordedBaseline | None:
    """The baseline the records give ``indicator``, or ``None``:

    - a survey value: the cluster's value of the survey code in the diagnostic's wave
      (:func:`baseline_wave`);
    - a network figure: its value in the diagnostic's wave, when that wave has ties;
    - a count (a flow measured as a number): 0 at the programme's start, when the records
      show none before it (nothing otherwise: a programme that inherits earlier work sets its
      baseline by hand).

    Entered indicators, and per-cluster figures of a programme's indicator, get ``None``."""
    computation = indicator.computation
    if not computation or indicator.measure not in MEASURES[computation]:
        return None
    scope = indicator.scope
    if computation == Computation.SURVEY:
        if not isinstance(scope, Cluster) or not indicator.survey_code.strip():
            return None
        return _survey_baseline(indicator, scope)
    if computation in FLOWS:
        return _flow_baseline(indicator)
    if not isinstance(scope, Cluster):
        return None
    return _network_baseline(indicator, scope)
