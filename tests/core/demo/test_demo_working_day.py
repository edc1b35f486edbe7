"""The demo company looks like a real one on a normal working day, whatever the hour it is
loaded at: calls and deadlines in office hours, certificates earned, letters signed by someone
with a phone."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.demo.company import ADMIN, load_demo
from desktop_app.core.models import (
    CallRecord,
    Certificate,
    FollowUp,
    LessonProgress,
    Person,
    QuizAttempt,
)
from desktop_app.core.services import Services

BEIJING = ZoneInfo("Asia/Shanghai")
OPENS, CLOSES = time(8, 30), time(18, 0)  # the front desk opens at 08:30, finance at 09:00


@pytest.mark.parametrize("hour", [7, 23])
def test_nothing_happens_outside_office_hours(
    services: Services, clock: FakeClock, hour: int
) -> None:
    clock.set(datetime(2026, 12, 7, hour, 30, tzinfo=BEIJING))  # a Monday, before or after work
    load_demo(services, "demo-account", history=True)
    calendar = services.calendar
    with services.store.read() as session:
        calls = session.scalars(select(CallRecord.occurred_at)).all()
        dues = session.scalars(select(FollowUp.due_at)).all()
    assert calls and dues
    for moment in [*calls, *dues]:
        local = moment.astimezone(BEIJING)
        assert calendar.is_workday(local.date()), local
        assert OPENS <= local.time() <= CLOSES, local
    assert all(moment <= clock.now() for moment in calls)


def test_every_certificate_was_earned(services: Services) -> None:
    load_demo(services, "demo-account")
    path = services.training.course().path("finance_responder")
    with services.store.read() as session:
        certificates = session.scalars(select(Certificate)).all()
        assert certificates
        for certificate in certificates:
            read = set(
                session.scalars(
                    select(LessonProgress.lesson_code).where(
                        LessonProgress.person_id == certificate.person_id
                    )
                )
            )
            assert set(path.lessons) <= read
            attempt = session.get(QuizAttempt, certificate.attempt_id)
            assert attempt is not None and attempt.passed
            assert attempt.person_id == certificate.person_id
            assert attempt.finished_at is not None
            assert attempt.finished_at <= certificate.issued_at
            assert attempt.score * 100 >= path.pass_percent * attempt.total


def test_the_administrator_is_a_person_with_a_phone(services: Services) -> None:
    admin = load_demo(services, "demo-account")
    assert admin.name == ADMIN[0]
    with services.store.read() as session:
        person = session.get(Person, admin.person_id)
        assert person is not None
        assert person.mobile and person.extension and person.job_title
        titles = session.scalars(select(Person.job_title)).all()
    assert not [t for t in titles if any("a" <= c.lower() <= "z" for c in t)]  # no "Reception"
