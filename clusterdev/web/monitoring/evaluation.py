"""Evaluation support: a cluster's indicators at a baseline and a follow-up survey wave, their
change, and — where other clusters of the programme serve as comparison — the difference in
differences, each with the assumptions under which it means what it seems to.

The arithmetic is :func:`clusterdev.indicators.before_after` and
:func:`clusterdev.indicators.difference_in_differences`; this module finds the values and
their standard errors. Conventions, stated on the page:

- **Values.** A wave's survey values are the baseline values recorded for it
  (:class:`~clusterdev.web.diagnostics.models.BaselineValue`: computed from the imported
  surveys, or entered by hand — a value entered by hand wins over a computed one, as in
  :func:`clusterdev.web.diagnostics.baseline.recompute`); values recorded without a wave are
  left out, having no wave to be paired with. A wave's network values are
  :func:`clusterdev.web.networkmaps.services.indicator_values`, for waves with ties. A wave
  *has values* when it has either.
- **Standard errors.** A mean computed from the survey whose answers still give the recorded
  value and ``n`` (the trust index, exports in sales, M&E indicators asked in the surveys):
  :math:`s/\\sqrt{n}`, the answers' standard deviation. Otherwise a share (unit ``%``) of
  ``n`` respondents: :math:`100\\sqrt{p(1-p)/n}` percentage points; for a mean of
  percentages between 0 and 100 this is an upper bound, since a variable in [0, 1] with mean
  :math:`p` has variance at most :math:`p(1-p)`. Both treat the respondents as a simple
  random sample of the cluster (no finite-population correction). None for totals and counts,
  for women among persons employed (a ratio of totals over firms, whose persons are clustered
  in firms), for other values without their answers, and for network measures (the network
  the survey reached, with no sampling model): their changes have no interval.
- **Comparison clusters** are pooled as the unweighted mean of their values at each date, so
  the comparison change is the mean of their changes; only clusters with the indicator at both
  of their waves count, and the standard error of the mean is :math:`\\sqrt{\\sum SE_i^2}/k`.
  Each comparison cluster's waves default to its earliest and latest waves with values.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from clusterdev.indicators import (
    BeforeAfter,
    DifferenceInDifferences,
    Estimate,
    before_after,
    difference_in_differences,
)
from clusterdev.surveys import indicator_question_name
from clusterdev.web.diagnostics.baseline import INDICATORS, PERCENT, stored_indicators, wave_date
from clusterdev.web.diagnostics.figures import SurveyData, _number
from clusterdev.web.diagnostics.models import BaselineValue, SurveyWave, Tie
from clusterdev.web.networkmaps.services import indicator_values
from clusterdev.web.programmes.access import User
from clusterdev.web.programmes.models import Cluster

__all__ = [
    "ComparisonChange",
    "ComparisonCluster",
    "Evaluation",
    "EvaluationError",
    "Observation",
    "Row",
    "comparison",
    "comparison_candidates",
    "default_waves",
    "table",
    "values_of",
    "waves_with_values",
]

# Women ÷ persons employed, summed over firms: persons are clustered in firms, so the error of
# a share of n respondents does not apply, and no design-based estimator is at hand.
RATIO_OF_TOTALS = frozenset({"DX-EMP-W"})

FROM_ANSWERS = gettext_lazy("SE from the answers")
OF_A_SHARE = gettext_lazy("SE of a share")
NO_N = gettext_lazy("no SE: number of respondents not recorded")
NOT_A_SHARE = gettext_lazy("no SE: a total, a count or a mean without its answers")
RATIO = gettext_lazy("no SE: a ratio of totals over firms")
NETWORK = gettext_lazy("no SE: a measure of the whole network surveyed")

VALUES_NOTE = gettext_lazy(
    "Values: the baseline values recorded for each survey wave (computed from the imported "
    "surveys or entered by hand; one entered by hand wins over a computed one) and the network "
    "indicators of each wave with ties. Values recorded without a wave are left out."
)
SHARE_NOTE = gettext_lazy(
    "Standard error of a share: √(p(1 − p)/n) percentage points, p the share and n the "
    "respondents, as if they were a simple random sample of the cluster's firms (without the "
    "finite-population correction, which would make it smaller where much of the cluster "
    "answered). It is 0 at 0 % and 100 %, where the interval understates the uncertainty. For "
    "a mean of percentages (exports in sales) it is an upper bound."
)
ANSWERS_NOTE = gettext_lazy(
    "Standard error of a mean computed from the surveys (trust index, exports in sales, M&E "
    "indicators asked in the surveys): the standard deviation of the answers ÷ √n, again as a "
    "simple random sample; used only where the wave's answers still give the recorded value "
    "and n."
)
NONE_NOTE = gettext_lazy(
    "No standard error, hence no interval, for totals and counts over those surveyed (persons "
    "employed, relationships named), for women among persons employed (a ratio of totals over "
    "firms), for other values entered without their answers, and for network indicators "
    "(measures of the network the survey reached, with no sampling model). Their change "
    "describes; it does not test."
)
MANY_NOTE = gettext_lazy(
    "With many indicators, about one 95 % interval in twenty excludes zero by chance alone."
)
POOLING_NOTE = gettext_lazy(
    "Several comparison clusters are pooled as the unweighted mean of their values at each "
    "date: each counts once, whatever its number of respondents, and the comparison change is "
    "the mean of their changes. Only clusters with the indicator at both of their waves count. "
    "The standard error of the mean is √(ΣSE²)/k, when every cluster's is known."
)
TIMING_NOTE = gettext_lazy(
    "Each comparison cluster's waves should fall at about the dates of this cluster's: their "
    "dates are shown beside the values."
)

# The indicators package states its assumptions in English; marked here so that they are
# translated (a test checks that the package still says exactly these).
PACKAGE_ASSUMPTIONS = (
    gettext_noop(
        "Same measurement: the indicator is defined, collected and computed the same way at "
        "every date and in every group (same instrument, questions, population and sampling)."
    ),
    gettext_noop(
        "A before/after change is not an effect of the programme: markets, prices, policy and "
        "the season changed over the same time. Attributing the change needs a comparison "
        "group (difference in differences)."
    ),
    gettext_noop(
        "Parallel trends: without the programme the treated cluster's indicator would have "
        "changed by the same amount as the comparison cluster's. It cannot be tested with two "
        "dates; check earlier periods where they exist. It holds on the indicator's own scale "
        "(levels, or percentage points), not necessarily on another (logs, ratios)."
    ),
    gettext_noop(
        "No spillovers: the programme did not affect the comparison cluster (through shared "
        "buyers, suppliers, institutions or staff), and nothing else between the two dates "
        "struck only one of the groups."
    ),
    gettext_noop(
        "Stable composition: the firms or people measured are comparable at both dates in each "
        "group; entry, exit or a changed sample does not drive the change."
    ),
    gettext_noop(
        "Standard error: the square root of the sum of the squared standard errors, which "
        "assumes independent samples (repeated cross-sections). For a panel of the same firms "
        "it ignores their covariance, usually overstating the error. The 95 % interval is the "
        "estimate ± 1.96 standard errors (normal approximation)."
    ),
)


class EvaluationError(ValueError):
    """Waves or comparison clusters that cannot be compared; the message says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Observation:
    """One indicator's value in one wave of one cluster, with where it comes from:
    ``error_basis`` says how its standard error was obtained, or why there is none."""

    cluster: Cluster
    wave: SurveyWave
    code: str
    label: str
    value: float
    unit: str
    n: int | None
    date: date
    source: str
    method: str
    standard_error: float | None
    error_basis: str

    @property
    def estimate(self) -> Estimate:
        return Estimate(self.value, self.standard_error)


