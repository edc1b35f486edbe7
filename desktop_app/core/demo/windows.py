"""The demo company's contact windows, and the training certificates that make people on duty.

Written through the window service, like a person would, relative to the demo's "now": a
quarterly "first ten working days" window, a monthly one, a one-off appointment next week, one
in the evening outside office hours, and an appointment while both of its responders are away so
that Today shows a coverage gap.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Certificate, LessonProgress, QuizAttempt
from desktop_app.core.services import Services
from desktop_app.core.windows.service import WindowDraft, WindowPreset

CERTIFIED = ("王敏", "李娜", "张伟", "陈静", "周杰")  # 孙强, the trainee, is not yet
PATH = "finance_responder"


def _working_day_at(services: Services, start: datetime, clock: time, days: int) -> datetime:
    """The first working day at least ``days`` after ``start``, at ``clock`` company time."""
    zone = zoneinfo.ZoneInfo(services.org.get().timezone)
    day = start.astimezone(zone).date() + timedelta(days=days)
    for _step in range(30):
        if services.calendar.is_workday(day):
            break
        day += timedelta(days=1)
    return datetime.combine(day, clock, zone)


def _working_day_before(services: Services, start: datetime, clock: time, days: int) -> datetime:
    """The last working day at least ``days`` before ``start``, at ``clock`` company time."""
    zone = zoneinfo.ZoneInfo(services.org.get().timezone)
    day = start.astimezone(zone).date() - timedelta(days=days)
    for _step in range(30):
        if services.calendar.is_workday(day):
            break
        day -= timedelta(days=1)
    return datetime.combine(day, clock, zone)


def _certify(services: Services, people: dict[str, int], now: datetime) -> None:
    """Each certified person read the path's lessons, then passed its quiz, on working days in
    office hours, two months ago; the certificate is the one that attempt earned."""
    path = services.training.course().path(PATH)
    read_on = _working_day_before(services, now, time(14, 10), 64)
    passed_on = _working_day_before(services, now, time(10, 25), 60)
    total = path.quiz_questions
    with services.store.write() as session:
        for offset, name in enumerate(CERTIFIED):
            person = people[name]
            for step, lesson in enumerate(path.lessons):
                session.add(
                    LessonProgress(
                        person_id=person,
                        lesson_code=lesson,
                        completed_at=read_on + timedelta(minutes=12 * step + 7 * offset),
                    )
                )
            finished = passed_on + timedelta(minutes=25 * offset)
            attempt = QuizAttempt(
                person_id=person,
                path_code=PATH,
                started_at=finished - timedelta(minutes=18),
                finished_at=finished,
                score=total - offset % 2,
                total=total,
                passed=True,
                answers={},
            )
            session.add(attempt)
            session.flush()
            session.add(
                Certificate(
                    person_id=person,
                    path_code=PATH,
                    attempt_id=attempt.id,
                    issued_at=finished,
                    expires_at=finished + timedelta(days=365),
                )
            )


def load_window_demo(
    services: Services,
    admin: Actor,
    banks: dict[str, int],
    people: dict[str, int],
    contract_ids: list[int],
    now: datetime,
) -> int:
    """Add the demo windows and certificates; return how many windows were added."""
    _certify(services, people, now)
    icbc, ccb, cmb, bob = (
        banks[n] for n in ("中国工商银行", "中国建设银行", "招商银行", "北京银行")
    )
    visit = _working_day_at(services, now, time(10), 7)
    # 张伟 is on a business trip for four days; 李娜 takes a day off inside it.
    gap = _working_day_at(services, now, time(10), 1)
    if gap - now > timedelta(days=3):
        gap = now + timedelta(days=1)
    gap_day = datetime.combine(gap.date(), time(0), gap.tzinfo)
    services.people.add_absence(
        admin, people["李娜"], "leave", gap_day, gap_day + timedelta(days=1), "年假"
    )
    drafts = [
        WindowDraft(
            bank_id=icbc,
            contract_id=contract_ids[0],
            title="工行季度电话回访",
            preset=WindowPreset.FIRST_WORKING_DAYS_QUARTER,
            first_working_days=10,
            starts="09:30",
            ends="11:30",
        ),
        WindowDraft(
            bank_id=ccb,
            title="建行月度贷后核查",
            preset=WindowPreset.MONTHLY_ON_DAY,
            day_of_month=15,
            starts="14:00",
            ends="16:00",
            note="逢节假日顺延至下一个工作日",
        ),
        WindowDraft(
            bank_id=cmb,
            contract_id=contract_ids[4],
            kind="one_off",
            title="招行现场检查",
            one_off_start=visit,
            one_off_end=visit + timedelta(hours=2),
            note="何芳将于上午 10 点到厂检查工程进度",
        ),
        WindowDraft(
            bank_id=bob,
            contract_id=contract_ids[5],
            title="北京银行季度回访",
            preset=WindowPreset.FIRST_WORKING_DAYS_QUARTER,
            first_working_days=5,
            starts="18:30",
            ends="19:30",
            note="在下班时间之后，建议与银行确认",
        ),
        WindowDraft(
            bank_id=bob,
            contract_id=contract_ids[5],
            kind="one_off",
            title="北京银行核实工资发放",
            one_off_start=gap,
            one_off_end=gap + timedelta(hours=1),
            note="冯涛来电约定回访时间",
        ),
    ]
    for draft in drafts:
        services.windows.create(admin, draft)
    return len(drafts)
