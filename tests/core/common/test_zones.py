"""Time zones in words: named places in the reader's language, the IANA name kept for storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.zones import zone_choices, zone_name

WINTER = datetime(2026, 12, 7, tzinfo=UTC)


def test_a_zone_is_named_by_its_place_in_each_language() -> None:
    set_language("zh_CN")
    assert zone_name("Asia/Shanghai") == "中国（上海）时间"
    assert zone_name("Asia/Shanghai", WINTER) == "(UTC+08:00) 中国（上海）时间"
    assert zone_name("Asia/Taipei") == "中国（台北）时间"
    set_language("en")
    assert zone_name("Europe/Berlin") == "Germany (Berlin) Time"
    assert zone_name("Europe/Berlin", language="zh_CN") == "德国（柏林）时间"


def test_an_unknown_zone_is_shown_as_stored() -> None:
    assert zone_name("Mars/Olympus") == "Mars/Olympus"


def test_the_list_holds_each_place_once_ordered_by_offset() -> None:
    set_language("zh_CN")
    choices = zone_choices(WINTER)
    zones = [c.zone for c in choices]
    assert "Asia/Shanghai" in zones and "UTC" in zones
    assert "Asia/Chongqing" not in zones  # an alias of Shanghai
    assert len(set(zones)) == len(zones)
    assert len({c.label for c in choices}) == len(choices)
    offsets = [c.offset for c in choices]
    assert offsets == sorted(offsets)
    assert offsets[0] <= timedelta(hours=-11)
    assert all("/" not in c.label for c in choices)
