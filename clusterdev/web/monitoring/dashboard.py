"""The results dashboards of a cluster and of a programme: what the pages show of the
summaries (:mod:`.summary`), and the pictures drawn on the server as inline SVG so that the
page, its print-out and the progress report's PDF show the same thing without JavaScript.

- :func:`chain_svg`: the result chain, lowest level on the left, each result boxed in its
  status's colour *and* labelled with the status (colour is never the only sign).
- :func:`indicator_chart`: one indicator's baseline (dashed line), targets per period (hollow
  diamonds) and value to date per period (solid line and dots). Percentages are charted as
  percentages, ordinal levels by rank with the levels' names on the axis; a qualitative
  indicator has no chart (its latest statement is shown instead).
- :func:`breakdown_bar`: the value to date's parts in one dimension as a stacked bar.

The progress report reuses :func:`chain_svg` and :func:`indicator_chart`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from clusterdev.indicators import IndicatorError, Ratio, Status, Value
from clusterdev.web.monitoring import summary
from clusterdev.web.monitoring.models import (
    CATEGORIES,
    LEVEL_ORDER,
    Level,
    Measure,
    ReportingPeriod,
    category_label,
    dimension_label,
)
from clusterdev.web.monitoring.services import Scope, periods_of, scope_parts
from clusterdev.web.programmes.access import Rights
from clusterdev.web.programmes.models import Cluster

__all__ = [
    "Badge",
    "Breakdown",
    "ClusterRow",
    "IndicatorCard",
    "PeriodLine",
    "badge",
    "breakdown_bar",
    "chain_svg",
    "cluster_rows",
    "indicator_card",
    "indicator_chart",
    "parse_as_of",
    "period_on",
    "scope_context",
]

# Ink (stroke, text) and fill of each status; dark enough on white and in greyscale print.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.ACHIEVED: ("#0f6b3a", "#d1fae5"),
    Status.ON_TRACK: ("#2f6f2a", "#e6f4d7"),
    Status.AT_RISK: ("#8a5a00", "#fef3c7"),
    Status.OFF_TRACK: ("#a8201a", "#fde8e8"),
    Status.NO_DATA: ("#56606b", "#eef0f2"),
}
# A sign per status, so that the status reads without colour too.
STATUS_SIGNS: dict[Status, str] = {
    Status.ACHIEVED: "✓",
    Status.ON_TRACK: "↗",
    Status.AT_RISK: "!",
    Status.OFF_TRACK: "✕",
    Status.NO_DATA: "–",
}
BASELINE_COLOUR = "#56606b"
TARGET_COLOUR = "#c0504d"
ACTUAL_COLOUR = "#2f6f9f"
PART_COLOURS = ("#2f6f9f", "#d08b2c", "#4f8a3c", "#8064a2", "#9aa5ad")
MUTED = "#56606b"


# --- The reading date ---------------------------------------------------------------------------


def parse_as_of(raw: str | None, *, today: date) -> tuple[date, str | None]:
    """The date a dashboard is read on: ``raw`` (YYYY-MM-DD) when given and valid, else
    ``today``; with a message saying why ``raw`` was not used (None when it was, or was blank).

    >>> parse_as_of("2005-06-30", today=date(2025, 1, 1))
    (datetime.date(2005, 6, 30), None)
    >>> parse_as_of("", today=date(2025, 1, 1))
    (datetime.date(2025, 1, 1), None)
    """
    text = (raw or "").strip()
    if not text:
        return today, None
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return today, _(
            "“%(given)s” is not a date (as of): write it as YYYY-MM-DD, e.g. 2005-06-30. "
            "The results are shown as of today, %(today)s."
        ) % {"given": text[:40], "today": today.isoformat()}


def period_on(periods: Iterable[ReportingPeriod], day: date) -> ReportingPeriod | None:
    """The reporting period that contains ``day``, if any."""
    return next((p for p in periods if p.contains(day)), None)


# --- What the pages show -------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """A status as shown: its sign and label (class ``status-<value>`` gives the colour)."""

    status: Status
    label: str
    sign: str

    @property
    def css(self) -> str:
        return f"status-{self.status.value}"


def badge(status: Status) -> Badge:
    return Badge(status, str(summary.STATUS_LABELS[status]), STATUS_SIGNS[status])


@dataclass
class Breakdown:
    """The value to date's parts in one dimension: (category label, amount as shown, share of
    the total as shown or "") in the categories' order, and the stacked bar (numbers only)."""

    dimension: str
    parts: list[tuple[str, str, str]]
    bar: SafeString