@dataclass(frozen=True)
class ComparisonCluster:
    """A comparison cluster with the waves it is compared at; ``note`` says why it is left out
    (fewer than two waves with values), empty when it is used."""

    cluster: Cluster
    baseline_wave: SurveyWave | None
    follow_up_wave: SurveyWave | None
    note: str = ""


@dataclass(frozen=True)
class ComparisonChange:
    """One comparison cluster's values of an indicator and their change."""

    cluster: Cluster
    baseline: Observation
    follow_up: Observation
    change: BeforeAfter


@dataclass(frozen=True)
class Row:
    """One indicator of the cluster at both waves: its change and, with comparison clusters
    that have it, the difference in differences. ``change`` is ``None`` when the two values
    cannot be compared (a share at one wave, a number at the other); ``notes`` say why."""

    code: str
    label: str
    unit: str
    baseline: Observation
    follow_up: Observation
    change: BeforeAfter | None
    comparisons: tuple[ComparisonChange, ...]
    did: DifferenceInDifferences | None
    notes: tuple[str, ...]

    @property
    def change_unit(self) -> str:
        """The unit of a change: percentage points for a share."""
        return _("percentage points") if self.unit == PERCENT else self.unit


@dataclass(frozen=True)
class Evaluation:
    """The comparison of a cluster's baseline and follow-up waves (see :func:`comparison`).

    ``unmatched``: values present at one of the two waves only. ``assumptions``: those of the
    before/after changes; ``did_assumptions``: those of the difference in differences (both
    translated where a translation exists, in the package's English otherwise); ``notes``: the
    web's own conventions (values, standard errors, pooling)."""

    cluster: Cluster
    baseline_wave: SurveyWave
    follow_up_wave: SurveyWave
    comparisons: tuple[ComparisonCluster, ...]
    rows: tuple[Row, ...]
    unmatched: tuple[Observation, ...]
    assumptions: tuple[str, ...]
    did_assumptions: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def used_comparisons(self) -> tuple[ComparisonCluster, ...]:
        return tuple(c for c in self.comparisons if not c.note)


