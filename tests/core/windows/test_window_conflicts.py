"""Two desks editing the same contact window: the second save is refused and says what changed,
by whom and when; re-applying saves one's changes on top, the rule kept whole. Both backends."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ConflictError
from desktop_app.core.common.i18n import set_display_zone, set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.services import Services
from desktop_app.core.windows.service import WindowPreset, WindowView
from tests.conftest import START
from tests.core.common.test_conflicts import conflict_of, versioned_updates
from tests.helpers.factories import make_bank
from tests.helpers.window_factories import BEIJING, beijing, make_window


def opened_window(services: Services, admin: Actor) -> WindowView:
    """ICBC's monthly call on the 15th, 10:00–11:00 in Beijing."""
    bank = make_bank(services, admin)
    return make_window(services, admin, bank.id, title="工行月度回访", note="找王经理")


def test_a_stale_window_save_says_what_changed_who_and_when(
    services: Services,
    admin: Actor,
    other_desk: AppContext,
    li_na: Actor,
    clock: FakeClock,
) -> None:
    opened = opened_window(services, admin)
    theirs = other_desk.services.windows.get(li_na, opened.id).draft()
    theirs.starts, theirs.ends, theirs.note = "14:00", "15:30", "找李经理"
    clock.advance(timedelta(minutes=4))
    other_desk.services.windows.update(li_na, opened.id, theirs, opened.version)

    mine = opened.draft()
    mine.title, mine.note = "工行月度贷后回访", "我的备注"
    with pytest.raises(ConflictError) as caught:
        services.windows.update(admin, opened.id, mine, opened.version)
    conflict = conflict_of(caught)
    assert caught.value.text() == "Someone else changed this contact window meanwhile."
    assert (conflict.kind, conflict.kind_text(), conflict.title) == (
        "contact_window",
        "Contact window",
        "工行月度回访",
    )
    assert (conflict.expected_version, conflict.current_version) == (1, 2)
    assert (conflict.changed_by, conflict.desk) == ("李娜", "财务-2")
    assert conflict.changed_at == START + timedelta(minutes=4)
    shown = [
        (c.label_text(), c.show(c.theirs), c.show(c.base), c.show(c.mine), c.you_changed)
        for c in conflict.changes
    ]
    assert shown == [
        ("Time of day: from", "14:00", "10:00", "10:00", False),
        ("Time of day: until", "15:30", "11:00", "11:00", False),
        ("Note", "找李经理", "找王经理", "我的备注", True),
    ]
    assert {"starts", "ends", "preset", "day_of_month"} <= conflict.keep_theirs()
    assert "title" not in conflict.keep_theirs() and "note" not in conflict.keep_theirs()
    stored = services.windows.get(admin, opened.id)  # nothing of the refused save was written
    assert (stored.title, stored.note, stored.starts) == ("工行月度回访", "找李经理", time(14))

    set_language("zh_CN")  # the labels are translated when shown
    assert conflict.changes[0].label_text() == "每日时段：开始"
    assert conflict.kind_text() == "联系窗口"


def test_reapplying_saves_mine_on_top_and_keeps_what_i_left_alone(
    services: Services, admin: Actor, other_desk: AppContext, li_na: Actor
) -> None:
    opened = opened_window(services, admin)
    theirs = other_desk.services.windows.get(li_na, opened.id).draft()
    theirs.starts, theirs.ends, theirs.valid_until = "14:00", "15:00", date(2027, 12, 31)
    theirs.day_of_month = 25
    other_desk.services.windows.update(li_na, opened.id, theirs, opened.version)
    mine = opened.draft()
    mine.title = "工行月度贷后回访"
    with pytest.raises(ConflictError) as caught:
        services.windows.update(admin, opened.id, mine, opened.version)
    conflict = conflict_of(caught)
    saved = services.windows.update(
        admin, opened.id, mine, conflict.current_version, keep=conflict.keep_theirs()
    ).value
    assert (saved.title, saved.starts, saved.ends) == ("工行月度贷后回访", time(14), time(15))
    assert (saved.valid_until, saved.day_of_month, saved.version) == (date(2027, 12, 31), 25, 3)
    assert saved.rrule == "FREQ=MONTHLY;BYMONTHDAY=25"
    assert versioned_updates(services, "contact_window", opened.id) == [2, 3]
    # Stopping the window is a change too: a save from before it is refused and says so.
    other_desk.services.windows.deactivate(li_na, opened.id)
    mine.note = "再改一次"
    with pytest.raises(ConflictError) as again:
        services.windows.update(admin, opened.id, mine, saved.version)
    [change] = conflict_of(again).changes
    assert (change.label_text(), change.show(change.theirs), change.show(change.base)) == (
        "Active",
        "No",
        "Yes",
    )
    assert (conflict_of(again).current_version, conflict_of(again).changed_by) == (4, "李娜")