@dataclass
class PeriodLine:
    """One reporting period of an indicator as its card's table shows it."""

    period: ReportingPeriod
    target: str
    value: str
    to_date: str
    pending: str  # the state of a value not counted yet ("" when none or counted)


@dataclass
class IndicatorCard:
    item: summary.IndicatorSummary
    badge: Badge
    chart: SafeString
    baseline: str
    target: str
    to_date: str
    breakdowns: list[Breakdown]
    lines: list[PeriodLine]

    @property
    def qualitative(self) -> bool:
        return self.item.indicator.measure == Measure.QUALITATIVE

    @property
    def expected_percent(self) -> float | None:
        expected = self.item.expected
        return None if expected is None else round(expected * 100, 1)


@dataclass
class ClusterRow:
    """One cluster on the programme's dashboard: its indicators' status counts."""

    cluster: Cluster
    counts: list[tuple[Badge, int]]
    indicators: int
    awaiting: int | None  # values awaiting approval; None when the reader does not approve


def _counts(items: Sequence[summary.IndicatorSummary]) -> list[tuple[Badge, int]]:
    return [(badge(status), count) for status, _label, count in summary.status_counts(items)]


def _breakdowns(value: Value | None) -> list[Breakdown]:
    if value is None:
        return []
    shown = []
    for dimension, parts in value.disaggregation.items():
        order = [c for c, _label in CATEGORIES.get(dimension, [])]
        ordered = sorted(parts, key=lambda c: order.index(c) if c in order else len(order))
        numbers = {c: summary.amount_number(parts[c]) for c in ordered}
        plain = not any(isinstance(p, Ratio) for p in parts.values())
        total = sum(n for n in numbers.values() if n is not None)
        rows = []
        for category in ordered:
            number = numbers[category]
            shared = plain and total > 0 and number is not None
            share = f"{100 * (number or 0) / total:.0f} %" if shared else ""
            rows.append(
                (category_label(dimension, category), summary.amount_text(parts[category]), share)
            )
        label = dimension_label(dimension)
        bar = mark_safe("")
        if plain and total > 0 and all(n is not None and n >= 0 for n in numbers.values()):
            bar = breakdown_bar(
                [(category_label(dimension, c), float(numbers[c] or 0)) for c in ordered],
                title=label,
            )
        shown.append(Breakdown(label, rows, bar))
    return shown


def _lines(item: summary.IndicatorSummary) -> list[PeriodLine]:
    lines = []
    latest = item.latest_period
    for row in item.rows:
        reached = latest is not None and row.period.start <= latest.start
        target = row.target.as_value() if row.target is not None else None
        lines.append(
            PeriodLine(
                row.period,
                summary.amount_text(target) if target is not None else "",
                summary.amount_text(row.value) if reached and row.value is not None else "",
                summary.amount_text(row.to_date) if reached and row.to_date is not None else "",
                row.actual.get_state_display() if row.pending and row.actual else "",
            )
        )
    return lines


def indicator_card(item: summary.IndicatorSummary) -> IndicatorCard:
    """What an indicator's card shows of ``item``: values after its latest counted period
    (later than the date it was summarised on) are left out."""
    target = item.target.as_value() if item.target is not None else None
    return IndicatorCard(
        item=item,
        badge=badge(item.status),
        chart=indicator_chart(item),
        baseline=summary.amount_text(item.baseline) if item.baseline is not None else "—",
        target=summary.amount_text(target) if target is not None else "—",
        to_date=summary.amount_text(item.to_date) if item.to_date is not None else "—",
        breakdowns=_breakdowns(item.to_date),
        lines=_lines(item),
    )


def scope_context(scope: Scope, *, rights: Rights, as_of: date) -> dict[str, Any]:
    """Everything a dashboard shows of ``scope``'s framework on ``as_of``: the status counts,
    the result chain, a card per indicator, and the values awaiting approval (for those who
    approve them)."""
    programme, _cluster = scope_parts(scope)
    items = summary.summaries(scope, as_of=as_of)
    roots = summary.chain(scope, items)
    periods = list(periods_of(programme))
    return {
        "as_of": as_of,
        "period": period_on(periods, as_of),
        "has_periods": bool(periods),
        "counts": _counts(items),
        "chain": chain_svg(roots),
        "has_chain": bool(roots),
        "cards": [indicator_card(item) for item in items],
        "awaiting": summary.awaiting_approval(scope) if rights.can_approve else None,
        "names": rights.can_view_personal,
    }


