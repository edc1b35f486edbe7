"""A newer .ics export updates or cancels what an earlier one put in a calendar, never adds beside
it: two exports read with an independent parser (vobject) and applied as RFC 5546 says a calendar
program applies them — by UID, a copy replacing another only with a higher SEQUENCE (or the same
SEQUENCE and a later DTSTAMP), ``STATUS:CANCELLED`` removing the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import vobject  # type: ignore[import-untyped]

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from desktop_app.core.windows.ics_export import follow_up_uid, occurrence_uid
from desktop_app.core.windows.service import Occurrence, WindowPreset
from tests.conftest import START
from tests.helpers.factories import make_bank, make_contract, make_person
from tests.helpers.window_factories import beijing, make_window

RANGE = (beijing(date(2026, 10, 1), 0), beijing(date(2026, 12, 1), 0))


@dataclass(frozen=True)
class Stored:
    """An event as a calendar program keeps it."""

    sequence: int
    stamp: datetime
    start: datetime
    end: datetime
    summary: str
    cancelled: bool


def parsed(path: Path) -> dict[str, Stored]:
    """The export's events by UID, read with vobject (one copy per UID, or the test fails)."""
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    found: dict[str, Stored] = {}
    for event in calendar.contents.get("vevent", []):
        uid = event.uid.value
        assert uid not in found, f"{uid} twice in one export"
        status = event.status.value if "status" in event.contents else "CONFIRMED"
        found[uid] = Stored(
            int(event.sequence.value) if "sequence" in event.contents else 0,
            event.dtstamp.value,
            event.dtstart.value,
            event.dtend.value,
            event.summary.value,
            status.upper() == "CANCELLED",
        )
    return found


def apply(calendar: dict[str, Stored], export: dict[str, Stored]) -> None:
    """Import ``export`` into ``calendar`` by the RFC 5546 rules (section 2.1.5)."""
    for uid, event in export.items():
        known = calendar.get(uid)
        if known is not None and (event.sequence, event.stamp) <= (known.sequence, known.stamp):
            continue  # an older or the same copy: ignored
        if known is None and event.cancelled:
            continue
        calendar[uid] = event  # a cancelled one stays as a tombstone, shown as nothing


def shown(calendar: dict[str, Stored]) -> dict[str, tuple[datetime, datetime]]:
    return {uid: (e.start, e.end) for uid, e in calendar.items() if not e.cancelled}


