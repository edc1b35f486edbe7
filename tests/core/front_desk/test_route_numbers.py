"""What the front desk types, understood: whole numbers in every format, digits still being typed,
and text; and the key prefixes a partial number may grow into."""

from __future__ import annotations

import pytest

from desktop_app.core.front_desk.routing import RouteQuery, partial_number_prefixes, understand

ICBC_DESK = "+861065521234"


@pytest.mark.parametrize(
    "typed",
    [
        "01065521234",
        "010-6552 1234",
        "010 6552 1234",
        "010-65521234",
        "(010) 6552-1234",
        "（010）6552 1234",
        "010.6552.1234",
        "+86 10 6552 1234",
        "+86-10-6552-1234",
        "+861065521234",
        "0086 10 6552 1234",
        "008610-65521234",
        "00861065521234",
        "０１０－６５５２　１２３４",
        "65521234",
        "6552 1234",
        "010-6552 1234 转 8001",
        "010-65521234 ext. 8001",
        "  010 6552 1234  ",
    ],
)
def test_every_way_of_writing_a_landline_is_one_number(typed: str) -> None:
    query = understand(typed, "010")
    assert query.kind == "number"
    assert query.complete
    assert query.number_key == ICBC_DESK
    assert query.number_display.startswith("010 6552 1234")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("95588", "svc:95588"),
        ("955 88", "svc:95588"),
        ("+86 95588", "svc:95588"),
        ("400-669-5300", "svc:4006695300"),
        ("13911113333", "+8613911113333"),
        ("139-1111-3333", "+8613911113333"),
        ("139 1111 3333", "+8613911113333"),
        ("+86 139 1111 3333", "+8613911113333"),
        ("0086 13911113333", "+8613911113333"),
        ("１３９１１１１３３３３", "+8613911113333"),
        ("021-6888 8888", "+862168888888"),
    ],
)
def test_service_numbers_and_mobiles(typed: str, key: str) -> None:
    query = understand(typed, "010")
    assert (query.kind, query.complete, query.number_key) == ("number", True, key)


def test_a_local_number_takes_the_organisation_area_code() -> None:
    assert understand("86013388", "0755").number_key == "+8675586013388"


@pytest.mark.parametrize("typed", ["010655", "0106552123", "1391111", "955", "+86 10 65"])
def test_digits_still_being_typed_are_a_partial_number(typed: str) -> None:
    query = understand(typed, "010")
    assert query.kind == "number"
    assert not query.complete
    assert query.number_key == ""
    assert query.number_display  # the digits, kept to look up by prefix


@pytest.mark.parametrize(
    "typed", ["工商银行", "工行", "gsyh", "ICBC", "0200-2025-LD-0137", "马骏", "majun", "CMB2024"]
)
def test_names_and_contract_numbers_are_text(typed: str) -> None:
    query = understand(typed, "010")
    assert query == RouteQuery(typed, "text")


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_nothing_typed_is_empty(typed: str) -> None:
    assert understand(typed, "010").kind == "empty"


@pytest.mark.parametrize(
    ("digits", "prefixes"),
    [
        ("0106552", ("+86106552",)),
        ("00861065", ("+861065",)),
        ("+86106", ("+86106",)),
        ("1391", ("+861391", "svc:1391")),
        ("9558", ("svc:9558", "+86109558")),
        ("6552", ("+86106552",)),
        ("01", ()),
    ],
)
def test_a_partial_number_grows_into_these_keys(digits: str, prefixes: tuple[str, ...]) -> None:
    assert partial_number_prefixes(digits, "010") == prefixes


def test_every_whole_number_key_starts_with_a_prefix_of_its_partial_form() -> None:
    for typed in ("01065521234", "13911113333", "95588", "65521234", "4006695300"):
        key = understand(typed, "010").number_key
        for length in range(3, len(typed)):
            prefixes = partial_number_prefixes(typed[:length], "010")
            assert any(key.startswith(prefix) for prefix in prefixes), (typed, length)


@pytest.mark.parametrize(("typed", "key"), [("10086", "svc:10086"), ("12345", "svc:12345")])
def test_short_public_service_numbers_are_whole(typed: str, key: str) -> None:
    assert understand(typed, "010").number_key == key
