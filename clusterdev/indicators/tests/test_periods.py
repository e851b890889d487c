"""Periods: ordered, inside the programme, never overlapping; the share of time elapsed."""

from __future__ import annotations

from datetime import date

import pytest

from clusterdev.indicators import IndicatorError, Period, check_periods, elapsed_share

PROGRAMME = (date(2024, 1, 1), date(2026, 12, 31))


def quarter(year: int, q: int) -> Period:
    starts = {1: (1, 1), 2: (4, 1), 3: (7, 1), 4: (10, 1)}
    ends = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
    return Period(date(year, *starts[q]), date(year, *ends[q]), f"{year}-Q{q}")


def test_a_period_includes_both_ends() -> None:
    q1 = quarter(2024, 1)
    assert q1.days == 91
    assert q1.contains(date(2024, 1, 1)) and q1.contains(date(2024, 3, 31))
    assert not q1.contains(date(2024, 4, 1))
    assert Period(date(2024, 5, 1), date(2024, 5, 1)).days == 1


def test_a_period_that_ends_before_it_starts_is_refused_by_name() -> None:
    with pytest.raises(IndicatorError, match="period March ends \\(2024-02-01\\)") as caught:
        Period(date(2024, 3, 1), date(2024, 2, 1), "March")
    assert caught.value.field == "end"


def test_a_period_without_label_is_named_by_its_dates() -> None:
    assert Period(date(2024, 1, 1), date(2024, 6, 30)).name == "2024-01-01 to 2024-06-30"


def test_periods_need_dates() -> None:
    with pytest.raises(IndicatorError, match="start must be a date"):
        Period("2024-01-01", date(2024, 2, 1))  # type: ignore[arg-type]


def test_periods_come_back_in_chronological_order() -> None:
    periods = [quarter(2024, 3), quarter(2024, 1), quarter(2024, 2)]
    assert [p.label for p in check_periods(periods, programme=PROGRAMME)] == [
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
    ]
    assert [p.label for p in periods] == ["2024-Q3", "2024-Q1", "2024-Q2"]  # input untouched


def test_adjacent_periods_do_not_overlap_but_a_shared_day_does() -> None:
    check_periods([quarter(2024, 1), quarter(2024, 2)])
    march_to_may = Period(date(2024, 3, 31), date(2024, 5, 31), "spring")
    with pytest.raises(IndicatorError, match=r"period spring .* overlaps period 2024-Q1"):
        check_periods([quarter(2024, 1), march_to_may])


def test_a_period_outside_the_programme_is_named() -> None:
    late = Period(date(2026, 7, 1), date(2027, 6, 30), "FY2027")
    with pytest.raises(IndicatorError) as caught:
        check_periods([quarter(2024, 1), late], programme=PROGRAMME)
    assert str(caught.value) == (
        "period FY2027 (2026-07-01 to 2027-06-30) lies outside the programme "
        "(2024-01-01 to 2026-12-31)"
    )
    assert caught.value.field == "period"
    early = Period(date(2023, 12, 1), date(2024, 1, 31), "Dec-Jan")
    with pytest.raises(IndicatorError, match="period Dec-Jan"):
        check_periods([early], programme=PROGRAMME)


def test_a_programme_window_backwards_is_refused() -> None:
    with pytest.raises(IndicatorError, match="the programme ends"):
        check_periods([], programme=(date(2026, 1, 1), date(2024, 1, 1)))


def test_elapsed_share_is_linear_in_time_and_clamped() -> None:
    start, end = date(2025, 1, 1), date(2025, 1, 11)
    assert elapsed_share(start, end, as_of=date(2025, 1, 6)) == 0.5
    assert elapsed_share(start, end, as_of=date(2024, 12, 1)) == 0.0
    assert elapsed_share(start, end, as_of=date(2025, 3, 1)) == 1.0
    assert elapsed_share(start, start, as_of=start) == 1.0
