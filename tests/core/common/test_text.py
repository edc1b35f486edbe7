"""Search keys for names: folded text, full pinyin and initials, index-friendly prefix bounds."""

from __future__ import annotations

import pytest

from desktop_app.core.common.text import (
    PREFIX_END,
    fold,
    has_han,
    joined_key,
    pinyin_forms,
    prefix_bounds,
    search_keys,
)


def test_a_chinese_bank_name_is_found_by_characters_full_pinyin_and_initials() -> None:
    keys = search_keys("工商银行")
    assert keys == ["工商银行", "gongshangyinhang", "gsyh"]


def test_a_longer_name_gets_its_own_keys() -> None:
    keys = search_keys("中国工商银行")
    assert "zggsyh" in keys
    assert "zhongguogongshangyinhang" in keys
    assert "gsyh" not in keys  # found by prefix only, through its alias 工商银行


def test_latin_names_are_folded_without_pinyin() -> None:
    assert search_keys("ＩＣＢＣ Bank") == ["icbcbank"]
    assert search_keys("") == []
    assert search_keys("   ") == []


def test_mixed_text_keeps_latin_letters_and_digits() -> None:
    full, initials = pinyin_forms("北京银行BOB")
    assert full == "beijingyinhangbob"
    assert initials == "bjyhbob"


def test_joined_key_holds_every_key_in_one_string() -> None:
    assert joined_key("王敏") == "王敏 wangmin wm"
    assert joined_key("Alice Wong") == "alicewong"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        (" Ａ b C ", "abc"),
        ("ICBC", "icbc"),
        ("工 行", "工行"),
        ("\u3000招商\u3000", "招商"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_has_han() -> None:
    assert has_han("中国银行 BOC")
    assert not has_han("BOC 95566")


def test_prefix_bounds_take_every_continuation_and_nothing_else() -> None:
    low, high = prefix_bounds("gs")
    assert (low, high) == ("gs", "gs" + PREFIX_END)
    inside = ["gs", "gsyh", "gszz", "gs工行"]
    outside = ["g", "gr", "gt", "gzsy", "zggsyh"]
    assert all(low <= key < high for key in inside)
    assert not any(low <= key < high for key in outside)
