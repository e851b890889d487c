"""The M&E framework and its values as an XLSX workbook.

Five sheets, one row per record, each row naming its framework (the programme's, or a
cluster's): the result chain, the indicators, their targets, the actuals in every state (with
their workflow) and the actuals' disaggregation. Percentages appear as the percentage number
beside their numerator and denominator; ordinal levels and statements as text. Headers are in
the active language. People's names (who is responsible, who submitted and approved) appear
only with ``personal=True``, for users who may see personal data; otherwise those columns are
left out.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdev.indicators import Ratio
from clusterdev.web.monitoring.models import (
    Actual,
    Computation,
    Indicator,
    ResultNode,
    Target,
    category_label,
    dimension_label,
)
from clusterdev.web.monitoring.services import Scope, indicators_of, nodes_of, scope_parts
from clusterdev.web.plans.models import JointAction
from clusterdev.web.programmes.models import Cluster

Row = list[Any]


def framework_workbook(
    scope: Scope, *, clusters: Iterable[Cluster] | None = None, personal: bool = False
) -> bytes:
    """The workbook of ``scope``'s framework; for a programme, followed by the frameworks of
    ``clusters`` (none unless given). Names of people only when ``personal``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    scopes: list[Scope] = [scope]
    if not isinstance(scope, Cluster):
        scopes += list(clusters or [])
    indicators = [i for s in scopes for i in _indicators(s)]
    sheets = [
        (_("Result chain"), _chain_header(), [r for s in scopes for r in _chain_rows(s)]),
        (_("Indicators"), _indicator_header(personal), _indicator_rows(indicators, personal)),
        (_("Targets"), _target_header(), _target_rows(indicators)),
        (_("Actuals"), _actual_header(personal), _actual_rows(indicators, personal)),
        (_("Disaggregation"), _part_header(), _part_rows(indicators)),
    ]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _framework(record: Any) -> str:
    _programme, cluster = scope_parts(record.scope)
    return cluster.name if cluster is not None else str(_("Programme"))


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


def _when(moment: Any) -> Any:
    # Excel keeps no time zone: local time, without it.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


# --- Result chain ---------------------------------------------------------------------------------


def _chain_header() -> Row:
    return [
        _("Framework"),
        _("Level"),
        _("Result"),
        _("Contributes to"),
        _("Assumptions"),
        _("Risks"),
        _("Joint actions"),
    ]


def _action_titles(cluster: Cluster | None, keys: Sequence[str]) -> dict[str, str]:
    """The title of each joint action key in the latest plan revision that holds it."""
    if cluster is None or not keys:
        return {}
    actions = JointAction.objects.filter(revision__plan__cluster=cluster, key__in=keys).order_by(
        "revision__number"
    )
    return {action.key: action.title for action in actions}


def _chain_rows(scope: Scope) -> list[Row]:
    _programme, cluster = scope_parts(scope)
    nodes = list(nodes_of(scope).select_related("parent", "cluster"))
    titles = _action_titles(cluster, [key for node in nodes for key in node.action_keys])
    return [
        [
            _framework(node),
            str(node.get_level_display()),
            node.title,
            node.parent.title if node.parent else "",
            node.assumptions,
            node.risks,
            "\n".join(titles.get(key, key) for key in node.action_keys),
        ]
        for node in nodes
    ]


# --- Indicators -----------------------------------------------------------------------------------


def _indicators(scope: Scope) -> list[Indicator]:
    return list(
        indicators_of(scope)
        .select_related("cluster")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("period")),
            Prefetch(
                "actuals",
                queryset=Actual.objects.select_related(
                    "period", "submitted_by", "approved_by"
                ).order_by("period__start"),
            ),
        )
    )


def _amount(amount: float | Ratio | str | None) -> Any:
    """A cell for a value: a number, a percentage as its number, or the level or statement."""
    if isinstance(amount, Ratio):
        return amount.percentage
    return amount


def _computed_from(indicator: Indicator) -> str:
    if not indicator.computation:
        return ""
    shown = str(indicator.get_computation_display())
    if indicator.computation == Computation.SURVEY and indicator.survey_code:
        return f"{shown} ({indicator.survey_code})"
    return shown


def _dimensions(indicator: Indicator) -> str:
    return ", ".join(dimension_label(str(d)) for d in indicator.disaggregations or [])