def waves_with_values(cluster: Cluster) -> QuerySet[SurveyWave]:
    """The cluster's waves with baseline values or ties, oldest first."""
    values = BaselineValue.objects.filter(cluster=cluster, wave=OuterRef("pk"))
    ties = Tie.objects.filter(wave=OuterRef("pk"))
    return cluster.survey_waves.filter(Exists(values) | Exists(ties)).order_by("start_date", "id")


def default_waves(cluster: Cluster) -> tuple[SurveyWave, SurveyWave] | None:
    """The earliest and the latest wave with values; ``None`` with fewer than two."""
    waves = list(waves_with_values(cluster))
    return (waves[0], waves[-1]) if len(waves) >= 2 else None


def comparison_candidates(cluster: Cluster, user: User) -> list[Cluster]:
    """The other clusters of the cluster's programme that ``user`` may view and that have two
    waves with values, by name."""
    clusters = (
        Cluster.objects.visible_to(user)
        .filter(programme_id=cluster.programme_id)
        .exclude(pk=cluster.pk)
        .order_by("name", "pk")
    )
    return [c for c in clusters if default_waves(c) is not None]


def _answers(wave: SurveyWave) -> dict[str, list[float]]:
    """The respondents' own values behind the means computed from ``wave``'s surveys, by
    indicator code (as :mod:`clusterdev.web.diagnostics.baseline` computes them)."""
    data = SurveyData(wave)
    respondents = data.enterprises + data.institutions

    def numbers(rows: Iterable[dict[str, Any]], name: str) -> list[float]:
        return [v for a in rows if (v := _number(a.get(name))) is not None]

    found = {
        item.code: numbers(respondents, indicator_question_name(item.code))
        for item in stored_indicators(wave)
        if item.measure != "qualitative"
    }
    found["DX-TRUST"] = data.trust_scores()
    found["DX-EXP"] = numbers(data.enterprises, "share_export")
    return found


def _standard_error(
    row: BaselineValue, answers: Callable[[], dict[str, list[float]]]
) -> tuple[float | None, str]:
    n = row.n
    if not n:
        return None, str(NO_N)
    if row.code in RATIO_OF_TOTALS:
        return None, str(RATIO)
    values = answers().get(row.code, [])
    if (
        n >= 2
        and len(values) == n
        and math.isclose(statistics.fmean(values), row.value, rel_tol=1e-6, abs_tol=1e-4)
    ):
        return statistics.stdev(values) / math.sqrt(n), str(FROM_ANSWERS)
    if row.unit == PERCENT and 0 <= row.value <= 100:
        p = row.value / 100
        return 100 * math.sqrt(p * (1 - p) / n), str(OF_A_SHARE)
    return None, str(NOT_A_SHARE)