def cluster_rows(clusters: Iterable[Cluster], *, as_of: date, approver: bool) -> list[ClusterRow]:
    """Each cluster's status counts on ``as_of``, and its values awaiting approval when the
    reader approves them (``approver``)."""
    rows = []
    for cluster in clusters:
        items = summary.summaries(cluster, as_of=as_of)
        awaiting = len(summary.awaiting_approval(cluster)) if approver else None
        rows.append(ClusterRow(cluster, _counts(items), len(items), awaiting))
    return rows


# --- SVG helpers ---------------------------------------------------------------------------------


def _join(parts: Iterable[str | SafeString]) -> SafeString:
    # Every part is built by format_html (or is fixed markup): joining keeps them safe.
    return mark_safe("".join(str(p) for p in parts))


def _wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``limit`` characters, the rest elided."""
    words = text.split()
    result: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            result.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    result.append(current)
    if len(result) > lines:
        result = result[:lines]
        result[-1] = result[-1][: limit - 1].rstrip() + "…"
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in result]


def _f(x: float) -> str:
    return f"{x:.1f}"


# --- The result chain ----------------------------------------------------------------------------

BOX_W = 200
BOX_H = 74
GAP_X = 52
GAP_Y = 12
HEAD = 24
MARGIN = 8


def _walk(
    nodes: Iterable[summary.ChainNode], parent: summary.ChainNode | None = None
) -> Iterable[tuple[summary.ChainNode, summary.ChainNode | None]]:
    for node in nodes:
        yield node, parent
        yield from _walk(node.children, node)


def chain_svg(roots: list[summary.ChainNode]) -> SafeString:
    """The result chain as an SVG tree: one column per level, from the lowest on the left
    (inputs, activities) to the highest on the right (impact); an arrow from each result to the
    result it contributes to. Each box shows the level, the result (two lines at most), and its
    status as a sign and a word on the status's colour; its ``<title>`` gives it in full. Empty
    when there is no result."""
    if not roots:
        return mark_safe("")
    pairs = list(_walk(roots))
    levels = sorted({n.node.level for n, _p in pairs}, key=lambda lv: LEVEL_ORDER.get(lv, 99))
    column = {level: index for index, level in enumerate(levels)}
    row: dict[int, float] = {}
    next_row = 0

    def place(node: summary.ChainNode) -> float:
        nonlocal next_row
        if not node.children:
            row[id(node)] = next_row
            next_row += 1
        else:
            below = [place(child) for child in node.children]
            row[id(node)] = (below[0] + below[-1]) / 2
        return row[id(node)]

    for root in roots:
        place(root)
    width = MARGIN * 2 + len(levels) * BOX_W + (len(levels) - 1) * GAP_X
    height = HEAD + MARGIN + next_row * (BOX_H + GAP_Y)

    def corner(node: summary.ChainNode) -> tuple[float, float]:
        x = MARGIN + column[node.node.level] * (BOX_W + GAP_X)
        y = HEAD + MARGIN / 2 + row[id(node)] * (BOX_H + GAP_Y)
        return x, y

    title = _("Result chain: %(count)s results, each with its status") % {"count": len(pairs)}
    parts: list[str | SafeString] = [
        format_html(
            '<svg class="chain-figure" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-label="{}" font-family="sans-serif">'
            "<title>{}</title>",
            width,
            _f(height),
            width,
            _f(height),
            title,
            title,
        )
    ]
    for level in levels:
        x = MARGIN + column[level] * (BOX_W + GAP_X)
        parts.append(
            format_html(
                '<text x="{}" y="15" font-size="12" font-weight="bold" fill="{}">{}</text>',
                x,
                MUTED,
                Level(level).label if level in Level.values else level,
            )
        )
    for node, parent in pairs:
        if parent is None:
            continue
        x1, y1 = corner(node)
        x2, y2 = corner(parent)
        start = (x1 + BOX_W, y1 + BOX_H / 2)
        end = (x2 - 2, y2 + BOX_H / 2)
        middle = (start[0] + end[0]) / 2
        parts.append(
            format_html(
                '<path d="M{} {} C{} {} {} {} {} {}" fill="none" stroke="#8a98a5" '
                'stroke-width="1.3"/><path d="M{} {} l-8 -4 v8 z" fill="#8a98a5"/>',
                _f(start[0]),
                _f(start[1]),
                _f(middle),
                _f(start[1]),
                _f(middle),
                _f(end[1]),
                _f(end[0]),
                _f(end[1]),
                _f(end[0]),
                _f(end[1]),
            )
        )
    for node, _parent in pairs:
        parts.append(_chain_box(node, *corner(node)))
    parts.append(mark_safe("</svg>"))
    return _join(parts)


def _chain_box(node: summary.ChainNode, x: float, y: float) -> SafeString:
    """One result's box; its level is the column's heading (and in its ``<title>``)."""
    ink, fill = STATUS_COLOURS[node.status]
    count = len(node.indicators)
    measured = (_("%(count)s indicator") if count == 1 else _("%(count)s indicators")) % {
        "count": count
    }
    text = _join(
        format_html('<tspan x="{}" y="{}">{}</tspan>', _f(x + 12), _f(y + 18 + 14 * i), line)
        for i, line in enumerate(_wrap(node.node.title, 30, 3))
    )
    return format_html(
        '<g class="chain-node {}"><title>{}: {} — {} ({})</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="5" fill="{}" stroke="{}" '
        'stroke-width="1.5"/>'
        '<rect x="{}" y="{}" width="5" height="{}" fill="{}"/>'
        '<text font-size="12" fill="#1d2327">{}</text>'
        '<text x="{}" y="{}" font-size="11" font-weight="bold" fill="{}">{} {}</text>'
        '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="{}">{}</text></g>',
        f"status-{node.status.value}",
        node.node.get_level_display(),
        node.node.title,
        node.status_label,
        measured,
        _f(x),
        _f(y),
        BOX_W,
        BOX_H,
        fill,
        ink,
        _f(x),
        _f(y),
        BOX_H,
        ink,
        text,
        _f(x + 12),
        _f(y + BOX_H - 8),
        ink,
        STATUS_SIGNS[node.status],
        node.status_label,
        _f(x + BOX_W - 8),
        _f(y + BOX_H - 8),
        MUTED,
        measured if count else "",
    )


# --- One indicator's chart -----------------------------------------------------------------------

CHART_W = 520
CHART_H = 220
TOP = 44
BOTTOM = 26
RIGHT = 16


def _position(item: summary.IndicatorSummary, value: Value | None) -> float | None:
    """Where ``value`` goes on the chart's axis: its number, its percentage, or its rank."""
    if value is None:
        return None
    scale = item.indicator.ordinal_scale()
    if scale is not None:
        try:
            return float(scale.rank(str(value.amount)))
        except IndicatorError:
            return None
    return summary.amount_number(value)


