"""Where each indicator stands: baseline, targets and actuals per period, value to date,
progress and status; and the result chain with each result's status. Dashboards, the progress
report and the exports read these summaries.

Conventions, stated once for every page:

- Only **approved or locked** actuals count; drafts, submitted and returned values are shown as
  pending, never added in.
- A period's **target** is the value to date expected by the end of that period (under the
  indicator's cumulative rule, like the actual it is compared with).
- The **status** compares the value to date at the end of the latest period with a counted
  actual against that period's target (the whole way expected: ``expected = 1``); when that
  period has no target, against the next target, expecting the share of the time from the
  baseline date to that target's period end that had elapsed (linear progress,
  :func:`clusterdev.indicators.elapsed_share`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterdev.indicators import (
    IndicatorError,
    Ratio,
    Status,
    Value,
    accumulate,
    elapsed_share,
    progress,
    status,
)
from clusterdev.web.monitoring.models import (
    COUNTED_STATES,
    Actual,
    ActualState,
    Indicator,
    Measure,
    ReportingPeriod,
    ResultNode,
    Target,
)
from clusterdev.web.monitoring.services import Scope, indicators_of, nodes_of, periods_of

STATUS_LABELS = {
    Status.ACHIEVED: gettext_lazy("Achieved"),
    Status.ON_TRACK: gettext_lazy("On track"),
    Status.AT_RISK: gettext_lazy("At risk"),
    Status.OFF_TRACK: gettext_lazy("Off track"),
    Status.NO_DATA: gettext_lazy("No data"),
}
# Worst first: a result is as well as its worst-placed indicator with data.
SEVERITY = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.ACHIEVED, Status.NO_DATA]


@dataclass
class PeriodRow:
    period: ReportingPeriod
    target: Target | None
    actual: Actual | None  # whatever its state
    value: Value | None  # the period's own value, when it counts
    to_date: Value | None  # accumulated to the period's end over the counted values

    @property
    def pending(self) -> bool:
        return self.actual is not None and self.actual.state not in COUNTED_STATES


@dataclass
class IndicatorSummary:
    indicator: Indicator
    baseline: Value | None
    rows: list[PeriodRow]
    to_date: Value | None = None
    latest_period: ReportingPeriod | None = None
    target: Target | None = None
    expected: float | None = None
    progress: float | None = None
    status: Status = Status.NO_DATA
    note: str = ""
    pending: int = 0

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def progress_percent(self) -> float | None:
        return None if self.progress is None else round(self.progress * 100, 1)

    @property
    def breakdowns(self) -> dict[str, dict[str, float | str]]:
        """The value to date's disaggregation, each part shown as it is stored."""
        if self.to_date is None:
            return {}
        shown: dict[str, dict[str, float | str]] = {}
        for dimension, parts in self.to_date.disaggregation.items():
            shown[dimension] = {c: amount_text(p) for c, p in parts.items()}
        return shown


def amount_text(amount: object) -> str:
    """An amount as pages show it: a ratio as its percentage and counts, a number to four
    significant digits (thousands separated), text as it is."""
    if amount is None:
        return "—"
    if isinstance(amount, Value):
        amount = amount.amount
    if isinstance(amount, Ratio):
        share = amount.percentage
        if share is None:
            return "—"
        return f"{share:.1f} % ({amount.numerator:g}/{amount.denominator:g})"
    if isinstance(amount, float | int):
        return f"{amount:,.0f}" if abs(amount) >= 1e4 else f"{amount:,.4g}"
    return str(amount)


def amount_number(amount: object) -> float | None:
    """An amount as a number for charts (a ratio as its percentage); None for text."""
    if isinstance(amount, Value):
        amount = amount.amount
    if isinstance(amount, Ratio):
        return amount.percentage
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return None
    return float(amount)


def summarise(
    indicator: Indicator,
    periods: Sequence[ReportingPeriod],
    *,
    as_of: date,
    actuals: Iterable[Actual] | None = None,
    targets: Iterable[Target] | None = None,
) -> IndicatorSummary:
    """Where ``indicator`` stands on ``as_of`` (see the module's conventions)."""
    by_period_actual = {
        a.period_id: a for a in (actuals if actuals is not None else indicator.actuals.all())
    }
    by_period_target = {
        t.period_id: t for t in (targets if targets is not None else indicator.targets.all())
    }
    measure: str = indicator.measure
    scale = indicator.ordinal_scale()
    rows: list[PeriodRow] = []
    counted: list[Value | None] = []
    summary = IndicatorSummary(indicator, indicator.baseline(), rows)
    own: dict[int, Value | None] = {}
    for period in periods:
        actual = by_period_actual.get(period.pk)
        own[period.pk] = actual.as_value() if actual is not None and actual.counts else None
    if measure == Measure.PERCENTAGE and any(
        v is not None and not isinstance(v.amount, Ratio) for v in own.values()
    ):
        # Some percentages were entered without their counts (a survey's mean share, say).
        if indicator.cumulative_rule == "sum":
            summary.note = _(
                "Percentages entered without their counts cannot be added over periods: enter "
                "the numerator and denominator, or follow the latest value."
            )
        measure = Measure.NUMBER  # every value as its percentage
        own = {pk: _as_percentage(v) for pk, v in own.items()}
    for period in periods:
        actual = by_period_actual.get(period.pk)
        target = by_period_target.get(period.pk)
        value = own[period.pk]
        counted.append(value)
        so_far: Value | None
        if summary.note and measure == Measure.NUMBER and indicator.measure != measure:
            so_far = None
        else:
            try:
                so_far = accumulate(
                    counted, indicator.cumulative_rule, measure=measure, scale=scale
                )
            except IndicatorError as error:
                so_far, summary.note = None, str(error)
        rows.append(PeriodRow(period, target, actual, value, so_far))
        if actual is not None and not actual.counts:
            summary.pending += 1
        if value is not None and period.start <= as_of:
            summary.to_date = so_far
            summary.latest_period = period
    _rate(summary, as_of=as_of)
    return summary


