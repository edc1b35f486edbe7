"""Amounts as finance departments write them: 人民币1,200万元, 1200万元整, and Chinese capital
numerals (壹仟贰佰万元整) with 零, 拾, 佰, 仟, 万, 亿, 角, 分 and 整."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.parsing import (
    has_chinese_numerals,
    parse_chinese_amount,
    parse_money,
)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("壹仟贰佰万元整", "12000000"),
        ("人民币壹仟贰佰万元整", "12000000"),
        ("人民币 壹仟贰佰万元正", "12000000"),
        ("壹元", "1"),
        ("拾元整", "10"),
        ("拾伍元", "15"),
        ("壹拾伍元", "15"),
        ("贰拾万元整", "200000"),
        ("壹佰零伍元", "105"),
        ("壹仟零伍元", "1005"),
        ("壹仟零伍拾元", "1050"),
        ("伍拾万零捌佰元", "500800"),
        ("壹拾万零贰拾元", "100020"),
        ("玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元", "99999999"),
        ("壹亿元整", "100000000"),
        ("壹亿贰仟万元整", "120000000"),
        ("壹亿零伍万元", "100050000"),
        ("叁亿肆仟伍佰陆拾柒万捌仟玖佰元", "345678900"),
        ("壹万亿元", "1000000000000"),
        ("贰佰叁拾肆元伍角陆分", "234.56"),
        ("壹佰元零伍分", "100.05"),
        ("壹佰元伍角", "100.5"),
        ("伍角", "0.5"),
        ("叁分", "0.03"),
        ("零元整", "0"),
        ("壹佰圆整", "100"),
        ("一千二百万元", "12000000"),
        ("两千万", "20000000"),
        ("一百万元整", "1000000"),
        ("〇元", "0"),
    ],
)
def test_capital_numerals(typed: str, amount: str) -> None:
    assert parse_chinese_amount(typed) == Decimal(amount)
    assert parse_money(typed, "principal") == Decimal(amount)


@pytest.mark.parametrize(
    "typed",
    [
        "壹贰元",  # two digits with no unit between them
        "佰元",  # a hundred of nothing
        "壹佰佰元",  # a unit twice
        "壹拾佰元",  # units in the wrong order
        "万元",
        "壹角角",
        "壹仟贰佰万元整abc",
        "壹仟贰佰万美元",
        "伍元叁",
        "",
        "整",
    ],
)
def test_malformed_capital_numerals_are_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_amount(typed)
    with pytest.raises(ValidationError) as caught:
        parse_money(typed, "principal")
    assert caught.value.field == "principal"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("人民币1,200万元", "12000000"),
        ("人民币 1,200 万元", "12000000"),
        ("1200万元整", "12000000"),
        ("1200万元正", "12000000"),
        ("RMB 1,200万元", "12000000"),
        ("￥1,200,000.00元整", "1200000.00"),
        ("1.2亿元整", "120000000"),
        ("人民币5,000,000.00元", "5000000.00"),
        ("５００万元整", "5000000"),
    ],
)
def test_amounts_with_currency_words_and_a_closing_zheng(typed: str, amount: str) -> None:
    assert parse_money(typed, "principal") == Decimal(amount)


@pytest.mark.parametrize("typed", ["1200整", "整1200", "1200万元整整"])
def test_zheng_only_closes_an_amount_with_its_unit(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_money(typed, "principal")


def test_chinese_numerals_are_recognised() -> None:
    assert has_chinese_numerals("壹仟贰佰万元整")
    assert has_chinese_numerals("一百")
    assert not has_chinese_numerals("1200万元整")
    assert not has_chinese_numerals("人民币")