def _indicator_header(personal: bool) -> Row:
    return [
        _("Framework"),
        _("Code"),
        _("Indicator"),
        _("Definition"),
        _("Level"),
        _("Result"),
        _("Measure"),
        _("Unit"),
        _("Levels of the scale"),
        _("Direction"),
        _("Value to date"),
        _("Disaggregations"),
        _("Baseline"),
        _("Baseline date"),
        _("Baseline source"),
        _("Data source"),
        _("Collection method"),
        *([_("Responsible")] if personal else []),
        _("Reporting frequency"),
        _("Computed from"),
    ]


def _indicator_rows(indicators: list[Indicator], personal: bool) -> list[Row]:
    rows = []
    for indicator in indicators:
        node: ResultNode | None = indicator.node
        baseline = indicator.baseline()
        rows.append(
            [
                _framework(indicator),
                indicator.code,
                indicator.name,
                indicator.definition,
                str(indicator.get_level_display()),
                node.title if node else "",
                str(indicator.get_measure_display()),
                indicator.unit,
                ", ".join(str(level) for level in indicator.scale or []),
                str(indicator.get_direction_display()),
                str(indicator.get_cumulative_rule_display()),
                _dimensions(indicator),
                _amount(baseline.amount) if baseline else None,
                indicator.baseline_date,
                indicator.baseline_source,
                indicator.data_source,
                indicator.method,
                *([_name(indicator.responsible)] if personal else []),
                str(indicator.get_frequency_display()),
                _computed_from(indicator),
            ]
        )
    return rows


# --- Targets and actuals --------------------------------------------------------------------------


def _target_header() -> Row:
    return [
        _("Framework"),
        _("Code"),
        _("Indicator"),
        _("Period"),
        _("Start"),
        _("End"),
        _("Target"),
        _("Numerator"),
        _("Denominator"),
        _("Note"),
    ]


def _target_rows(indicators: list[Indicator]) -> list[Row]:
    return [
        [
            _framework(indicator),
            indicator.code,
            indicator.name,
            target.period.name,
            target.period.start,
            target.period.end,
            _amount(target.amount()),
            target.numerator,
            target.denominator,
            target.note,
        ]
        for indicator in indicators
        for target in sorted(indicator.targets.all(), key=lambda t: t.period.start)
    ]


def _actual_header(personal: bool) -> Row:
    return [
        _("Framework"),
        _("Code"),
        _("Indicator"),
        _("Period"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("State"),
        _("Means of verification"),
        _("Evidence file"),
        _("Computed from"),
        *([_("Submitted by")] if personal else []),
        _("Submitted at"),
        *([_("Approved by")] if personal else []),
        _("Approved at"),
        _("Locked at"),
        _("Why it was returned"),
    ]


def _actual_rows(indicators: list[Indicator], personal: bool) -> list[Row]:
    return [
        [
            _framework(indicator),
            indicator.code,
            indicator.name,
            actual.period.name,
            _amount(actual.amount()),
            actual.numerator,
            actual.denominator,
            str(actual.get_state_display()),
            actual.evidence,
            (actual.evidence_file.name or "").rsplit("/", 1)[-1],
            actual.computed_source,
            *([_name(actual.submitted_by)] if personal else []),
            _when(actual.submitted_at),
            *([_name(actual.approved_by)] if personal else []),
            _when(actual.approved_at),
            _when(actual.locked_at),
            actual.return_comment,
        ]
        for indicator in indicators
        for actual in indicator.actuals.all()
    ]


def _part_header() -> Row:
    return [
        _("Framework"),
        _("Code"),
        _("Indicator"),
        _("Period"),
        _("State"),
        _("Dimension"),
        _("Category"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
    ]


def _part_rows(indicators: list[Indicator]) -> list[Row]:
    rows = []
    for indicator in indicators:
        for actual in indicator.actuals.all():
            rows += _parts_of(indicator, actual)
    return rows


def _parts_of(indicator: Indicator, actual: Actual) -> list[Row]:
    rows = []
    for dimension, parts in actual.parts().items():
        for category, part in parts.items():
            ratio = Ratio(part[0], part[1]) if isinstance(part, list) else None
            rows.append(
                [
                    _framework(indicator),
                    indicator.code,
                    indicator.name,
                    actual.period.name,
                    str(actual.get_state_display()),
                    dimension_label(dimension),
                    category_label(dimension, category),
                    ratio.percentage if ratio else part,
                    ratio.numerator if ratio else None,
                    ratio.denominator if ratio else None,
                ]
            )
    return rows