def _label(item: summary.IndicatorSummary, value: Value | None) -> str:
    """``value`` as the chart writes it: a percentage without its counts, a level by name."""
    number = summary.amount_number(value)
    if item.indicator.measure == Measure.PERCENTAGE and number is not None:
        return f"{number:.1f} %"
    return summary.amount_text(value)


def _ticks(low: float, high: float) -> list[float]:
    """About five round numbers from ``low`` (at most) to ``high`` (at least)."""
    span = high - low or abs(high) or 1.0
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9 * span:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


def indicator_chart(item: summary.IndicatorSummary) -> SafeString:
    """``item``'s baseline (dashed line), its target for each period (hollow diamonds) and its
    value to date at the end of each period up to the latest counted one (solid line and
    dots), over the programme's reporting periods. The baseline, the target the status is
    measured against and the latest value to date are written on the chart; every mark has a
    ``<title>``. Empty for a qualitative indicator (it has no scale) or when there is nothing
    to draw."""
    indicator = item.indicator
    if indicator.measure == Measure.QUALITATIVE or not item.rows:
        return mark_safe("")
    scale = indicator.ordinal_scale()
    latest = item.latest_period
    baseline = _position(item, item.baseline)
    targets = [
        (i, _position(item, r.target.as_value()), r)
        for i, r in enumerate(item.rows)
        if r.target is not None
    ]
    targets = [(i, y, r) for i, y, r in targets if y is not None]
    actuals = [
        (i, _position(item, r.to_date), r)
        for i, r in enumerate(item.rows)
        if latest is not None and r.period.start <= latest.start and r.to_date is not None
    ]
    actuals = [(i, y, r) for i, y, r in actuals if y is not None]
    values = [y for _i, y, _r in targets + actuals if y is not None]
    if baseline is not None:
        values.append(baseline)
    if not values:
        return mark_safe("")

    if scale is not None:
        ticks = [float(rank) for rank in range(1, len(scale.levels) + 1)]
        tick_text = [_wrap(level, 18, 1)[0] for level in scale.levels]
        left = 128
    else:
        low, high = min([0.0, *values]), max(values)
        if indicator.measure == Measure.PERCENTAGE:
            high = max(high, 10.0)
        ticks = _ticks(low, high if high > low else low + 1)
        if indicator.measure == Measure.PERCENTAGE and ticks[-1] > 100 >= high:
            ticks = [t for t in ticks if t <= 100]
            if ticks[-1] < 100:
                ticks.append(100.0)
        suffix = " %" if indicator.measure == Measure.PERCENTAGE else ""
        tick_text = [summary.amount_text(t) + suffix for t in ticks]
        left = 56
    bottom, top = ticks[0], ticks[-1]
    if top == bottom:
        top = bottom + 1
    plot_w = CHART_W - left - RIGHT
    plot_h = CHART_H - TOP - BOTTOM
    count = len(item.rows)
    step = plot_w / count

    def x_of(index: int) -> float:
        return left + (index + 0.5) * step

    def y_of(value: float) -> float:
        return TOP + (1 - (value - bottom) / (top - bottom)) * plot_h

    description = _chart_description(item)
    parts: list[str | SafeString] = [
        format_html(
            '<svg class="indicator-chart" xmlns="http://www.w3.org/2000/svg" '
            'viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
            'font-family="sans-serif"><title>{}</title>',
            CHART_W,
            CHART_H,
            CHART_W,
            CHART_H,
            description,
            description,
        ),
        _legend(left),
    ]
    for tick, text in zip(ticks, tick_text, strict=True):
        y = y_of(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e3e8ec"/>'
                '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="{}">{}</text>',
                left,
                _f(y),
                CHART_W - RIGHT,
                _f(y),
                left - 6,
                _f(y + 3),
                MUTED,
                text,
            )
        )
    every = max(1, math.ceil(52 / step))
    for index, row in enumerate(item.rows):
        if index % every == 0 or index == count - 1:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="{}">{}</text>',
                    _f(x_of(index)),
                    CHART_H - 8,
                    MUTED,
                    row.period.name,
                )
            )
    if baseline is not None:
        y = y_of(baseline)
        text = _("Baseline %(value)s") % {"value": _label(item, item.baseline)}
        parts.append(
            format_html(
                '<g><title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-width="1.5" stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" font-size="10" fill="{}">{}</text></g>',
                text,
                left,
                _f(y),
                CHART_W - RIGHT,
                _f(y),
                BASELINE_COLOUR,
                left + 4,
                _f(y - 4),
                BASELINE_COLOUR,
                text,
            )
        )
    # The target written out: the one the status is measured against, else the last drawn.
    rated = item.target.period_id if item.target is not None else None
    if targets and all(r.period.pk != rated for _i, _y, r in targets):
        rated = targets[-1][2].period.pk
    for index, y_value, row in targets:
        assert row.target is not None and y_value is not None
        x, y = x_of(index), y_of(y_value)
        text = _("Target %(period)s: %(value)s") % {
            "period": row.period.name,
            "value": _label(item, row.target.as_value()),
        }
        parts.append(
            format_html(
                '<g><title>{}</title><path d="M{} {} l6 6 l-6 6 l-6 -6 z" fill="#fff" '
                'stroke="{}" stroke-width="2"/></g>',
                text,
                _f(x),
                _f(y - 6),
                TARGET_COLOUR,
            )
        )
        if row.period.pk == rated:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="{}" fill="{}">{}</text>',
                    _f(x),
                    _f(y - 10),
                    "end" if index > count / 2 else "start",
                    TARGET_COLOUR,
                    text,
                )
            )
    if actuals:
        points = " ".join(f"{_f(x_of(i))},{_f(y_of(y))}" for i, y, _r in actuals if y is not None)
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                points,
                ACTUAL_COLOUR,
            )
        )
        for index, y_value, row in actuals:
            assert y_value is not None
            text = _("Value to date %(period)s: %(value)s") % {
                "period": row.period.name,
                "value": _label(item, row.to_date),
            }
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}</title></circle>',
                    _f(x_of(index)),
                    _f(y_of(y_value)),
                    ACTUAL_COLOUR,
                    text,
                )
            )
        index, y_value, row = actuals[-1]
        assert y_value is not None
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" font-weight="bold" text-anchor="{}" '
                'fill="{}">{}</text>',
                _f(x_of(index)),
                _f(y_of(y_value) + 16),
                "end" if index > count / 2 else "start",
                ACTUAL_COLOUR,
                _label(item, row.to_date),
            )
        )
    parts.append(mark_safe("</svg>"))
    return _join(parts)