def _survey_values(cluster: Cluster, wave: SurveyWave) -> dict[str, Observation]:
    rows: dict[str, BaselineValue] = {}
    # Entered by hand first (computed=False), then the latest: the first of each code wins.
    for row in BaselineValue.objects.filter(cluster=cluster, wave=wave).order_by(
        "code", "computed", "-date", "-id"
    ):
        rows.setdefault(row.code, row)
    cache: list[dict[str, list[float]]] = []

    def answers() -> dict[str, list[float]]:
        if not cache:
            cache.append(_answers(wave))
        return cache[0]

    found = {}
    for code, row in rows.items():
        se, basis = _standard_error(row, answers)
        found[code] = Observation(
            cluster=cluster,
            wave=wave,
            code=code,
            label=row.label,
            value=row.value,
            unit=row.unit,
            n=row.n,
            date=row.date,
            source=row.source,
            method=row.method,
            standard_error=se,
            error_basis=basis,
        )
    return found


def values_of(cluster: Cluster, wave: SurveyWave) -> dict[str, Observation]:
    """The values of ``wave`` by indicator code: its baseline values, then its network
    indicators when it has ties (a baseline value of the same code wins)."""
    found = _survey_values(cluster, wave)
    if not Tie.objects.filter(wave=wave).exists():
        return found
    on = wave_date(wave)
    for item in indicator_values(cluster, wave):
        if item.value is None or item.code in found:
            continue
        found[item.code] = Observation(
            cluster=cluster,
            wave=wave,
            code=item.code,
            label=item.label,
            value=item.value,
            unit=item.unit,
            n=None,
            date=on,
            source=item.source,
            method="",
            standard_error=None,
            error_basis=str(NETWORK),
        )
    return found


def _check_waves(cluster: Cluster, baseline_wave: SurveyWave, follow_up_wave: SurveyWave) -> None:
    names = {"cluster": cluster.name}
    if baseline_wave.cluster_id != cluster.pk:
        raise EvaluationError(
            _("The baseline wave %(wave)s is not a wave of %(cluster)s.")
            % (names | {"wave": baseline_wave.name})
        )
    if follow_up_wave.cluster_id != cluster.pk:
        raise EvaluationError(
            _("The follow-up wave %(wave)s is not a wave of %(cluster)s.")
            % (names | {"wave": follow_up_wave.name})
        )
    if baseline_wave.pk == follow_up_wave.pk:
        raise EvaluationError(
            _(
                "%(cluster)s: the baseline and the follow-up are the same wave, %(wave)s; choose two."
            )
            % (names | {"wave": baseline_wave.name})
        )
    if follow_up_wave.start_date < baseline_wave.start_date:
        raise EvaluationError(
            _(
                "%(cluster)s: the follow-up wave %(follow)s starts (%(follow_date)s) before the "
                "baseline wave %(base)s (%(base_date)s); swap them."
            )
            % (
                names
                | {
                    "follow": follow_up_wave.name,
                    "follow_date": date_format(follow_up_wave.start_date),
                    "base": baseline_wave.name,
                    "base_date": date_format(baseline_wave.start_date),
                }
            )
        )


def _comparison_clusters(
    cluster: Cluster,
    clusters: Iterable[Cluster],
    chosen: Mapping[Cluster, tuple[SurveyWave, SurveyWave]],
) -> list[ComparisonCluster]:
    found: dict[int, ComparisonCluster] = {}
    for other in clusters:
        if other.pk == cluster.pk:
            raise EvaluationError(
                _("%(cluster)s cannot be its own comparison cluster.") % {"cluster": cluster.name}
            )
        if other.programme_id != cluster.programme_id:
            raise EvaluationError(
                _(
                    "%(other)s is not a cluster of the programme %(programme)s: comparison "
                    "clusters come from the same programme."
                )
                % {"other": other.name, "programme": cluster.programme.name}
            )
        waves = chosen.get(other)
        if waves is not None:
            _check_waves(other, *waves)
        else:
            waves = default_waves(other)
        if waves is None:
            found[other.pk] = ComparisonCluster(
                other,
                None,
                None,
                _("%(cluster)s has fewer than two survey waves with values.")
                % {"cluster": other.name},
            )
        else:
            found[other.pk] = ComparisonCluster(other, *waves)
    return list(found.values())


