"""Every "today" and printed date is the company's, whatever the computer's time zone: the
date-sensitive scenarios run with the process set to UTC, Los Angeles and Beijing, half a minute
before and after midnight in Beijing, and all three agree — on the Beijing day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from desktop_app.core.common.clock import FakeClock, local_day, local_today
from desktop_app.core.common.i18n import (
    display_day,
    format_day,
    format_local_day,
    set_display_zone,
)
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.front_desk.reception_card import build_reception_card
from desktop_app.core.models import Certificate
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.services import Services
from tests.helpers.factories import make_bank, make_person
from tests.helpers.process_zone import (
    AFTER_MIDNIGHT,
    BEFORE_MIDNIGHT,
    BEIJING,
    PROCESS_ZONES,
    process_zone,
)
from tests.helpers.window_factories import certify


def scenario(services: Services, admin: Actor, clock: FakeClock) -> dict[str, object]:
    """What the date-sensitive parts say now."""
    card = build_reception_card(services, admin, "en", clock.now())
    with services.store.read() as session:
        certificate_id = session.scalar(select(func.max(Certificate.id)))
    assert certificate_id is not None
    certificate = services.training.certificate_document(admin, certificate_id, "en")
    set_display_zone(services.org.zone())
    try:
        shown_day = format_local_day(clock.now())
    finally:
        set_display_zone(None)
    today = services.org.today()
    calls_today = services.call_log.count(admin, CallLogQuery(since=today, until=today))
    return {
        "today": today,
        "calls today": calls_today,
        "checklists": services.checklists.today(),
        "now": services.org.now().replace(tzinfo=None),
        "printed": card.printed,
        "reprint": card.reprint,
        "certificate": certificate.text(),
        "shown": shown_day,
    }


def test_the_company_day_whatever_the_computers_zone(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    bank = make_bank(services, admin)
    assert bank.id
    person = make_person(services, admin, name="王敏")
    found: dict[tuple[str, datetime], dict[str, object]] = {}
    for moment in (BEFORE_MIDNIGHT, AFTER_MIDNIGHT):
        clock.set(moment)
        certify(services, person.id, moment)  # issued now, as passing the quiz would
        services.calls.log(admin, CallDraft("wrong_number", caller_number="95588"))  # now
        for zone in PROCESS_ZONES:
            with process_zone(zone):
                found[zone, moment] = scenario(services, admin, clock)
    for moment, day, printed, reprint, valid in (
        (BEFORE_MIDNIGHT, date(2026, 11, 30), "November 30, 2026", "December 30, 2026", "2027"),
        (AFTER_MIDNIGHT, date(2026, 12, 1), "December 1, 2026", "December 31, 2026", "2027"),
    ):
        beijing = found["Asia/Shanghai", moment]
        assert beijing["today"] == beijing["checklists"] == day
        assert beijing["calls today"] == 1  # the call just logged, not the other day's
        assert beijing["shown"] == format_day(day)
        assert beijing["printed"] == f"Printed on {printed}"
        assert str(beijing["reprint"]).startswith(f"Re-print after {reprint}")
        assert f"Issued on {printed}" in str(beijing["certificate"])
        assert f"Valid until {printed.rsplit(' ', 1)[0]} {valid}" in str(beijing["certificate"])
        for zone in PROCESS_ZONES:  # all three agree
            assert found[zone, moment] == beijing, zone


def test_the_helpers_never_use_the_computers_zone() -> None:
    clock = FakeClock(AFTER_MIDNIGHT)
    for zone in PROCESS_ZONES:
        with process_zone(zone):
            assert local_today(clock, BEIJING) == date(2026, 12, 1)
            assert local_today(clock, ZoneInfo("America/Los_Angeles")) == date(2026, 11, 30)
            assert local_day(AFTER_MIDNIGHT - timedelta(minutes=1), BEIJING) == date(2026, 11, 30)
            set_display_zone(BEIJING)
            try:
                assert display_day(AFTER_MIDNIGHT) == date(2026, 12, 1)
            finally:
                set_display_zone(None)
    naive = datetime(2026, 12, 1, 0, 0)
    try:
        local_day(naive, BEIJING)
    except ValueError:
        pass
    else:
        raise AssertionError("a naive moment has no day")
    assert AFTER_MIDNIGHT.tzinfo is UTC
