"""Costs in fixed prices: a cost's streak and record hold in fixed prices too (review r31)."""

from __future__ import annotations

import pytest

from insyn.analyse import prices
from insyn.analyse.analysis import _trend
from insyn.config import Indicator
from tests.helpers.analysis import ind


def indicator(unit: str) -> Indicator:
    """An indicator of config.yaml (tests.helpers.analysis.ind) as the build has it."""
    return Indicator(**{**ind("N35001", unit, "none"), "decimals": 0})


KRONOR, PERCENT = indicator("kronor"), indicator("percent")
#: Tidaholm's missbruksvård, kronor per invånare (Kolada N35001, real values)
TIDAHOLM = {2017: 324.627738, 2018: 402.167134, 2019: 612.252841, 2020: 544.487881}
TIDAHOLM |= {2021: 595.165692, 2022: 657.449957}


def test_in_fixed_prices_uses_the_latest_year_s_prices():
    fixed = prices.in_fixed_prices({2021: 100.0, 2022: 100.0})
    assert fixed[2022] == 100.0
    assert fixed[2021] == pytest.approx(100 * 371.91 / 343.19)


@pytest.mark.parametrize(
    "series",
    [{}, {2024: 1.0, 2025: 2.0}, {2004: 1.0, 2005: 2.0}],
    ids=["empty", "latest-year-not-covered", "before-the-table"],
)
def test_in_fixed_prices_is_empty_where_the_latest_year_is_not_covered(series):
    assert prices.in_fixed_prices(series) == {}


def test_a_cost_s_nominal_record_that_is_no_record_in_fixed_prices_is_not_one():
    # 657 kronor of 2022 tops 612 of 2019 in current prices, not in fixed (681)
    assert _trend(TIDAHOLM, PERCENT).record == "highest"
    assert _trend(TIDAHOLM, KRONOR).record is None


@pytest.mark.parametrize(
    ("series", "streak"),
    [
        # +6 procent a year: rises in fixed prices too, but 2022's 8 procent inflation
        # turns its last +6 procent into a fall
        ({2019: 100.0, 2020: 106.0, 2021: 112.4, 2022: 119.1}, 0),
        # +12 procent a year: a rise in fixed prices every year
        ({2019: 100.0, 2020: 112.0, 2021: 125.4, 2022: 140.5}, 3),
        # +10 procent a year: 2022's rise is under 2,5 procent in fixed prices, "i stort
        # sett oförändrad", and no streak ends on it (review r38, Sunne)
        ({2019: 100.0, 2020: 110.0, 2021: 121.0, 2022: 133.1}, 0),
    ],
    ids=["nominal-streak-only", "real-streak", "flat-last-step"],
)
def test_a_cost_s_streak_counts_the_years_it_rose_in_fixed_prices_too(series, streak):
    assert _trend(series, PERCENT).streak == 3
    assert _trend(series, KRONOR).streak == streak


def test_a_cost_s_record_before_the_price_table_is_not_claimed():
    # (two printed steps a year: a record by one step is none, review r37)
    series = {2004: 50.0, 2005: 60.0, **{y: 100.0 + 2 * (y - 2006) for y in range(2006, 2023)}}
    assert _trend(series, PERCENT).record == "highest"
    assert _trend(series, KRONOR).record is None


@pytest.mark.parametrize(
    ("previous", "value", "years", "expected"),
    [
        # Tranås' missbruksvård 2021–2022 (Kolada N35001): all inflation
        pytest.param(1361.40, 1473.62, (2021, 2022), -0.12, id="inflation-only"),
        pytest.param(100.0, 100.0, (2022, 2022), 0.0, id="same-year"),
        pytest.param(100.0, 120.0, (2016, 2017), 17.9, id="a-real-rise"),
    ],
)
def test_real_change_is_the_change_in_fixed_prices(previous, value, years, expected):
    assert prices.real_change(previous, value, *years) == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    ("previous", "years"),
    [(100.0, (2004, 2022)), (100.0, (2022, 2025)), (0.0, (2021, 2022))],
    ids=["before-the-table", "after-the-table", "from-zero"],
)
def test_real_change_is_none_outside_the_table_or_from_zero(previous, years):
    assert prices.real_change(previous, 110.0, *years) is None