def _pooled(observations: Sequence[Observation]) -> Estimate:
    """The unweighted mean of the comparison clusters' values, SE √(ΣSE²)/k when all known."""
    k = len(observations)
    errors = [o.standard_error for o in observations]
    se = None
    if all(e is not None for e in errors):
        se = math.sqrt(math.fsum(e * e for e in errors if e is not None)) / k
    return Estimate(math.fsum(o.value for o in observations) / k, se)


def _comparable(a: Observation, b: Observation) -> bool:
    return (a.unit == PERCENT) == (b.unit == PERCENT)


def _row(
    base: Observation,
    follow: Observation,
    others: Sequence[tuple[Cluster, dict[str, Observation], dict[str, Observation]]],
) -> Row:
    notes: list[str] = []
    code = base.code
    if not _comparable(base, follow):
        notes.append(
            _("Not compared: %(label)s is a share at one wave and a number at the other.")
            % {"label": follow.label}
        )
        return Row(code, follow.label, follow.unit, base, follow, None, (), None, tuple(notes))
    if base.unit.strip().casefold() != follow.unit.strip().casefold():
        notes.append(
            _(
                "The unit reads %(base)s at the baseline and %(follow)s at the follow-up: "
                "check that both values measure the same thing."
            )
            % {"base": base.unit or "—", "follow": follow.unit or "—"}
        )
    changes: list[ComparisonChange] = []
    for other, before, after in others:
        if code not in before or code not in after:
            continue
        if not (_comparable(follow, before[code]) and _comparable(follow, after[code])):
            notes.append(
                _("%(cluster)s left out: its %(label)s is not a share like this cluster's.")
                % {"cluster": other.name, "label": before[code].label}
            )
            continue
        changes.append(
            ComparisonChange(
                other,
                before[code],
                after[code],
                before_after(before[code].estimate, after[code].estimate),
            )
        )
    did = None
    if changes:
        did = difference_in_differences(
            base.estimate,
            follow.estimate,
            _pooled([c.baseline for c in changes]),
            _pooled([c.follow_up for c in changes]),
        )
        if len(changes) < len(others):
            notes.append(
                _(
                    "Compared with %(used)d of the %(chosen)d comparison clusters: the others "
                    "lack this indicator at one of their waves."
                )
                % {"used": len(changes), "chosen": len(others)}
            )
    elif others:
        notes.append(_("No comparison cluster has this indicator at both of its waves."))
    return Row(
        code,
        follow.label,
        follow.unit,
        base,
        follow,
        before_after(base.estimate, follow.estimate),
        tuple(changes),
        did,
        tuple(notes),
    )


def _translated(texts: Iterable[str]) -> tuple[str, ...]:
    """``texts`` once each, in order, translated where the catalogue has them."""
    return tuple(dict.fromkeys(_(text) for text in texts))


_KNOWN = [item[0] for item in INDICATORS]


def _order(code: str) -> tuple[int, str]:
    """The diagnostic's indicators in their own order, then the others by code."""
    return (_KNOWN.index(code), code) if code in _KNOWN else (len(_KNOWN), code)