def _as_percentage(value: Value | None) -> Value | None:
    """A percentage value as its plain percentage (a ratio's counts dropped), parts alike."""
    if value is None or not isinstance(value.amount, Ratio):
        return value
    share = value.amount.percentage
    if share is None:
        return None
    parts = {
        dimension: {
            c: (p.percentage or 0.0) if isinstance(p, Ratio) else p for c, p in items.items()
        }
        for dimension, items in value.disaggregation.items()
    }
    return Value(share, parts)


def _rate(summary: IndicatorSummary, *, as_of: date) -> None:
    indicator, rows = summary.indicator, summary.rows
    latest = summary.latest_period
    if latest is None:
        return
    row = next(r for r in rows if r.period.pk == latest.pk)
    target, expected = row.target, 1.0
    if target is None:
        later = [r.target for r in rows if r.target is not None and r.period.end > latest.end]
        earlier = [r.target for r in rows if r.target is not None and r.period.end < latest.end]
        if later:
            target = later[0]
            start = indicator.baseline_date or indicator.programme.start_date or latest.start
            try:
                expected = elapsed_share(start, target.period.end, as_of=latest.end)
            except IndicatorError:
                expected = 1.0
        elif earlier:
            target = earlier[-1]
    summary.target = target
    if target is None:
        summary.note = summary.note or _("No target set yet.")
        return
    target_value = target.as_value()
    if summary.baseline is None or target_value is None:
        summary.note = summary.note or _("No baseline: progress cannot be measured.")
        return
    summary.expected = expected
    measure = indicator.measure
    try:
        if measure != Measure.QUALITATIVE:
            summary.progress = progress(
                summary.baseline,
                target_value,
                summary.to_date,
                indicator.direction,
                measure=measure,
                scale=indicator.ordinal_scale(),
            )
            summary.status = status(
                summary.baseline,
                target_value,
                summary.to_date,
                indicator.direction,
                expected=expected,
                measure=measure,
                scale=indicator.ordinal_scale(),
            )
    except IndicatorError as error:
        summary.note = str(error)


def summaries(scope: Scope, *, as_of: date) -> list[IndicatorSummary]:
    """Every indicator of ``scope``'s framework, in the framework's order."""
    indicators = list(indicators_of(scope).select_related("programme", "node"))
    if not indicators:
        return []
    periods = list(periods_of(indicators[0].programme))
    actuals: dict[int, list[Actual]] = {}
    for actual in Actual.objects.filter(indicator__in=indicators).select_related("period"):
        actuals.setdefault(actual.indicator_id, []).append(actual)
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator__in=indicators).select_related("period"):
        targets.setdefault(target.indicator_id, []).append(target)
    return [
        summarise(
            indicator,
            periods,
            as_of=as_of,
            actuals=actuals.get(indicator.pk, []),
            targets=targets.get(indicator.pk, []),
        )
        for indicator in indicators
    ]


def status_counts(items: Iterable[IndicatorSummary]) -> list[tuple[Status, str, int]]:
    counts = Counter(item.status for item in items)
    return [(s, str(STATUS_LABELS[s]), counts.get(s, 0)) for s in SEVERITY]


def worst(statuses: Iterable[Status]) -> Status:
    present = set(statuses)
    for candidate in SEVERITY:
        if candidate in present:
            return candidate
    return Status.NO_DATA


@dataclass
class ChainNode:
    node: ResultNode
    indicators: list[IndicatorSummary]
    children: list[ChainNode] = field(default_factory=list)
    status: Status = Status.NO_DATA

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def chain(scope: Scope, items: Sequence[IndicatorSummary]) -> list[ChainNode]:
    """The result chain as trees from the top results down, each node with its indicators'
    summaries and a status: the worst of its own indicators with data, else of its parts."""
    nodes = list(nodes_of(scope))
    by_node: dict[int, list[IndicatorSummary]] = {}
    for item in items:
        if item.indicator.node_id is not None:
            by_node.setdefault(item.indicator.node_id, []).append(item)
    wrapped = {n.pk: ChainNode(n, by_node.get(n.pk, [])) for n in nodes}
    roots: list[ChainNode] = []
    for n in nodes:
        parent = wrapped.get(n.parent_id) if n.parent_id is not None else None
        (parent.children if parent is not None else roots).append(wrapped[n.pk])

    def rate(item: ChainNode) -> Status:
        below = [rate(child) for child in item.children]
        own = [s.status for s in item.indicators if s.status != Status.NO_DATA]
        item.status = worst(own) if own else worst(s for s in below if s != Status.NO_DATA)
        return item.status

    for root in roots:
        rate(root)
    return roots


def awaiting_approval(scope: Scope) -> list[Actual]:
    """The submitted values of ``scope``'s framework, oldest first."""
    return list(
        Actual.objects.filter(indicator__in=indicators_of(scope), state=ActualState.SUBMITTED)
        .select_related("indicator", "period", "submitted_by")
        .order_by("submitted_at")
    )
