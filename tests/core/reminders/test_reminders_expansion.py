"""What makes a reminder check cheap, on both databases: one expansion shared by the lead-time
reminders and the coverage gaps, expansions limited to the windows asked for, rule days
remembered until the calendar changes, the responders found in one statement, and new
reminders inserted in one batch that skips what another desk added meanwhile."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import CalendarOverride, Reminder
from desktop_app.core.reminders.sync import Wanted, existing_keys, insert_missing
from desktop_app.core.services import Services
from desktop_app.core.training.team import responder_ids
from desktop_app.core.windows.service import WindowPreset
from tests.conftest import START
from tests.helpers.factories import count_rows, make_bank, make_contract, make_person
from tests.helpers.reminders import Team, add_window, beijing, certify, make_team
from tests.helpers.window_factories import make_window

FORTNIGHT = (START, START + timedelta(days=14))


def busy_team(services: Services, admin: Actor) -> Team:
    """The reminder team with a one-off window, a daily one on its contract, a bank-wide monthly
    one (the bank's list: 陈静 alone), and an evening window nobody can take (a gap)."""
    team = make_team(services, admin)
    add_window(services, team)
    make_window(services, admin, team.bank_id, contract_id=team.contract.id, preset="working_days")
    services.responders.set_for_bank(admin, team.bank_id, [team.chen.id])
    make_window(services, admin, team.bank_id, title="全行月度核查", day_of_month=1)
    make_window(
        services,
        admin,
        team.bank_id,
        contract_id=team.contract.id,
        title="晚间回访",
        preset=WindowPreset.WORKING_DAYS,
        starts="19:00",
        ends="20:00",
    )
    return team


def test_a_survey_is_the_window_services_expansion_with_its_gaps(
    services: Services, admin: Actor
) -> None:
    busy_team(services, admin)
    late_hours = [(day, "09:00", "21:00") for day in range(5)]
    zhou = make_person(services, admin, name="周杰", office_hours=late_hours)
    certify(services, zhou.id)  # he could cover the evening window
    survey = services.coverage.survey(admin, *FORTNIGHT)
    found = services.windows.occurrences(admin, *FORTNIGHT)
    assert len(found) > 20
    assert survey.occurrences == found
    gaps = services.coverage.gaps(admin, *FORTNIGHT)
    assert [o.key for o in survey.uncovered(FORTNIGHT[1])] == [g.occurrence.key for g in gaps]
    assert gaps and all(g.occurrence.title == "晚间回访" for g in gaps)
    assert [s.name for s in survey.suggestions(gaps[0].occurrence)] == ["周杰"]
    assert [s.name for s in gaps[0].suggestions] == ["周杰"]
    early = survey.uncovered(START + timedelta(days=2))
    assert 0 < len(early) < len(gaps)
    assert all(o.starts_at < START + timedelta(days=2) for o in early)


def test_one_sync_gives_leads_within_its_horizon_and_gaps_within_the_coverage_days(
    services: Services, admin: Actor
) -> None:
    team = busy_team(services, admin)
    assert services.reminders.sync(team.desk).value > 10
    with services.store.read() as session:
        rows = list(session.scalars(select(Reminder)))
        leads = [r for r in rows if r.kind in ("prepare", "be_at_phone")]
        gaps = [r for r in rows if r.kind == "coverage_gap"]
        # lead reminders reach one day past the longest lead (one day): two days ahead at most
        assert leads and max(r.window_starts_at for r in leads) < START + timedelta(days=2)
        assert max(r.window_starts_at for r in gaps) > START + timedelta(days=10)
        assert all(r.window_starts_at < FORTNIGHT[1] for r in gaps)
        assert all(r.person_id == team.manager.id for r in gaps)
        assert all(r.details["suggestions"] == [] for r in gaps)  # nobody else certified
    assert services.reminders.sync(team.desk).value == 0


def test_the_window_service_expands_only_the_windows_asked_for(
    services: Services, admin: Actor
) -> None:
    team = busy_team(services, admin)
    everything = services.windows.occurrences(admin, *FORTNIGHT)
    windows = sorted({o.window_id for o in everything})
    assert len(windows) == 4
    some = services.windows.occurrences(admin, *FORTNIGHT, window_ids=windows[1:3])
    assert some == [o for o in everything if o.window_id in windows[1:3]]
    # 张伟 is on the contract's list, not on the bank's: the bank-wide window is not his
    zhangs = services.windows.occurrences(admin, *FORTNIGHT, responder_id=team.zhang.id)
    assert zhangs == [o for o in everything if o.contract_id == team.contract.id]
    assert len({o.window_id for o in zhangs}) == 3
    chens = services.windows.occurrences(admin, *FORTNIGHT, responder_id=team.chen.id)
    assert chens == everything
    nobody = make_person(services, admin, name="孙强")
    assert services.windows.occurrences(admin, *FORTNIGHT, responder_id=nobody.id) == []
    assert services.windows.occurrences(admin, *FORTNIGHT, window_ids=[]) == []


def test_remembered_rule_days_follow_the_company_calendar(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    make_window(services, admin, bank.id, preset=WindowPreset.WORKING_DAYS)
    span = (beijing(2026, 11, 30, 0), beijing(2026, 12, 5, 0))  # Monday to Friday

    def days() -> list[int]:
        return [o.starts_at.day for o in services.windows.occurrences(admin, *span)]

    assert days() == [30, 1, 2, 3, 4]
    assert days() == [30, 1, 2, 3, 4]  # remembered
    services.calendar.set_override(admin, date(2026, 12, 2), False, "公司年会")
    assert days() == [30, 1, 3, 4]
    services.calendar.set_override(admin, date(2026, 12, 2), None)
    assert days() == [30, 1, 2, 3, 4]
    # another desk's change, once this desk forgets what it read
    with services.store.write() as session:
        session.add(CalendarOverride(day=date(2026, 12, 3), is_workday=False, note="停电"))
    assert days() == [30, 1, 2, 3, 4]
    services.calendar.forget()
    assert days() == [30, 1, 2, 4]


def test_responders_whose_certificates_matter_are_found_in_one_statement(
    services: Services, admin: Actor
) -> None:
    own, inherited, closed, unused = (make_person(services, admin) for _ in range(4))
    listed = make_bank(services, admin, "招商银行", short_name="招行", aliases=[], phones=[])
    other = make_bank(services, admin, "北京银行", short_name="北京", aliases=[], phones=[])
    services.responders.set_for_bank(admin, listed.id, [inherited.id])
    services.responders.set_for_bank(admin, other.id, [unused.id])
    with_list = make_contract(services, admin, listed.id)
    services.responders.set_for_contract(admin, with_list.id, [own.id])
    make_contract(services, admin, listed.id)  # no list of its own: the bank's
    ended = make_contract(services, admin, other.id, status="closed")
    services.responders.set_for_contract(admin, ended.id, [closed.id])
    mine = make_contract(services, admin, other.id)
    services.responders.set_for_contract(admin, mine.id, [own.id])
    assert responder_ids(services.store) == {own.id, inherited.id}


def wanted(person_id: int, subject: str) -> Wanted:
    return Wanted(
        person_id=person_id,
        kind="prepare",
        subject=subject,
        lead_minutes=1440,
        urgent=False,
        due_at=START,
        expires_at=START + timedelta(days=1),
        more_details=lambda: {"suggestions": ["王敏"]},
    )


def test_a_batch_insert_skips_rows_another_desk_added_meanwhile(
    services: Services, admin: Actor
) -> None:
    team = make_team(services, admin)
    first = [wanted(team.li.id, "1@x"), wanted(team.zhang.id, "1@x")]
    with services.store.write() as session:
        assert insert_missing(session, first, set(), START) == 2
        assert len(existing_keys(session, ("prepare",), START)) == 2
    # a desk that read no rows before the other's commit: only the new one goes in
    with services.store.write() as session:
        seen: set[tuple[int, str, str, int]] = set()
        assert insert_missing(session, [*first, wanted(team.chen.id, "1@x")], seen, START) == 1
        assert len(seen) == 3
    assert count_rows(services, Reminder) == 3
    with services.store.read() as session:
        details = list(session.scalars(select(Reminder.details).order_by(Reminder.id)))
    assert details == [{"suggestions": ["王敏"]}] * 3