def comparison(
    cluster: Cluster,
    *,
    baseline_wave: SurveyWave,
    follow_up_wave: SurveyWave,
    comparison_clusters: Iterable[Cluster] = (),
    comparison_waves: Mapping[Cluster, tuple[SurveyWave, SurveyWave]] | None = None,
) -> Evaluation:
    """Each indicator the cluster has at both waves: its change from ``baseline_wave`` to
    ``follow_up_wave`` and, where comparison clusters have it at both of their waves, the
    difference in differences against their pooled change.

    change :math:`= y_1 - y_0`; DiD :math:`= (T_1 - T_0) - (\\bar C_1 - \\bar C_0)`, with
    :math:`\\bar C` the unweighted mean over the comparison clusters that have the indicator
    (see the module's conventions for standard errors). ``comparison_waves`` gives a comparison
    cluster's (baseline, follow-up) waves; the others take :func:`default_waves`, and one with
    fewer than two waves with values is listed with a note and left out. Waves of another
    cluster, the same wave twice, a follow-up before its baseline, the cluster itself or a
    cluster of another programme as comparison raise :class:`EvaluationError`.

    References: Gertler et al. (2016), *Impact Evaluation in Practice*, 2nd ed., World Bank,
    ch. 7; UNIDO (2013), *The UNIDO Approach to Cluster Development*, phase 6 (evaluation).
    """
    _check_waves(cluster, baseline_wave, follow_up_wave)
    chosen = comparison_waves or {}
    comparisons = _comparison_clusters(cluster, comparison_clusters, chosen)
    before, after = values_of(cluster, baseline_wave), values_of(cluster, follow_up_wave)
    others = [
        (c.cluster, values_of(c.cluster, c.baseline_wave), values_of(c.cluster, c.follow_up_wave))
        for c in comparisons
        if c.baseline_wave is not None and c.follow_up_wave is not None
    ]
    codes = sorted(before.keys() & after.keys(), key=_order)
    rows = tuple(_row(before[code], after[code], others) for code in codes)
    unmatched = tuple(
        sorted(
            [o for code, o in (before | after).items() if code not in codes],
            key=lambda o: (o.wave.start_date, _order(o.code)),
        )
    )
    notes = [VALUES_NOTE, SHARE_NOTE, ANSWERS_NOTE, NONE_NOTE, MANY_NOTE]
    if others:
        notes += [POOLING_NOTE, TIMING_NOTE]
    return Evaluation(
        cluster=cluster,
        baseline_wave=baseline_wave,
        follow_up_wave=follow_up_wave,
        comparisons=tuple(comparisons),
        rows=rows,
        unmatched=unmatched,
        assumptions=_translated(a for r in rows if r.change for a in r.change.assumptions),
        did_assumptions=_translated(a for r in rows if r.did for a in r.did.assumptions),
        notes=tuple(str(n) for n in notes),
    )


def _number_or_blank(x: float | None) -> float | str:
    return "" if x is None else round(x, 6)


def table(evaluation: Evaluation) -> tuple[list[str], list[list[Any]]]:
    """The evaluation as a header and rows, one row per indicator, for a CSV or XLSX file."""
    header = [
        _("code"),
        _("indicator"),
        _("unit"),
        _("baseline wave"),
        _("baseline value"),
        _("baseline n"),
        _("baseline date"),
        _("baseline standard error"),
        _("baseline source"),
        _("follow-up wave"),
        _("follow-up value"),
        _("follow-up n"),
        _("follow-up date"),
        _("follow-up standard error"),
        _("follow-up source"),
        _("change"),
        _("relative change"),
        _("change standard error"),
        _("change 95% CI low"),
        _("change 95% CI high"),
        _("comparison clusters"),
        _("comparison change"),
        _("difference in differences"),
        _("DiD standard error"),
        _("DiD 95% CI low"),
        _("DiD 95% CI high"),
        _("notes"),
    ]
    rows = []
    for row in evaluation.rows:
        cells: list[Any] = [row.code, row.label, row.unit]
        for o in (row.baseline, row.follow_up):
            cells += [
                o.wave.name,
                _number_or_blank(o.value),
                "" if o.n is None else o.n,
                o.date.isoformat(),
                _number_or_blank(o.standard_error),
                o.source,
            ]
        change, did = row.change, row.did
        change_ci = change.confidence_interval if change else None
        did_ci = did.confidence_interval if did else None
        cells += [
            _number_or_blank(change.change if change else None),
            _number_or_blank(change.relative_change if change else None),
            _number_or_blank(change.standard_error if change else None),
            _number_or_blank(change_ci[0] if change_ci else None),
            _number_or_blank(change_ci[1] if change_ci else None),
            "; ".join(
                f"{c.cluster.name} ({c.baseline.wave.name} → {c.follow_up.wave.name})"
                for c in row.comparisons
            ),
            _number_or_blank(did.comparison_change if did else None),
            _number_or_blank(did.estimate if did else None),
            _number_or_blank(did.standard_error if did else None),
            _number_or_blank(did_ci[0] if did_ci else None),
            _number_or_blank(did_ci[1] if did_ci else None),
            " ".join(row.notes),
        ]
        rows.append(cells)
    return header, rows
