"""Phone numbers as people type them: one comparable key, a readable form, and a kind."""

from __future__ import annotations

import pytest

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.phone import SERVICE_PREFIX, clean_digits, normalise, try_normalise

BEIJING_DESK = "+861065521234"


@pytest.mark.parametrize(
    "typed",
    [
        "01065521234",
        "010-6552 1234",
        "010-65521234",
        "(010) 6552-1234",
        "（010）65521234",
        "010.6552.1234",
        "+86 10 6552 1234",
        "+86-10-6552-1234",
        "0086 10 6552 1234",
        "00861065521234",
        "０１０－６５５２１２３４",
        "65521234",
    ],
)
def test_every_way_of_writing_a_beijing_landline_gives_one_key(typed: str) -> None:
    phone = normalise(typed)
    assert phone.key == BEIJING_DESK
    assert phone.display == "010 6552 1234"
    assert phone.kind == "landline"
    assert phone.extension is None


def test_a_bare_local_number_is_completed_with_the_area_code_given() -> None:
    assert normalise("86013388", area_code="0755").key == "+8675586013388"
    assert normalise("86013388", area_code="755").key == "+8675586013388"
    assert normalise("86013388", area_code="021").key == "+862186013388"


@pytest.mark.parametrize(
    "typed",
    [
        "13801012345",
        "138 0101 2345",
        "+86 138 0101 2345",
        "008613801012345",
        "１３８０１０１２３４５",
    ],
)
def test_mobiles(typed: str) -> None:
    phone = normalise(typed)
    assert phone == normalise("13801012345")
    assert (phone.key, phone.display, phone.kind) == ("+8613801012345", "138 0101 2345", "mobile")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("95588", "svc:95588"),
        ("95533", "svc:95533"),
        ("+86 95588", "svc:95588"),
        ("96588", "svc:96588"),
        ("12315", "svc:12315"),
        ("400-820-5555", "svc:4008205555"),
        ("4008205555", "svc:4008205555"),
        ("800 820 5555", "svc:8008205555"),
    ],
)
def test_service_numbers_and_hotlines_get_a_key_of_their_own(typed: str, key: str) -> None:
    phone = normalise(typed)
    assert phone.key == key
    assert phone.key.startswith(SERVICE_PREFIX)
    assert phone.kind == "service"
    assert phone.display == key.removeprefix(SERVICE_PREFIX)


@pytest.mark.parametrize(
    ("typed", "extension"),
    [
        ("010-65521234转8001", "8001"),
        ("010-65521234 转 8001", "8001"),
        ("010-65521234 ext 12", "12"),
        ("010-65521234 ext. 12", "12"),
        ("010-65521234 EXT12", "12"),
        ("010-65521234x12", "12"),
        ("+86-10-6552-1234 分机 8", "8"),
        ("010-65521234#307", "307"),
    ],
)
def test_extensions_are_split_off_and_do_not_change_the_key(typed: str, extension: str) -> None:
    phone = normalise(typed)
    assert phone.key == BEIJING_DESK
    assert phone.extension == extension
    assert phone.display == f"010 6552 1234 ext. {extension}"


def test_a_service_number_keeps_its_extension() -> None:
    phone = normalise("95588转1")
    assert (phone.key, phone.extension) == ("svc:95588", "1")


@pytest.mark.parametrize(
    ("typed", "key", "display"),
    [
        ("+1 650 253 0000", "+16502530000", "+1 650-253-0000"),
        ("+44 20 7946 0958", "+442079460958", "+44 20 7946 0958"),
        ("+852 2523 4567", "+85225234567", "+852 2523 4567"),
    ],
)
def test_foreign_numbers(typed: str, key: str, display: str) -> None:
    phone = normalise(typed)
    assert (phone.key, phone.display, phone.kind) == (key, display, "foreign")


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "1380101234",
        "6552123",
        "+999 1234",
        "12345678901234567890123",
        "010-6552-1234-5678-9",
        "12345x",
        "95588转",
        "01065521234 ext",
        "call me",
        "--",
    ],
)
def test_garbage_is_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise(typed, field="mobile")
    assert caught.value.field == "mobile"
    assert caught.value.problems[0].field == "mobile"
    assert typed.strip() in caught.value.text()
    assert try_normalise(typed) is None


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_an_empty_number_asks_for_one(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise(typed, field="phones.0")
    assert caught.value.field == "phones.0"
    assert caught.value.text() == "Enter a phone number."


def test_the_default_field_name_is_phone() -> None:
    with pytest.raises(ValidationError) as caught:
        normalise("abc")
    assert caught.value.field == "phone"


def test_clean_digits_folds_full_width_and_drops_punctuation() -> None:
    assert clean_digits(" （０１０）６５５２-1234 ") == "01065521234"
    assert clean_digits("+86 10.6552/1234") == "+861065521234"


@pytest.mark.parametrize(
    ("typed", "key", "extension"),
    [
        ("010-65521234-808", BEIJING_DESK, "808"),
        ("010-6552 1234 - 808", BEIJING_DESK, "808"),
        ("65521234-808", BEIJING_DESK, "808"),
        ("01065521234,808", BEIJING_DESK, "808"),
        ("01065521234，808", BEIJING_DESK, "808"),
        ("01065521234p808", BEIJING_DESK, "808"),
        ("01065521234P808", BEIJING_DESK, "808"),
        ("01065521234w808", BEIJING_DESK, "808"),
        ("01065521234,,808#", BEIJING_DESK, "808"),
        ("95588-1234", "svc:95588", "1234"),
        ("95588,1,2", "svc:95588", "12"),
        ("95588p3", "svc:95588", "3"),
        ("95588#1", "svc:95588", "1"),
        ("95588转0", "svc:95588", "0"),
        ("400-820-5555-1", "svc:4008205555", "1"),
        ("4008205555 ext 21", "svc:4008205555", "21"),
        ("13801012345x9", "+8613801012345", "9"),
        ("１３８０１０１２３４５－９", "+8613801012345", "9"),
    ],
)
def test_digits_after_the_number_are_its_extension(typed: str, key: str, extension: str) -> None:
    phone = normalise(typed)
    assert (phone.key, phone.extension) == (key, extension)
    assert phone.display.endswith(f" ext. {extension}")
    assert phone.number_display == normalise(phone.number_display).display


@pytest.mark.parametrize(
    "typed", ["010-6552-1234", "138-0101-2345", "0755-8601-3388", "400-820-5555"]
)
def test_dashes_inside_a_number_are_not_an_extension(typed: str) -> None:
    assert normalise(typed, area_code="010").extension is None


def test_a_pause_or_hash_with_nothing_after_it_is_no_extension() -> None:
    phone = normalise("95588#")
    assert (phone.key, phone.extension, phone.display) == ("svc:95588", None, "95588")
    assert normalise("01065521234,").extension is None


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("095588", "svc:95588"),
        ("0 95588", "svc:95588"),
        ("096588", "svc:96588"),
        ("04008205555", "svc:4008205555"),
        ("0-400-820-5555", "svc:4008205555"),
        ("095588-1", "svc:95588"),
    ],
)
def test_a_trunk_zero_before_a_service_number_is_dropped(typed: str, key: str) -> None:
    phone = normalise(typed)
    assert (phone.key, phone.kind) == (key, "service")


def test_a_landline_of_an_area_starting_095_is_not_taken_for_a_service_number() -> None:
    phone = normalise("0955-1234567")
    assert phone.kind == "landline"
    assert phone.key == "+869551234567"
