"""Evaluation support: baseline versus follow-up, and difference in differences with comparison
clusters, each stated with the assumptions under which it means what it seems to."""

from __future__ import annotations

import math

from clusterdev.indicators._types import (
    BeforeAfter,
    DifferenceInDifferences,
    Estimate,
    IndicatorError,
    Ratio,
)

__all__ = ["Observed", "before_after", "difference_in_differences"]

# A group's value at one date: a number, a Ratio (read as a percentage), or a survey estimate.
Observed = float | Ratio | Estimate

# Two-sided 95 % normal quantile.
_Z95 = 1.959963984540054

SAME_MEASUREMENT = (
    "Same measurement: the indicator is defined, collected and computed the same way at every "
    "date and in every group (same instrument, questions, population and sampling)."
)
NOT_ATTRIBUTION = (
    "A before/after change is not an effect of the programme: markets, prices, policy and the "
    "season changed over the same time. Attributing the change needs a comparison group "
    "(difference in differences)."
)
PARALLEL_TRENDS = (
    "Parallel trends: without the programme the treated cluster's indicator would have changed "
    "by the same amount as the comparison cluster's. It cannot be tested with two dates; check "
    "earlier periods where they exist. It holds on the indicator's own scale (levels, or "
    "percentage points), not necessarily on another (logs, ratios)."
)
NO_SPILLOVERS = (
    "No spillovers: the programme did not affect the comparison cluster (through shared buyers, "
    "suppliers, institutions or staff), and nothing else between the two dates struck only one "
    "of the groups."
)
STABLE_COMPOSITION = (
    "Stable composition: the firms or people measured are comparable at both dates in each "
    "group; entry, exit or a changed sample does not drive the change."
)
INDEPENDENT_SAMPLES = (
    "Standard error: the square root of the sum of the squared standard errors, which assumes "
    "independent samples (repeated cross-sections). For a panel of the same firms it ignores "
    "their covariance, usually overstating the error. The 95 % interval is the estimate ± "
    "1.96 standard errors (normal approximation)."
)


def _observed(x: Observed, what: str) -> tuple[float, float | None]:
    """The number a group's value stands for, with its standard error when known."""
    se: float | None = None
    if isinstance(x, Estimate):
        se = x.standard_error
        x = x.value
    if isinstance(x, Ratio):
        percentage = x.percentage
        if percentage is None:
            raise IndicatorError(
                f"{what} is an undefined ratio (0/0): nothing to compare", field=what
            )
        return percentage, se
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
        raise IndicatorError(
            f"{what} must be a finite number, a Ratio or an Estimate, not {x!r}", field=what
        )
    return float(x), se


def _pooled(errors: list[float | None]) -> tuple[float | None, list[str]]:
    if any(se is None for se in errors):
        return None, []
    return math.sqrt(math.fsum(se * se for se in errors if se is not None)), [INDEPENDENT_SAMPLES]


def _interval(estimate: float, se: float | None) -> tuple[float, float] | None:
    return None if se is None else (estimate - _Z95 * se, estimate + _Z95 * se)


def before_after(baseline: Observed, follow_up: Observed) -> BeforeAfter:
    """The change of an indicator from the baseline to a follow-up survey, in one cluster.

    change :math:`= y_1 - y_0` and relative change :math:`= (y_1 - y_0) / |y_0|` (``None``
    when :math:`y_0 = 0`). A :class:`Ratio` counts as its percentage, so the change of a
    percentage is in percentage points. When both values are :class:`Estimate` with standard
    errors, :math:`SE = \\sqrt{SE_0^2 + SE_1^2}` (independent samples) and the 95 % interval is
    :math:`change \\pm 1.96\\,SE`. ``assumptions`` states, as text, what the figures mean and do
    not mean.

    >>> r = before_after(Ratio(9, 40), Ratio(21, 42))  # firms with a cooperative tie
    >>> r.baseline, r.follow_up, r.change, r.relative_change
    (22.5, 50.0, 27.5, 1.2222222222222223)
    >>> r = before_after(Estimate(3.1, 0.12), Estimate(3.6, 0.16))  # mean trust score
    >>> round(r.standard_error, 2), [round(x, 3) for x in r.confidence_interval]
    (0.2, [0.108, 0.892])
    """
    y0, se0 = _observed(baseline, "baseline")
    y1, se1 = _observed(follow_up, "follow_up")
    change = y1 - y0
    se, notes = _pooled([se0, se1])
    return BeforeAfter(
        baseline=y0,
        follow_up=y1,
        change=change,
        relative_change=None if y0 == 0 else change / abs(y0),
        standard_error=se,
        confidence_interval=_interval(change, se),
        assumptions=(NOT_ATTRIBUTION, SAME_MEASUREMENT, STABLE_COMPOSITION, *notes),
    )


def difference_in_differences(
    treated_before: Observed,
    treated_after: Observed,
    comparison_before: Observed,
    comparison_after: Observed,
) -> DifferenceInDifferences:
    """The programme's effect on an indicator estimated by difference in differences.

    .. math:: \\hat\\delta = (T_1 - T_0) - (C_1 - C_0)

    the treated cluster's change less the comparison cluster's (or clusters', averaged
    beforehand), in the indicator's unit — percentage points for a :class:`Ratio`, which counts
    as its percentage. ``counterfactual`` :math:`= T_0 + (C_1 - C_0)` is what the treated
    cluster would have reached had it moved like the comparison. When all four values are
    :class:`Estimate` with standard errors, :math:`SE = \\sqrt{\\sum SE_g^2}` over the four
    (independent samples) and the 95 % interval is :math:`\\hat\\delta \\pm 1.96\\,SE`. The
    estimate means the programme's effect only under the assumptions stated in
    ``assumptions``: parallel trends, no spillovers, the same measurement, stable composition.

    References: Card and Krueger (1994), "Minimum wages and employment", *American Economic
    Review* 84(4):772–793; Angrist and Pischke (2009), *Mostly Harmless Econometrics*,
    Princeton, ch. 5; Gertler et al. (2016), *Impact Evaluation in Practice*, 2nd ed., World
    Bank, ch. 7.

    >>> did = difference_in_differences(Ratio(9, 40), Ratio(21, 42), Ratio(10, 50), Ratio(14, 56))
    >>> did.treated_change, did.comparison_change, did.estimate, did.counterfactual
    (27.5, 5.0, 22.5, 27.5)
    >>> did.assumptions[0].split(":")[0]
    'Parallel trends'
    """
    t0, se_t0 = _observed(treated_before, "treated_before")
    t1, se_t1 = _observed(treated_after, "treated_after")
    c0, se_c0 = _observed(comparison_before, "comparison_before")
    c1, se_c1 = _observed(comparison_after, "comparison_after")
    treated_change, comparison_change = t1 - t0, c1 - c0
    estimate = treated_change - comparison_change
    se, notes = _pooled([se_t0, se_t1, se_c0, se_c1])
    return DifferenceInDifferences(
        estimate=estimate,
        treated_change=treated_change,
        comparison_change=comparison_change,
        counterfactual=t0 + comparison_change,
        standard_error=se,
        confidence_interval=_interval(estimate, se),
        assumptions=(PARALLEL_TRENDS, NO_SPILLOVERS, SAME_MEASUREMENT, STABLE_COMPOSITION, *notes),
    )