def _legend(left: int) -> SafeString:
    baseline, target, actual = _("Baseline"), _("Target"), _("Value to date")
    return format_html(
        '<g font-size="10" fill="{}">'
        '<line x1="{}" y1="10" x2="{}" y2="10" stroke="{}" stroke-width="1.5" '
        'stroke-dasharray="6 4"/><text x="{}" y="13">{}</text>'
        '<path d="M{} 4 l6 6 l-6 6 l-6 -6 z" fill="#fff" stroke="{}" stroke-width="2"/>'
        '<text x="{}" y="13">{}</text>'
        '<line x1="{}" y1="10" x2="{}" y2="10" stroke="{}" stroke-width="2.5"/>'
        '<circle cx="{}" cy="10" r="4" fill="{}"/><text x="{}" y="13">{}</text></g>',
        MUTED,
        left,
        left + 24,
        BASELINE_COLOUR,
        left + 28,
        baseline,
        left + 110,
        TARGET_COLOUR,
        left + 120,
        target,
        left + 180,
        left + 204,
        ACTUAL_COLOUR,
        left + 192,
        ACTUAL_COLOUR,
        left + 208,
        actual,
    )


def _chart_description(item: summary.IndicatorSummary) -> str:
    """The chart in words, for screen readers and tooltips."""
    indicator = item.indicator
    said = [str(indicator.code)]
    if item.baseline is not None:
        said.append(_("baseline %(value)s") % {"value": _label(item, item.baseline)})
    if item.target is not None:
        said.append(
            _("target %(value)s by %(period)s")
            % {"value": _label(item, item.target.as_value()), "period": item.target.period.name}
        )
    if item.to_date is not None and item.latest_period is not None:
        said.append(
            _("value to date %(value)s (%(period)s)")
            % {"value": _label(item, item.to_date), "period": item.latest_period.name}
        )
    else:
        said.append(_("no approved value yet"))
    return "; ".join(said)