def test_a_second_export_updates_and_cancels_the_first(
    services: Services, admin: Actor, clock: FakeClock, tmp_path: Path
) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "ICBC-ICS")
    quarterly = make_window(
        services,
        admin,
        bank.id,
        contract_id=contract.id,
        title="季度回访",
        preset=WindowPreset.FIRST_WORKING_DAYS_QUARTER,
        first_working_days=3,
        starts="09:30",
        ends="11:30",
    )
    monthly = make_window(services, admin, bank.id, day_of_month=20, working_days_only=False)
    appointment = make_window(
        services,
        admin,
        bank.id,
        kind="one_off",
        title="面谈",
        one_off_start=beijing(date(2026, 11, 3), 14),
        one_off_end=beijing(date(2026, 11, 3), 15),
    )
    person = make_person(services, admin)
    done = services.follow_ups.create(
        admin, "return_call", "回电", START + timedelta(hours=2), person.id, bank.id
    ).value
    still = services.follow_ups.create(
        admin, "return_call", "再回电", START + timedelta(hours=3), person.id, bank.id
    ).value
    first_path, second_path = tmp_path / "first.ics", tmp_path / "second.ics"
    services.ics.export(admin, first_path, *RANGE)
    first = parsed(first_path)
    calendar: dict[str, Stored] = {}
    apply(calendar, first)
    first_ones: list[Occurrence] = services.windows.occurrences(admin, *RANGE)
    before = {occurrence_uid(o) for o in first_ones}
    assert set(shown(calendar)) == before | {follow_up_uid(done.id), follow_up_uid(still.id)}
    assert all(e.sequence == 0 for e in first.values())

    # The quarterly window's time moves, 9 October becomes a company day off (so the first three
    # working days are 8, 10 and 12 October), the monthly window is removed, the appointment moves
    # by an hour, and one follow-up is done.
    quarterly_draft = services.windows.get(admin, quarterly.id).draft()
    services.windows.update(
        admin,
        quarterly.id,
        type(quarterly_draft)(**{**quarterly_draft.__dict__, "starts": "14:00", "ends": "15:30"}),
        quarterly.version,
    )
    services.calendar.set_override(admin, date(2026, 10, 9), False, "公司活动")
    services.windows.deactivate(admin, monthly.id)
    appointment_draft = services.windows.get(admin, appointment.id).draft()
    services.windows.update(
        admin,
        appointment.id,
        type(appointment_draft)(
            **{
                **appointment_draft.__dict__,
                "one_off_start": beijing(date(2026, 11, 3), 15),
                "one_off_end": beijing(date(2026, 11, 3), 16),
            }
        ),
        appointment.version,
    )
    services.follow_ups.close(admin, done.id, "called back")
    clock.advance(timedelta(hours=1))

    services.ics.export(admin, second_path, *RANGE)
    second = parsed(second_path)
    apply(calendar, second)
    now: list[Occurrence] = services.windows.occurrences(admin, *RANGE)
    expected = {occurrence_uid(o): (o.starts_at, o.ends_at) for o in now}
    expected[follow_up_uid(still.id)] = (
        START + timedelta(hours=3),
        START + timedelta(hours=3, minutes=15),
    )
    assert shown(calendar) == expected  # nothing left beside its newer copy, nothing stale
    quarter_days = sorted(o.day for o in now if o.window_id == quarterly.id)
    assert quarter_days == [date(2026, 10, 8), date(2026, 10, 10), date(2026, 10, 12)]
    assert all(o.window_id != monthly.id for o in now)
    moved = f"window-{quarterly.id}-20261008@callback-desk"
    assert moved in first and second[moved].sequence > first[moved].sequence
    assert second[moved].start == beijing(date(2026, 10, 8), 14)
    for gone in (
        f"window-{quarterly.id}-20261009@callback-desk",
        f"window-{monthly.id}-20261020@callback-desk",
        f"window-{monthly.id}-20261120@callback-desk",
        follow_up_uid(done.id),
    ):
        assert second[gone].cancelled and second[gone].sequence > first[gone].sequence
    assert not second[f"window-{quarterly.id}-20261012@callback-desk"].cancelled
    unchanged = follow_up_uid(still.id)
    assert second[unchanged].sequence == first[unchanged].sequence
    assert second[f"window-{appointment.id}@callback-desk"].start == beijing(date(2026, 11, 3), 15)

    # Exported once more with nothing changed: the same sequences, the same calendar.
    clock.advance(timedelta(hours=1))
    third_path = tmp_path / "third.ics"
    services.ics.export(admin, third_path, *RANGE)
    third = parsed(third_path)
    assert {uid: e.sequence for uid, e in third.items()} == {
        uid: e.sequence for uid, e in second.items()
    }
    apply(calendar, third)
    assert shown(calendar) == expected


def test_a_window_brought_back_is_confirmed_again_with_a_higher_sequence(
    services: Services, admin: Actor, clock: FakeClock, tmp_path: Path
) -> None:
    bank = make_bank(services, admin)
    window = make_window(services, admin, bank.id, day_of_month=20, working_days_only=False)
    path = tmp_path / "out.ics"
    calendar: dict[str, Stored] = {}
    uid = f"window-{window.id}-20261020@callback-desk"
    sequences = []
    for step in ("export", "deactivate", "reactivate"):
        if step == "deactivate":
            services.windows.deactivate(admin, window.id)
        elif step == "reactivate":
            services.windows.reactivate(admin, window.id)
        clock.advance(timedelta(minutes=5))
        services.ics.export(admin, path, *RANGE)
        export = parsed(path)
        apply(calendar, export)
        sequences.append(export[uid].sequence)
        assert (uid in shown(calendar)) == (step != "deactivate")
    assert sequences == [0, 1, 2]
