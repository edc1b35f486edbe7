"""Reports on both databases: counts equal the call log's, missed and wrong numbers, return calls
in working hours, the trend's months, who sees what, the covering index."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect

from desktop_app.core.common.errors import PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import CallRecord, FollowUp
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.reports.outcomes import CATEGORY_KEYS, category_of, missed_condition
from desktop_app.core.reports.periods import Period, trend_months
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, make_bank, make_person

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = Period.month(date(2026, 11, 1))


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI).astimezone(UTC)


def add_call(services: Services, **values: object) -> int:
    values.setdefault("direction", "inbound")
    values.setdefault("caller_number", "")
    values.setdefault("caller_number_key", "")
    with services.store.write() as session:
        call = CallRecord(**values)
        session.add(call)
        session.flush()
        return call.id


@pytest.fixture
def seeded(services: Services, admin: Actor) -> dict[str, int]:
    """Two banks, two responders, a front-desk person, and calls of every kind around November,
    some on its edges in the company's time zone (Beijing, 8 hours ahead of UTC)."""
    icbc = make_bank(services, admin, "中国工商银行").id
    ccb = make_bank(services, admin, "中国建设银行").id
    wang = make_person(services, admin, "finance", "王敏").id
    li = make_person(services, admin, "finance", "李娜").id
    desk = make_person(services, admin, "front_desk", "刘洋").id
    rows = [
        # (bank, outcome, taken by, local moment, direction, logged by)
        (icbc, "transferred", wang, local(2026, 11, 1, 0, 5), "inbound", desk),  # first minute
        (icbc, "transferred", wang, local(2026, 11, 3, 10), "inbound", desk),
        (icbc, "answered", li, local(2026, 11, 4, 11), "inbound", wang),
        (icbc, "message", None, local(2026, 11, 5, 9), "inbound", desk),
        (icbc, "no_one", None, local(2026, 11, 6, 17), "inbound", desk),
        (icbc, "missed", None, local(2026, 11, 7, 12), "inbound", None),
        (icbc, "wrong_number", None, local(2026, 11, 8, 12), "inbound", desk),
        (icbc, "answered", wang, local(2026, 11, 5, 14), "return", wang),  # a return call
        (icbc, "transferred", li, local(2026, 11, 30, 23, 50), "inbound", desk),  # last minutes
        (icbc, "transferred", li, local(2026, 10, 31, 23, 59), "inbound", desk),  # October
        (icbc, "transferred", li, local(2026, 12, 1, 0, 0), "inbound", desk),  # December
        (ccb, "message", None, local(2026, 11, 12, 15), "inbound", desk),
        (ccb, "transferred", li, local(2026, 11, 13, 10), "inbound", None),
        (ccb, "no_one", None, local(2026, 9, 2, 10), "inbound", desk),
    ]
    for bank, outcome, taken, moment, direction, logged in rows:
        add_call(
            services,
            bank_id=bank,
            outcome=outcome,
            taken_by_id=taken,
            occurred_at=moment,
            direction=direction,
            logged_by_id=logged,
        )
    return {"icbc": icbc, "ccb": ccb, "wang": wang, "li": li, "desk": desk}


def test_every_count_equals_the_call_logs_filtered_count(
    services: Services, admin: Actor, seeded: dict[str, int]
) -> None:
    report = services.reports.build(admin, NOVEMBER, with_standing=False)
    log = services.call_log
    days = {"since": NOVEMBER.first, "until": NOVEMBER.last}
    assert [b.bank_name for b in report.banks] == ["中国工商银行", "中国建设银行"]
    for bank in report.banks:
        for key in CATEGORY_KEYS:
            query = CallLogQuery(bank_id=bank.bank_id, outcome=key, direction="inbound", **days)
            assert bank.calls.get(key) == log.count(admin, query), (bank.bank_name, key)
        everything = log.count(
            admin, CallLogQuery(bank_id=bank.bank_id, direction="inbound", **days)
        )
        wrong = log.count(
            admin,
            CallLogQuery(bank_id=bank.bank_id, direction="inbound", outcome="wrong_number", **days),
        )
        assert bank.calls.received == everything - wrong
    for person in report.people:
        assert person.calls_handled == log.count(
            admin, CallLogQuery(person_id=person.person_id, **days)
        ), person.name
    icbc = report.banks[0].calls
    assert (icbc.answered, icbc.transferred, icbc.message, icbc.no_one, icbc.missed) == (
        1,
        3,
        1,
        1,
        1,
    )
    assert icbc.received == 7 and icbc.answer_rate == pytest.approx(4 / 7)
    assert report.totals.received == 9 and report.totals.answer_rate == pytest.approx(5 / 9)
    handled = {p.name: p.calls_handled for p in report.people}
    assert handled["王敏"] == 3 and handled["李娜"] == 3  # 王敏's return call counts for her


def test_one_bank_and_a_quarter(services: Services, admin: Actor, seeded: dict[str, int]) -> None:
    quarter = Period.quarter(date(2026, 11, 20))
    assert (quarter.first, quarter.last) == (date(2026, 10, 1), date(2026, 12, 31))
    report = services.reports.build(admin, quarter, seeded["icbc"], with_standing=False)
    assert [b.bank_name for b in report.banks] == ["中国工商银行"]
    assert report.bank_filter == "中国工商银行"
    assert report.totals.transferred == 5  # October's and December's edges now inside


def test_missed_is_one_definition() -> None:
    assert category_of("missed") == "missed" and category_of("") == "missed"
    assert category_of("wrong_number") is None
    assert category_of("transferred") == "transferred"
    assert "'missed'" in str(missed_condition().compile(compile_kwargs={"literal_binds": True}))