# --- Disaggregation --------------------------------------------------------------------------------

BAR_W = 320
BAR_H = 18


def breakdown_bar(parts: Sequence[tuple[str, float]], *, title: str) -> SafeString:
    """``parts`` (category label, non-negative number) as one stacked bar, each segment with
    its label when it fits and a ``<title>`` with its number and share. Empty when the parts
    add up to nothing."""
    total = sum(number for _label, number in parts)
    if total <= 0:
        return mark_safe("")
    said = "; ".join(
        f"{label} {summary.amount_text(number)} ({100 * number / total:.0f} %)"
        for label, number in parts
    )
    pieces: list[str | SafeString] = [
        format_html(
            '<svg class="breakdown-bar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-label="{}" font-family="sans-serif">',
            BAR_W,
            BAR_H,
            BAR_W,
            BAR_H,
            f"{title}: {said}" if title else said,
        )
    ]
    x = 0.0
    for index, (label, number) in enumerate(parts):
        width = BAR_W * number / total
        if width <= 0:
            continue
        colour = PART_COLOURS[index % len(PART_COLOURS)]
        share = f"{100 * number / total:.0f} %"
        pieces.append(
            format_html(
                '<g><title>{}: {} ({})</title><rect x="{}" y="0" width="{}" height="{}" '
                'fill="{}" stroke="#fff" stroke-width="1"/>{}</g>',
                label,
                summary.amount_text(number),
                share,
                _f(x),
                _f(width),
                BAR_H,
                colour,
                format_html(
                    '<text x="{}" y="13" font-size="10" fill="#fff">{} {}</text>',
                    _f(x + 4),
                    _wrap(label, 12, 1)[0],
                    share,
                )
                if width >= 70
                else "",
            )
        )
        x += width
    pieces.append(mark_safe("</svg>"))
    return _join(pieces)
