"""Money as people type it: parse_money and format_money are each other's inverse."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.facts import MAX_MONEY, format_money, parse_money, parse_money_detail


@given(st.integers(0, MAX_MONEY), st.sampled_from(["yuan", "wan"]))
def test_format_then_parse_gives_the_amount_back(amount, unit):
    assert parse_money(format_money(amount, unit), unit) == amount


@pytest.mark.parametrize(("text", "unit", "yuan"), [
    ("1,200,000", "yuan", 1200000),
    ("120万", "yuan", 1200000),
    ("120万元", "yuan", 1200000),
    ("12.5", "wan", 125000),
    ("1 200 000元", "wan", 1200000),
    ("0", "yuan", 0),
    ("１００万", "yuan", 1000000),  # full-width digits
    ("１，２００，０００", "yuan", 1200000),
    ("¥1,200,000", "yuan", 1200000),
    ("￥ 120万", "yuan", 1200000),
    ("￥１２．５", "wan", 125000),
])
def test_typed_amounts(text, unit, yuan):
    assert parse_money_detail(text, unit) == (yuan, False)


@pytest.mark.parametrize(("text", "unit", "yuan"), [
    ("1,000,000.50", "yuan", 1000000),
    ("1.99", "yuan", 1),
    ("12.345678", "wan", 123456),
    ("0.00001万", "yuan", 0),
])
def test_jiao_and_fen_are_dropped_and_said_so(text, unit, yuan):
    assert parse_money_detail(text, unit) == (yuan, True)
    assert parse_money(text, unit) == yuan


@pytest.mark.parametrize("text", ["-5", "abc", "", "1e6", "¥-5", "5¥", "$5", "1.2.3"])
def test_not_a_whole_non_negative_amount(text):
    with pytest.raises(ValueError):
        parse_money(text)