def test_the_trend_counts_twelve_months_in_the_company_zone(
    services: Services, admin: Actor, seeded: dict[str, int]
) -> None:
    report = services.reports.build(admin, NOVEMBER, with_standing=False)
    months = [m.month for m in report.trend]
    assert months == trend_months(date(2026, 11, 30)) and len(months) == 12
    assert months[0] == date(2025, 12, 1) and months[-1] == date(2026, 11, 1)
    received = {m.month: m.calls.received for m in report.trend}
    assert received[date(2026, 11, 1)] == report.totals.received == 9
    assert received[date(2026, 10, 1)] == 1  # 23:59 on 31 October in Beijing
    assert received[date(2026, 9, 1)] == 1
    assert sum(received.values()) == 11  # December's call is after the trend


def test_return_calls_on_time_late_open_and_working_hours(
    services: Services, admin: Actor, seeded: dict[str, int]
) -> None:
    icbc = seeded["icbc"]
    friday_five = local(2026, 11, 6, 17)  # a Friday, an hour before the office closes
    with services.store.write() as session:
        for created, due, closed, status in (
            # asked Friday 17:00, returned Monday 10:00: two working hours, on time
            (friday_five, local(2026, 11, 9, 11), local(2026, 11, 9, 10), "closed"),
            # asked Thursday 9:00, due 11:00, returned Thursday 15:00: six hours, late
            (local(2026, 11, 12, 9), local(2026, 11, 12, 11), local(2026, 11, 12, 15), "closed"),
            # still open, its deadline passed (the clock says 25 November)
            (local(2026, 11, 20, 9), local(2026, 11, 20, 11), None, "open"),
            # still open, not due yet
            (local(2026, 11, 25, 9), local(2026, 11, 26, 11), None, "open"),
            # due in December: not this period's
            (local(2026, 11, 30, 17), local(2026, 12, 1, 10), local(2026, 12, 1, 9), "closed"),
        ):
            session.add(
                FollowUp(
                    kind="return_call",
                    bank_id=icbc,
                    assignee_id=seeded["wang"],
                    due_at=due,
                    created_at=created,
                    closed_at=closed,
                    status=status,
                )
            )
    report = services.reports.build(admin, NOVEMBER, with_standing=False)
    returns = report.banks[0].returns
    assert (returns.due, returns.on_time, returns.late, returns.still_open, returns.overdue) == (
        4,
        1,
        1,
        2,
        1,
    )
    assert returns.median_hours == pytest.approx(4.0)  # (2 + 6) / 2
    assert returns.p90_hours == pytest.approx(6.0)
    assert report.returns.due == 4
    wang = next(p for p in report.people if p.name == "王敏")
    assert (wang.returns_open, wang.returns_overdue) == (2, 1)


def test_working_hours_skip_holidays_and_count_make_up_days(services: Services) -> None:
    from desktop_app.core.reports.working_time import WorkingHours, percentile

    hours = WorkingHours(services.calendar, services.org.get())
    # 30 September 17:00 → 8 October 10:00: the National Day week (1–7 October) is off
    assert hours.hours(local(2026, 9, 30, 17), local(2026, 10, 8, 10)) == pytest.approx(2.0)
    # Friday 9 October 17:00 → Monday 12 October 10:00 crosses the make-up Saturday (9 hours)
    assert hours.hours(local(2026, 10, 9, 17), local(2026, 10, 12, 10)) == pytest.approx(11.0)
    assert hours.hours(local(2026, 10, 9, 17), local(2026, 10, 9, 16)) == 0.0
    assert percentile([], 0.5) is None
    assert percentile([1.0, 2.0, 3.0, 10.0], 0.9) == 10.0


def test_the_front_desk_sees_only_its_own_calls(
    services: Services, admin: Actor, seeded: dict[str, int]
) -> None:
    desk = services.identity.actor_for(seeded["desk"])
    report = services.reports.build(desk, NOVEMBER)
    assert report.scope == "own"
    assert report.banks == () and report.people == ()  # nothing per bank, nothing of loans
    # logged by 刘洋 in November: both transferred at the edges, the message, no one, the
    # transferred on the 3rd and CCB's message; not the wrong number, not the unlogged missed call
    assert (report.totals.transferred, report.totals.message, report.totals.no_one) == (3, 2, 1)
    assert report.totals.missed == 0 and report.totals.answered == 0
    trainee = actor_with_role(services, admin, "trainee")
    with pytest.raises(PermissionDenied):
        services.reports.build(trainee, NOVEMBER)


def test_periods_refuse_nonsense() -> None:
    with pytest.raises(ValidationError):
        Period.custom(date(2026, 11, 2), date(2026, 11, 1))
    with pytest.raises(ValidationError):
        Period.custom(date(2020, 1, 1), date(2026, 1, 1))
    assert Period.year(date(2026, 5, 5)).last == date(2026, 12, 31)
    assert Period.month(date(2024, 2, 10)).last == date(2024, 2, 29)


def test_the_report_reads_the_covering_index(app_ctx: AppContext) -> None:
    inspector = inspect(app_ctx.engine)
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("call_record")}
    assert indexes["ix_call_record_report_outcome"] == ["direction", "outcome", "occurred_at"]
    assert indexes["ix_call_record_report_bank"] == [
        "direction",
        "bank_id",
        "outcome",
        "occurred_at",
    ]
    assert indexes["ix_call_record_report_logged"][0] == "logged_by_id"
    follow_ups = {i["name"]: i["column_names"] for i in inspector.get_indexes("follow_up")}
    assert "ix_follow_up_report" in follow_ups
    assert follow_ups["ix_follow_up_open_returns"] == ["kind", "status", "assignee_id", "due_at"]
    assert follow_ups["ix_follow_up_returned"][-2:] == ["created_at", "closed_at"]
