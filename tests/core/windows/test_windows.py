"""Contact windows on both databases: editing, checks, permissions, audit, and occurrences around
Chinese holidays, make-up workdays, company overrides and a bank abroad."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import ConflictError, PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import AuditEntry, ContactWindow
from desktop_app.core.services import Services
from desktop_app.core.windows.service import WindowDraft, WindowPreset
from tests.helpers.factories import actor_with_role, count_rows, make_bank, make_contract
from tests.helpers.window_factories import beijing, make_window

Q4 = (beijing(date(2026, 9, 1), 0), beijing(date(2027, 1, 1), 0))


def audit_rows(services: Services) -> list[AuditEntry]:
    with services.store.read() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == "contact_window")
                .order_by(AuditEntry.id)
            )
        )


def test_create_read_update_and_deactivate_are_audited(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "ICBC-01")
    outcome = services.windows.create(
        admin,
        WindowDraft(
            bank_id=bank.id,
            contract_id=contract.id,
            title="工行季度回访",
            preset=WindowPreset.FIRST_WORKING_DAYS_QUARTER,
            first_working_days="10",
            starts="09:30",
            ends="11:30",
        ),
    )
    created = outcome.value
    assert outcome.changes.touches(Area.WINDOWS)
    assert (Area.WINDOWS, created.id) in outcome.changes.ids
    assert created.rrule == "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1"
    assert created.first_working_days == 10 and created.contract_number == "ICBC-01"
    assert created.timezone == "Asia/Shanghai"  # the organisation's by default
    assert created.description == (
        "The first 10 working days of each quarter, 09:30–11:30 (China (Shanghai) Time)"
    )
    assert services.windows.get(admin, created.id) == created
    assert [w.id for w in services.windows.list(admin, bank_id=bank.id)] == [created.id]

    draft = created.draft()
    draft.preset, draft.day_of_month = WindowPreset.MONTHLY_ON_DAY, 20
    updated = services.windows.update(admin, created.id, draft, created.version).value
    assert updated.rrule == "FREQ=MONTHLY;BYMONTHDAY=20" and updated.first_working_days is None
    assert updated.day_of_month == 20 and updated.version == created.version + 1
    with pytest.raises(ConflictError):
        services.windows.update(admin, created.id, draft, created.version)

    stopped = services.windows.deactivate(admin, created.id).value
    assert not stopped.active
    assert services.windows.list(admin) == []
    assert [w.id for w in services.windows.list(admin, include_inactive=True)] == [created.id]
    assert services.windows.occurrences(admin, *Q4) == []

    rows = audit_rows(services)
    assert [r.action for r in rows] == ["create", "update", "update"]
    assert rows[0].after is not None and rows[0].after["first_working_days"] == 10
    assert rows[1].before == {
        "rrule": "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1",
        "preset": "first_working_days_quarter",
        "first_working_days": 10,
        "version": 1,
    }
    assert rows[2].after == {"active": False}
    assert all(r.actor_name == "Admin" for r in rows)


def test_every_wrong_field_is_named_and_nothing_is_written(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    other = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=["CCB"])
    elsewhere = make_contract(services, admin, other.id, "CCB-9")
    with pytest.raises(ValidationError) as caught:
        services.windows.create(
            admin,
            WindowDraft(
                bank_id=bank.id,
                contract_id=elsewhere.id,
                preset=WindowPreset.FIRST_WORKING_DAYS_MONTH,
                first_working_days=24,
                starts="18:00",
                ends="9:00",
                timezone="Mars/Olympus",
                valid_from="2026-12-01",
                valid_until="2026-11-01",
            ),
        )
    problems = {p.field: p.text() for p in caught.value.problems}
    assert problems == {
        "contract_id": "Contract CCB-9 is not a loan from this bank.",
        "timezone": "“Mars/Olympus” is not a time zone.",
        "ends": "The window must end after it starts.",
        "valid_until": "The last day cannot be before the first day.",
        "first_working_days": "Enter a number of working days from 1 to 23.",
    }
    assert count_rows(services, ContactWindow) == 0


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"preset": WindowPreset.CUSTOM, "rrule": "FREQ=OFTEN"},
            "rrule",
            "“FREQ=OFTEN” is not a rule the calendar understands.",
        ),
        ({"preset": WindowPreset.CUSTOM}, "rrule", "Enter the rule, such as FREQ=WEEKLY;BYDAY=TU."),
        (
            {"preset": WindowPreset.MONTHLY_ON_DAY, "day_of_month": "32"},
            "day_of_month",
            "Enter a day of the month from 1 to 31.",
        ),
        (
            {"preset": WindowPreset.AFTER_DRAWDOWN, "after_drawdown_months": 3},
            "contract_id",
            "Choose the contract whose drawdown starts the window.",
        ),
        (
            {"preset": WindowPreset.CUSTOM, "rrule": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"},
            "rrule",
            "“FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30” gives no date within four years.",
        ),
        ({"starts": "25:00"}, "starts", "“25:00” is not a time of day."),
        ({"preset": "fortnightly"}, "preset", "“fortnightly” is not one of the choices."),
        (
            {
                "kind": "one_off",
                "one_off_start": "2026-12-03 10:00",
                "one_off_end": "2026-12-03 09:00",
            },
            "one_off_end",
            "The appointment must end after it starts.",
        ),
        (
            {"kind": "one_off", "one_off_start": "3 December", "one_off_end": "2026-12-03 11:00"},
            "one_off_start",
            "“3 December” is not a date and time.",
        ),
    ],
)
def test_validation_messages(
    services: Services, admin: Actor, values: dict[str, object], field: str, message: str
) -> None:
    bank = make_bank(services, admin)
    values = {"starts": "10:00", "ends": "11:00", "day_of_month": 1, **values}
    with pytest.raises(ValidationError) as caught:
        services.windows.create(admin, WindowDraft(bank_id=bank.id, **values))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.text() == message
    assert count_rows(services, ContactWindow) == 0


def test_after_drawdown_needs_a_drawdown_date(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "NO-DRAW", drawdown_date=None)
    with pytest.raises(ValidationError) as caught:
        make_window(
            services,
            admin,
            bank.id,
            contract_id=contract.id,
            preset=WindowPreset.AFTER_DRAWDOWN,
            after_drawdown_months=3,
        )
    assert caught.value.text() == "Contract NO-DRAW has no drawdown date."


def test_the_front_desk_reads_but_cannot_edit(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    window = make_window(services, admin, bank.id)
    desk = actor_with_role(services, admin, "front_desk")
    assert [w.id for w in services.windows.list(desk)] == [window.id]
    assert len(services.windows.occurrences(desk, *Q4)) == 4  # 15 Sep, Oct, Nov, Dec
    with pytest.raises(PermissionDenied):
        services.windows.create(desk, WindowDraft(bank_id=bank.id, starts="10:00", ends="11:00"))
    with pytest.raises(PermissionDenied):
        services.windows.update(desk, window.id, window.draft(), window.version)
    with pytest.raises(PermissionDenied):
        services.windows.deactivate(desk, window.id)
    assert services.windows.get(admin, window.id) == window
    assert len(audit_rows(services)) == 1


def test_first_ten_working_days_of_the_quarter_around_golden_week(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    window = make_window(
        services,
        admin,
        bank.id,
        preset=WindowPreset.FIRST_WORKING_DAYS_QUARTER,
        first_working_days=10,
        starts="09:30",
        ends="11:30",
    )
    found = services.windows.occurrences(admin, *Q4)
    assert [o.starts_at for o in found] == [
        beijing(date(2026, 10, d), 9, 30) for d in (8, 9, 10, 12, 13, 14, 15, 16, 19, 20)
    ]
    assert all(o.ends_at - o.starts_at == timedelta(hours=2) for o in found)
    saturday = found[2]
    assert saturday.starts_at == datetime(2026, 10, 10, 1, 30, tzinfo=UTC)
    assert not saturday.non_working_day  # a make-up workday
    assert saturday.warnings == ("No responder is designated",)
    assert saturday.key == f"{window.id}@20261010T013000Z"
    assert all(o.kind == "recurring" and o.bank_name == bank.name for o in found)


def test_company_overrides_change_the_working_days(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    make_window(
        services,
        admin,
        bank.id,
        preset=WindowPreset.FIRST_WORKING_DAYS_QUARTER,
        first_working_days=10,
    )
    services.calendar.set_override(admin, date(2026, 10, 12), False, "公司年会")
    services.calendar.set_override(admin, date(2026, 10, 11), True, "补班")
    found = services.windows.occurrences(admin, *Q4)
    assert [o.starts_at for o in found] == [
        beijing(date(2026, 10, d), 10) for d in (8, 9, 10, 11, 13, 14, 15, 16, 19, 20)
    ]


def test_a_window_kept_on_a_holiday_or_after_hours_is_flagged(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    make_window(
        services,
        admin,
        bank.id,
        day_of_month=1,
        working_days_only=False,
        starts="18:30",
        ends="19:30",
    )
    found = services.windows.occurrences(
        admin, beijing(date(2026, 10, 1), 0), beijing(date(2026, 11, 1), 0)
    )
    assert len(found) == 1
    holiday = found[0]
    assert holiday.starts_at == beijing(date(2026, 10, 1), 18, 30)
    assert holiday.non_working_day and holiday.outside_office_hours
    assert holiday.warnings == (
        "Public holiday: National Day",
        "Outside office hours (09:00–18:00)",
        "No responder is designated",
    )
    later = services.windows.occurrences(
        admin, beijing(date(2026, 12, 1), 0), beijing(date(2026, 12, 2), 0)
    )
    assert [(o.non_working_day, o.outside_office_hours) for o in later] == [(False, True)]
    services.calendar.set_override(admin, date(2026, 12, 1), False, "")
    later = services.windows.occurrences(
        admin, beijing(date(2026, 12, 1), 0), beijing(date(2026, 12, 2), 0)
    )
    assert later[0].non_working_day
    assert "Not a working day (company calendar)" in later[0].warnings


def test_a_bank_abroad_is_judged_in_the_companys_hours(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin, "HSBC London", short_name="HSBC", aliases=["汇丰"])
    morning = make_window(
        services, admin, bank.id, timezone="Europe/London", starts="09:00", ends="10:00"
    )
    late = make_window(
        services, admin, bank.id, timezone="Europe/London", starts="10:30", ends="11:30"
    )
    day = (beijing(date(2026, 12, 15), 0), beijing(date(2026, 12, 16), 0))
    found = {o.window_id: o for o in services.windows.occurrences(admin, *day)}
    # December in London is UTC+0, eight hours behind Beijing.
    assert found[morning.id].starts_at == datetime(2026, 12, 15, 9, 0, tzinfo=UTC)
    assert not found[morning.id].outside_office_hours  # 17:00–18:00 in Beijing
    assert found[late.id].outside_office_hours  # 18:30–19:30 in Beijing
    services.org.update(admin, company_name="示例公司")
    letter = services.windows.confirmation_letter(admin, found[late.id].key, "en").text()
    assert "Tuesday, December 15, 2026 10:30–11:30 (United Kingdom Time)" in letter
    assert "Tuesday, December 15, 2026 09:00–10:00 (United Kingdom Time)" not in letter
    # Not 01:00 London time: the next hour within both our hours and 08:00–20:00 in London.
    assert "Wednesday, December 16, 2026 08:00–09:00 (United Kingdom Time)" in letter
    assert "Working days, 09:00–18:00 (China (Shanghai) Time)" in letter
    july = services.windows.occurrences(
        admin, beijing(date(2026, 7, 15), 0), beijing(date(2026, 7, 16), 0)
    )
    # British Summer Time: 09:00 in London is 08:00 UTC.
    assert july[0].starts_at == datetime(2026, 7, 15, 8, 0, tzinfo=UTC)


def test_one_off_appointments(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "ICBC-7")
    window = make_window(
        services,
        admin,
        bank.id,
        contract_id=contract.id,
        kind="one_off",
        title="马骏 calls about the invoices",
        one_off_start="2026-12-03 10:00",
        one_off_end="2026年12月3日 11:30",
    )
    assert window.one_off_start == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    assert window.rrule == "" and window.starts is None
    assert window.description.startswith("One-off: ")
    found = services.windows.occurrences(admin, *Q4)
    assert [(o.key, o.kind, o.contract_number) for o in found] == [
        (f"{window.id}@20261203T020000Z", "one_off", "ICBC-7")
    ]
    assert services.windows.occurrence(admin, found[0].key) == found[0]
    assert services.windows.occurrence(admin, f"{window.id}@20261204T020000Z") is None
    assert services.windows.occurrence(admin, "nonsense") is None
    assert services.windows.occurrences(admin, found[0].ends_at, Q4[1]) == []
    draft = window.draft()
    assert draft.one_off_start == beijing(date(2026, 12, 3), 10)


def test_after_drawdown_windows_follow_the_contract(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "DRAW-1", drawdown_date=date(2026, 9, 21))
    window = make_window(
        services,
        admin,
        bank.id,
        contract_id=contract.id,
        preset=WindowPreset.AFTER_DRAWDOWN,
        after_drawdown_months=1,
        working_days_only=False,  # the preset always keeps to working days
    )
    assert window.working_days_only
    found = services.windows.occurrences(admin, *Q4)
    days = [o.starts_at.date() for o in found]
    assert days[0] == date(2026, 9, 21) and days[-1] == date(2026, 10, 20)
    assert date(2026, 10, 10) in days  # make-up Saturday
    assert not {date(2026, 9, 25), date(2026, 10, 1), date(2026, 10, 11)} & set(days)
    assert len(days) == 17


def test_a_closed_contract_s_windows_have_no_dates(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "CLOSED-1")
    make_window(services, admin, bank.id, contract_id=contract.id, title="合同窗口")
    make_window(services, admin, bank.id, title="全行窗口")

    def titles() -> set[str]:
        return {o.title for o in services.windows.occurrences(admin, *Q4)}

    assert titles() == {"合同窗口", "全行窗口"}
    services.contracts.set_status(admin, contract.id, "closed")  # repaid
    assert titles() == {"全行窗口"}
    services.contracts.set_status(admin, contract.id, "active")
    assert titles() == {"合同窗口", "全行窗口"}


def test_preview_checks_the_draft_and_writes_nothing(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    draft = WindowDraft(
        bank_id=bank.id,
        preset=WindowPreset.QUARTERLY_ON_DAY,
        day_of_month=5,
        starts="10:00",
        ends="11:00",
    )
    found = services.windows.preview(admin, draft, count=3)
    assert [o.starts_at.date() for o in found] == [
        date(2027, 1, 5),
        date(2027, 4, 5),
        date(2027, 7, 5),
    ]
    assert count_rows(services, ContactWindow) == 0
    draft.ends = "09:00"
    with pytest.raises(ValidationError):
        services.windows.preview(admin, draft)


def test_better_time_and_the_confirmation_letter(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    window = make_window(services, admin, bank.id, day_of_month=30, starts="18:30", ends="19:30")
    occurrence = services.windows.occurrences(
        admin, beijing(date(2026, 9, 29), 0), beijing(date(2026, 10, 1), 0)
    )[0]
    assert occurrence.outside_office_hours
    # 30 September is a Wednesday; 1–7 October are National Day; the 8th is the next working day.
    better = (beijing(date(2026, 10, 8), 9), beijing(date(2026, 10, 8), 10))
    assert services.windows.suggest_better_time(admin, occurrence.key) == better
    with pytest.raises(ValidationError) as caught:
        services.windows.confirmation_letter(admin, occurrence.key, "en")
    assert caught.value.field == "company_name"
    services.org.update(admin, company_name="北京示例精密制造有限公司")
    letter = services.windows.confirmation_letter(admin, occurrence.key, "en")
    assert (letter.suggested_start, letter.suggested_end) == better
    assert letter.title == "Request to Confirm the Post-loan Callback Time"
    text = letter.text()
    assert "18:30–19:30" in text and "09:00–10:00" in text
    assert "outside our office hours (09:00–18:00)" in text
    assert "Asia/Shanghai" not in text  # the bank's zone is named only when it differs
    assert "北京示例精密制造有限公司" in text and bank.name in text
    assert "<table" in letter.html() and "&lt;" not in letter.title
    chinese = services.windows.confirmation_letter(admin, occurrence.key, "zh_CN")
    assert chinese.language == "zh_CN" and chinese.date_line == "2026年11月25日"
    assert "2026年10月8日" in chinese.text()
    with pytest.raises(ValidationError):
        services.windows.confirmation_letter(admin, occurrence.key, "fr")
    assert window.id == occurrence.window_id