def test_the_rule_is_reapplied_whole_and_the_result_checked_again(
    services: Services, admin: Actor, other_desk: AppContext, li_na: Actor
) -> None:
    opened = opened_window(services, admin)
    theirs = other_desk.services.windows.get(li_na, opened.id).draft()
    theirs.preset, theirs.first_working_days = WindowPreset.FIRST_WORKING_DAYS_QUARTER, 5
    theirs.note = "季初五个工作日"
    other_desk.services.windows.update(li_na, opened.id, theirs, opened.version)
    mine = opened.draft()
    mine.day_of_month = 20  # I changed the rule: all of it is mine, their note stays
    with pytest.raises(ConflictError) as caught:
        services.windows.update(admin, opened.id, mine, opened.version)
    conflict = conflict_of(caught)
    shown = [
        (c.label_text(), c.show(c.theirs), c.show(c.base), c.show(c.mine), c.you_changed)
        for c in conflict.changes
    ]
    assert shown == [
        (
            "Rule",
            "The first working days of each quarter",
            "Monthly, on a day of the month",
            "Monthly, on a day of the month",
            False,
        ),
        ("Day of the month", "—", "15", "20", True),
        ("Working days", "5", "—", "—", False),
        ("Note", "季初五个工作日", "找王经理", "找王经理", False),
    ]
    saved = services.windows.update(
        admin, opened.id, mine, conflict.current_version, keep=conflict.keep_theirs()
    ).value
    assert (saved.preset, saved.rrule) == (
        WindowPreset.MONTHLY_ON_DAY,
        "FREQ=MONTHLY;BYMONTHDAY=20",
    )
    assert (saved.first_working_days, saved.note) == (None, "季初五个工作日")

    # They turned it into a one-off appointment; I moved the time of day: theirs stays a
    # one-off (my recurring time has no place in it), with my subject.
    current = services.windows.get(admin, opened.id)
    theirs = other_desk.services.windows.get(li_na, opened.id).draft()
    theirs.kind = "one_off"
    theirs.one_off_start, theirs.one_off_end = "2026-12-03 10:00", "2026-12-03 11:00"
    other_desk.services.windows.update(li_na, opened.id, theirs, current.version)
    mine = current.draft()
    mine.starts, mine.title = "09:00", "改到上午九点"
    with pytest.raises(ConflictError) as caught:
        services.windows.update(admin, opened.id, mine, current.version)
    conflict = conflict_of(caught)
    appointment = next(c for c in conflict.changes if c.field == "one_off_start")
    assert appointment.label_text() == "Appointment starts"
    set_display_zone(BEIJING)  # as the app shows moments: in the company's time zone
    try:
        shown = appointment.show(appointment.theirs)
    finally:
        set_display_zone(None)
    assert shown.startswith("Dec 3, 2026, 10:00")
    saved = services.windows.update(
        admin, opened.id, mine, conflict.current_version, keep=conflict.keep_theirs()
    ).value
    assert (saved.kind, saved.title, saved.starts) == ("one_off", "改到上午九点", None)
    assert saved.one_off_start == beijing(date(2026, 12, 3), 10)
