"""The better time proposed to a bank abroad: inside our office hours on our working day AND within
08:00–20:00 on a weekday in the bank's time zone (London in winter and in summer time, Honolulu
across the date line), and the letter when no such time exists (New York against Beijing hours).

Beijing is UTC+8 all year, so our office hours 09:00–18:00 are 01:00–10:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from desktop_app.core.windows.service import Occurrence
from tests.helpers.factories import make_bank
from tests.helpers.window_factories import beijing, make_window


def occurrence_on(
    services: Services, admin: Actor, zone: str, day: date, starts: str, ends: str
) -> Occurrence:
    """The occurrence on ``day`` (the 15th) of a monthly window of a bank in ``zone``; the bank
    and its window are made on first use."""
    bank = next((b for b in services.banks.list(admin) if b.short_name == zone), None)
    if bank is None:
        bank = make_bank(services, admin, f"Bank in {zone}", short_name=zone, aliases=[])
        make_window(services, admin, bank.id, timezone=zone, starts=starts, ends=ends)
    found = services.windows.occurrences(
        admin,
        datetime(day.year, day.month, day.day - 1, tzinfo=UTC),
        datetime(day.year, day.month, day.day + 2, tzinfo=UTC),
        bank_id=bank.id,
    )
    assert len(found) == 1
    return found[0]


def test_london_in_winter_gets_its_morning_not_one_at_night(
    services: Services, admin: Actor
) -> None:
    # GMT (UTC+0): 10:30–11:30 in London is 18:30–19:30 in Beijing. Our hours are 01:00–10:00
    # London time, of which only 08:00–10:00 is a sensible time there: 16:00–18:00 in Beijing.
    late = occurrence_on(services, admin, "Europe/London", date(2026, 12, 15), "10:30", "11:30")
    assert late.starts_at == datetime(2026, 12, 15, 10, 30, tzinfo=UTC)
    assert late.outside_office_hours
    better = services.windows.suggest_better_time(admin, late.key)
    # Tuesday's 08:00–10:00 is before the window; Wednesday 08:00 London = 16:00 Beijing.
    assert better == (
        datetime(2026, 12, 16, 8, 0, tzinfo=UTC),
        datetime(2026, 12, 16, 9, 0, tzinfo=UTC),
    )
    assert better[0] == beijing(date(2026, 12, 16), 16)


def test_london_in_summer_time_moves_by_the_hour(services: Services, admin: Actor) -> None:
    # BST (UTC+1): 10:30–11:30 London is 09:30–10:30 UTC, 17:30–18:30 Beijing (ends after 18:00).
    # Our hours are 02:00–11:00 London time; the sensible part is 08:00–11:00 (07:00–10:00 UTC).
    late = occurrence_on(services, admin, "Europe/London", date(2026, 7, 15), "10:30", "11:30")
    assert late.starts_at == datetime(2026, 7, 15, 9, 30, tzinfo=UTC)
    assert late.outside_office_hours
    better = services.windows.suggest_better_time(admin, late.key)
    # The same day has no full hour left before 10:00 UTC; Thursday 08:00 BST = 07:00 UTC.
    assert better == (
        datetime(2026, 7, 16, 7, 0, tzinfo=UTC),
        datetime(2026, 7, 16, 8, 0, tzinfo=UTC),
    )
    assert better[0] == beijing(date(2026, 7, 16), 15)
    services.org.update(admin, company_name="示例公司")
    letter = services.windows.confirmation_letter(admin, late.key, "en")
    assert "Thursday, July 16, 2026 08:00–09:00 (United Kingdom Time)" in letter.text()
    assert (letter.suggested_start, letter.suggested_end) == better


def test_honolulu_is_proposed_its_afternoon_on_its_own_weekday(
    services: Services, admin: Actor
) -> None:
    # HST (UTC-10, no summer time): our 09:00–18:00 is 15:00–24:00 the day before in Honolulu,
    # so 15:00–20:00 there (09:00–14:00 Beijing) is common, on a Honolulu weekday.
    # Friday 15 May 2026 09:00 in Honolulu is Saturday 03:00 in Beijing.
    friday = occurrence_on(services, admin, "Pacific/Honolulu", date(2026, 5, 15), "09:00", "10:00")
    assert friday.starts_at == datetime(2026, 5, 15, 19, 0, tzinfo=UTC)
    assert friday.non_working_day and friday.outside_office_hours
    better = services.windows.suggest_better_time(admin, friday.key)
    # Not Monday 18 May in Beijing: its office hours are Sunday afternoon in Honolulu.
    # Tuesday 19 May 09:00 Beijing = Monday 18 May 15:00 Honolulu.
    assert better == (beijing(date(2026, 5, 19), 9), beijing(date(2026, 5, 19), 10))
    services.org.update(admin, company_name="示例公司")
    text = services.windows.confirmation_letter(admin, friday.key, "en").text()
    assert "Monday, May 18, 2026 15:00–16:00 (United States (Honolulu) Time)" in text


def test_new_york_has_no_common_time_and_the_letter_asks_the_bank(
    services: Services, admin: Actor
) -> None:
    # EST (UTC-5): 08:00–20:00 New York is 13:00–01:00 UTC; in summer (UTC-4) 12:00–00:00 UTC.
    # Our 01:00–10:00 UTC never overlaps either: no common hour on any day.
    morning = occurrence_on(
        services, admin, "America/New_York", date(2026, 12, 15), "09:00", "10:00"
    )
    assert morning.outside_office_hours  # 22:00–23:00 in Beijing
    assert services.windows.suggest_better_time(admin, morning.key) is None
    services.org.update(admin, company_name="示例公司")
    letter = services.windows.confirmation_letter(admin, morning.key, "en")
    assert letter.suggested_start is None and letter.suggested_end is None
    text = letter.text()
    assert (
        "We could not find a time in the coming weeks that is both within our office hours and "
        "between 08:00 and 20:00 on a weekday in your time zone (United States (New York) Time)."
    ) in text
    assert "Time proposed" not in text
    assert "Please let us know the time you propose at your earliest convenience." in text
    assert "Please confirm the proposed time" not in text
    assert "Working days, 09:00–18:00 (China (Shanghai) Time)" in text
    # Every time in the letter names its zone, the opening paragraph's too.
    assert letter.paragraphs[0].endswith(
        "at the following time: Tuesday, December 15, 2026 09:00–10:00 "
        "(United States (New York) Time)."
    )
    chinese = services.windows.confirmation_letter(admin, morning.key, "zh_CN")
    assert chinese.language == "zh_CN" and chinese.suggested_start is None
    assert "America/New_York" in chinese.text()
    summer = occurrence_on(services, admin, "America/New_York", date(2026, 7, 15), "09:00", "10:00")
    assert services.windows.suggest_better_time(admin, summer.key) is None
