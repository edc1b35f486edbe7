"""Registered numbers: normalised, duplicates refused, stale for the right reasons, confirmed,
follow-ups requested once, and the change-notice letter in Chinese and English."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import NotFound, PermissionDenied, ValidationError
from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.banks import OfficerDraft
from desktop_app.core.register.numbers import NumberDraft, full_months_between, months_before
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, make_bank, make_contract, make_person

BEIJING = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)
COMPANY = "北京恒远科技有限公司"


def draft(bank_id: int, number: str = "010-6552 0001", **values: object) -> NumberDraft:
    values.setdefault("last_confirmed_on", TODAY)
    return NumberDraft(bank_id=bank_id, number=number, **values)  # type: ignore[arg-type]


def reason_codes(services: Services, admin: Actor, number_id: int) -> list[str]:
    return [r.code for r in services.numbers.get(admin, number_id).stale_reasons]


def test_months_arithmetic() -> None:
    assert months_before(date(2026, 11, 25), 6) == date(2026, 5, 25)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
    assert full_months_between(date(2026, 5, 25), date(2026, 11, 25)) == 6
    assert full_months_between(date(2026, 5, 26), date(2026, 11, 25)) == 5
    assert full_months_between(date(2026, 12, 1), date(2026, 11, 25)) == 0


def test_create_normalises_with_the_org_area_code(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "C-100")
    person = make_person(services, admin, name="王敏")
    outcome = services.numbers.create(
        admin,
        draft(
            bank.id,
            " 6552 0001 ",
            label=" 财务部座机 ",
            person_id=person.id,
            contract_id=contract.id,
            last_confirmed_on="2026/9/1",
        ),
    )
    view = outcome.value
    assert outcome.changes.ids == ((Area.NUMBERS, view.id),)
    assert (view.number, view.number_key) == ("010 6552 0001", "+861065520001")
    assert (view.label, view.bank_name, view.contract_number) == ("财务部座机", bank.name, "C-100")
    assert (view.person_name, view.person_active) == ("王敏", True)
    assert view.last_confirmed_on == date(2026, 9, 1)
    assert view.months_since_confirmed == 2
    assert view.stale_reasons == ()
    assert services.numbers.list(admin) == [view]


def test_the_same_number_twice_in_one_scope_is_refused(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    other_bank = make_bank(services, admin, "中国建设银行", short_name="建行", aliases=[])
    first, second = (make_contract(services, admin, bank.id) for _ in range(2))
    services.numbers.create(admin, draft(bank.id, "010-65520001"))
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(admin, draft(bank.id, "65520001"))
    assert caught.value.field == "number"
    assert caught.value.text() == "The bank already has 010 6552 0001 on file."
    services.numbers.create(admin, draft(bank.id, "65520001", contract_id=first.id))
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(admin, draft(bank.id, "(010) 6552-0001", contract_id=first.id))
    assert caught.value.text() == "The bank already has 010 6552 0001 on file for this contract."
    services.numbers.create(admin, draft(bank.id, "65520001", contract_id=second.id))
    services.numbers.create(admin, draft(other_bank.id, "65520001"))
    assert len(services.numbers.list(admin)) == 4
    assert len(services.numbers.list(admin, bank_id=bank.id)) == 3


def test_a_deactivated_number_may_be_registered_again(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    old = services.numbers.create(admin, draft(bank.id)).value
    gone = services.numbers.deactivate(admin, old.id).value
    assert gone.active is False
    assert gone.stale_reasons == ()
    again = services.numbers.create(admin, draft(bank.id)).value
    assert [v.id for v in services.numbers.list(admin)] == [again.id]
    assert {v.id for v in services.numbers.list(admin, include_inactive=True)} == {old.id, again.id}
    kept = services.numbers.update(
        admin, again.id, draft(bank.id, "65520001", label="总机"), again.version
    )
    assert (kept.value.id, kept.value.label) == (again.id, "总机")


def test_an_update_may_not_create_a_duplicate(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    first = services.numbers.create(admin, draft(bank.id, "010 6552 0001")).value
    second = services.numbers.create(admin, draft(bank.id, "010 6552 0002")).value
    with pytest.raises(ValidationError):
        services.numbers.update(admin, second.id, draft(bank.id, "65520001"), second.version)
    updated = services.numbers.update(
        admin, first.id, draft(bank.id, "65520001", label="总机"), first.version
    )
    assert updated.value.label == "总机"
    assert services.numbers.get(admin, second.id).number == "010 6552 0002"


def test_someone_else_s_mobile_is_refused(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    wang = make_person(services, admin, name="王敏", mobile="13801012345")
    li = make_person(services, admin, name="李娜")
    for person_id in (li.id, None):
        with pytest.raises(ValidationError) as caught:
            services.numbers.create(admin, draft(bank.id, "138 0101 2345", person_id=person_id))
        assert (
            caught.value.text() == "138 0101 2345 is the mobile of 王敏: choose them as the person."
        )
    view = services.numbers.create(admin, draft(bank.id, "+86 138-0101-2345", person_id=wang.id))
    assert view.value.person_name == "王敏"


def test_invalid_drafts_are_refused(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    other = make_bank(services, admin, "招商银行", short_name="招行", aliases=[])
    contract = make_contract(services, admin, other.id)
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(
            admin, draft(bank.id, "not a number", last_confirmed_on=TODAY + timedelta(days=1))
        )
    assert [p.field for p in caught.value.problems] == ["number", "last_confirmed_on"]
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(admin, draft(bank.id, contract_id=contract.id))
    assert caught.value.field == "contract_id"
    with pytest.raises(ValidationError) as caught:
        services.numbers.create(admin, draft(bank.id + 100))
    assert caught.value.field == "bank_id"
    with pytest.raises(NotFound):
        services.numbers.confirm(admin, 999)
    assert services.numbers.list(admin) == []


def test_front_desk_and_trainees_cannot_change_numbers(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    number = services.numbers.create(admin, draft(bank.id)).value
    for role in ("front_desk", "trainee"):
        actor = actor_with_role(services, admin, role)
        with pytest.raises(PermissionDenied):
            services.numbers.create(actor, draft(bank.id, "010 6552 0009"))
        with pytest.raises(PermissionDenied):
            services.numbers.confirm(actor, number.id)
        with pytest.raises(PermissionDenied):
            services.numbers.request_confirmation(actor, bank.id)
        with pytest.raises(PermissionDenied):
            services.numbers.change_notice(actor, bank.id, "zh_CN")
        assert [v.id for v in services.numbers.list(actor)] == [number.id]
    finance = actor_with_role(services, admin, "finance")
    services.numbers.create(finance, draft(bank.id, "010 6552 0009"))
    assert len(services.numbers.list(admin)) == 2


def test_a_number_goes_stale_when_not_confirmed_in_time(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin)
    number = services.numbers.create(admin, draft(bank.id, person_id=person.id)).value
    clock.set(datetime(2027, 5, 25, 10, tzinfo=BEIJING))  # exactly six months later
    assert reason_codes(services, admin, number.id) == []
    assert services.numbers.stale_count(admin) == 0
    clock.set(datetime(2027, 5, 26, 10, tzinfo=BEIJING))
    view = services.numbers.get(admin, number.id)
    assert [r.code for r in view.stale_reasons] == ["not_confirmed"]
    assert view.months_since_confirmed == 6
    assert view.stale_reasons[0].text() == "Last confirmed 6 months ago, on Nov 25, 2026."
    assert view.stale_reasons[0].label() == "Not confirmed recently"
    assert services.numbers.stale_count(admin) == 1
    assert [v.id for v in services.numbers.list(admin, stale_only=True)] == [number.id]
    services.org.update(admin, stale_after_months=12)
    assert services.numbers.stale_count(admin) == 0


def test_a_number_never_confirmed_is_stale(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin)
    number = services.numbers.create(
        admin, draft(bank.id, person_id=person.id, last_confirmed_on=None)
    ).value
    assert [r.code for r in number.stale_reasons] == ["not_confirmed"]
    assert number.months_since_confirmed is None
    assert number.stale_reasons[0].text() == "The bank has never confirmed this number."


def test_a_number_of_no_one_or_of_an_inactive_person_is_stale(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin, name="孙强")
    nobody = services.numbers.create(admin, draft(bank.id, "010 6552 0001")).value
    his = services.numbers.create(admin, draft(bank.id, "010 6552 0002", person_id=person.id))
    assert [r.code for r in nobody.stale_reasons] == ["no_person"]
    assert nobody.stale_reasons[0].text() == "The number no longer belongs to anyone."
    assert his.value.stale_reasons == ()
    services.people.set_active(admin, person.id, False)
    view = services.numbers.get(admin, his.value.id)
    assert [r.code for r in view.stale_reasons] == ["person_inactive"]
    assert view.stale_reasons[0].text() == "孙强 is no longer active."
    assert view.person_active is False
    assert services.numbers.stale_count(admin) == 2


def test_only_a_long_absence_covering_now_makes_a_number_stale(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin, name="李娜")
    number = services.numbers.create(admin, draft(bank.id, person_id=person.id)).value
    start = datetime(2026, 11, 20, 9, tzinfo=BEIJING)
    services.people.add_absence(admin, person.id, "leave", start, start + timedelta(days=29))
    assert reason_codes(services, admin, number.id) == []
    later = datetime(2027, 1, 10, 9, tzinfo=BEIJING)
    services.people.add_absence(admin, person.id, "sick", later, later + timedelta(days=30))
    assert reason_codes(services, admin, number.id) == []  # not yet begun
    clock.set(later + timedelta(days=2))
    view = services.numbers.get(admin, number.id)
    assert [r.code for r in view.stale_reasons] == ["person_absent_long"]
    assert view.stale_reasons[0].text() == "李娜 is away until Feb 9, 2027."
    clock.set(later + timedelta(days=30))
    assert reason_codes(services, admin, number.id) == []


def test_list_by_contract_includes_the_bank_wide_numbers(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    other = make_bank(services, admin, "北京银行", short_name="北京银行", aliases=[])
    first, second = (make_contract(services, admin, bank.id) for _ in range(2))
    wide = services.numbers.create(admin, draft(bank.id, "010 6552 0001")).value
    own = services.numbers.create(admin, draft(bank.id, "010 6552 0002", contract_id=first.id))
    services.numbers.create(admin, draft(bank.id, "010 6552 0003", contract_id=second.id))
    services.numbers.create(admin, draft(other.id, "010 6552 0004"))
    listed = services.numbers.list(admin, contract_id=first.id)
    assert [v.id for v in listed] == [wide.id, own.value.id]


def test_confirm_closes_the_number_s_notify_follow_ups(
    services: Services, admin: Actor, clock: FakeClock
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin)
    number = services.numbers.create(
        admin, draft(bank.id, person_id=person.id, last_confirmed_on=date(2026, 1, 5))
    ).value
    other = services.numbers.create(
        admin, draft(bank.id, "010 6552 0002", person_id=person.id, last_confirmed_on=None)
    ).value
    created = services.numbers.request_confirmation(admin, bank.id).value
    assert {f.number_id for f in created} == {number.id, other.id}
    assert services.numbers.get(admin, number.id).notify_follow_up_id is not None
    clock.advance(timedelta(days=2))
    outcome = services.numbers.confirm(admin, number.id)
    assert outcome.changes.touches(Area.FOLLOW_UPS)
    view = outcome.value
    assert (view.last_confirmed_on, view.stale_reasons) == (date(2026, 11, 27), ())
    assert view.notify_follow_up_id is None
    closed = services.follow_ups.list(admin, status="closed")
    assert [(f.number_id, f.closed_at) for f in closed] == [(number.id, clock.now())]
    assert closed[0].closing_note == "The bank confirmed 010 6552 0001 on Nov 27, 2026."
    still_open = services.follow_ups.list(admin)
    assert [f.number_id for f in still_open] == [other.id]
    entries = services.audit.recent(admin, entity="registered_number", entity_id=number.id)
    assert [e.action for e in entries] == ["confirm", "create"]
    assert entries[0].after == {"last_confirmed_on": "2026-11-27"}
    with pytest.raises(ValidationError):
        services.numbers.confirm(admin, number.id, date(2026, 11, 28))


def test_request_confirmation_assigns_and_never_duplicates(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    contract = make_contract(services, admin, bank.id, "C-7")
    primary, backup, wide = (make_person(services, admin) for _ in range(3))
    services.responders.set_for_contract(admin, contract.id, [primary.id, backup.id])
    services.responders.set_for_bank(admin, bank.id, [wide.id])
    on_contract = services.numbers.create(
        admin, draft(bank.id, contract_id=contract.id, last_confirmed_on=None)
    ).value
    bank_wide = services.numbers.create(
        admin, draft(bank.id, "95588", last_confirmed_on=date(2025, 1, 1))
    ).value
    fresh = services.numbers.create(admin, draft(bank.id, "010 6552 0003", person_id=primary.id))
    outcome = services.numbers.request_confirmation(admin, bank.id)
    assert outcome.changes.touches(Area.FOLLOW_UPS)
    by_number = {f.number_id: f for f in outcome.value}
    assert set(by_number) == {on_contract.id, bank_wide.id}
    assert fresh.value.id not in by_number
    assert by_number[on_contract.id].assignee_name == primary.name
    assert by_number[bank_wide.id].assignee_name == wide.name
    # Ten working days after Wednesday 25 November 2026, at the end of office hours.
    due = datetime(2026, 12, 9, 18, tzinfo=BEIJING)
    assert all(f.due_at == due and f.kind == "notify_bank" for f in outcome.value)
    assert by_number[on_contract.id].contract_number == "C-7"
    assert by_number[on_contract.id].bank_name == bank.name
    assert "010 6552 0001" in by_number[on_contract.id].description
    assert services.numbers.request_confirmation(admin, bank.id).value == ()
    assert len(services.follow_ups.list(admin)) == 2
    services.people.set_active(admin, primary.id, False)
    services.follow_ups.close(admin, by_number[on_contract.id].id, "sent")
    again = services.numbers.request_confirmation(admin, bank.id).value
    assert [(f.number_id, f.assignee_name) for f in sorted(again, key=lambda f: f.number_id)] == [
        (on_contract.id, backup.name),
        (fresh.value.id, wide.name),
    ]


def test_request_confirmation_falls_back_to_the_acting_person(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    services.numbers.create(admin, draft(bank.id, last_confirmed_on=None))
    finance = actor_with_role(services, admin, "finance")
    created = services.numbers.request_confirmation(finance, bank.id).value
    assert [f.assignee_id for f in created] == [finance.person_id]
    entries = services.audit.recent(admin, entity="follow_up")
    assert [(e.action, e.entity_id, e.actor_name) for e in entries] == [
        ("create", created[0].id, finance.name)
    ]


@pytest.fixture
def letter_bank(services: Services, admin: Actor) -> int:
    """ICBC with a post-loan officer, one contract, a departed person's number and a new primary."""
    services.org.update(admin, company_name=COMPANY)
    bank = make_bank(
        services,
        admin,
        officers=[
            OfficerDraft("赵磊", "relationship_manager"),
            OfficerDraft("钱芳", "post_loan_officer"),
        ],
    )
    contract = make_contract(services, admin, bank.id, "0200-2025-LD-0137")
    old = make_person(services, admin, name="孙强", mobile="15201078901")
    new = make_person(services, admin, name="王敏", mobile="13801012345", job_title="财务经理")
    services.responders.set_for_contract(admin, contract.id, [old.id, new.id])
    services.numbers.create(
        admin, draft(bank.id, "152 0107 8901", person_id=old.id, contract_id=contract.id)
    )
    services.numbers.create(
        admin,
        draft(bank.id, "010 6552 0001", person_id=new.id, last_confirmed_on=date(2025, 12, 1)),
    )
    services.numbers.create(admin, draft(bank.id, "010 6552 0002", person_id=new.id))
    services.people.set_active(admin, old.id, False)
    return bank.id


def test_change_notice_in_chinese(services: Services, admin: Actor, letter_bank: int) -> None:
    notice = services.numbers.change_notice(admin, letter_bank, "zh_CN")
    text = notice.text()
    assert notice.title == "号码变更通知函"
    assert notice.addressee == ("致：中国工商银行北京朝阳支行", "收件人：钱芳（贷后专员）")
    assert notice.date_line == "2026年11月25日"
    assert notice.closing == "特此函告。"
    assert notice.company_name == COMPANY
    assert "中国工商银行" in notice.paragraphs[0]
    assert [
        (r.old_number, r.old_contact, r.new_number, r.new_contact, r.contracts) for r in notice.rows
    ] == [
        ("010 6552 0001", "王敏", "010 6552 0001", "王敏（财务经理）", "贵行全部贷款业务"),
        ("152 0107 8901", "孙强", "010 6552 0002", "王敏（财务经理）", "0200-2025-LD-0137"),
    ]
    assert [r.action for r in notice.rows] == ["未变更，请确认", "请更新"]
    assert text.rstrip().endswith(f"{COMPANY}\n（盖章）\n2026年11月25日")
    for expected in ("中国工商银行", "152 0107 8901", COMPANY, "特此函告"):
        assert expected in text
        assert expected in notice.html()


def test_change_notice_in_english_whatever_the_ui_language(
    services: Services, admin: Actor, letter_bank: int
) -> None:
    set_language("zh_CN")
    notice = services.numbers.change_notice(admin, letter_bank, "en")
    assert notice.title == "Notice of Change of Registered Contact Numbers"
    assert notice.addressee == ("To: 中国工商银行, 北京朝阳支行", "Attn: 钱芳, Post-loan officer")
    assert (notice.salutation, notice.closing) == ("Dear 钱芳,", "Yours sincerely,")
    assert notice.date_line == "November 25, 2026"
    assert notice.rows[1].new_contact == "王敏 (财务经理)"
    assert [r.action for r in notice.rows] == ["Unchanged, please confirm", "Please update"]
    text = notice.text()
    for expected in ("中国工商银行", "152 0107 8901", "010 6552 0001", COMPANY):
        assert expected in text
    assert "贵行" not in text
    assert notice.seal == ""
    chinese = services.numbers.change_notice(admin, letter_bank, "zh_CN")
    assert chinese.title == "号码变更通知函"


def test_the_letter_offers_a_mobile_when_the_bank_knows_no_other_number(
    services: Services, admin: Actor
) -> None:
    services.org.update(admin, company_name=COMPANY)
    bank = make_bank(services, admin)
    old = make_person(services, admin, name="孙强")
    new = make_person(services, admin, name="李娜", mobile="139 0102 3456")
    services.responders.set_for_bank(admin, bank.id, [old.id, new.id])
    number = services.numbers.create(admin, draft(bank.id, person_id=old.id)).value
    services.people.set_active(admin, old.id, False)
    services.responders.set_for_bank(admin, bank.id, [new.id])
    row = services.numbers.change_notice(admin, bank.id, "en").rows[0]
    assert (row.number_id, row.old_number, row.new_number, row.new_contact) == (
        number.id,
        "010 6552 0001",
        "139 0102 3456",
        "李娜",
    )
    services.responders.set_for_bank(admin, bank.id, [])
    notice = services.numbers.change_notice(admin, bank.id, "en")
    assert (notice.rows[0].new_number, notice.rows[0].new_contact) == (
        "To be advised",
        "To be advised",
    )
    assert notice.salutation == "Dear Sir or Madam,"
    assert notice.addressee == ("To: 中国工商银行, 北京朝阳支行",)


def test_a_change_notice_needs_stale_numbers_a_company_and_a_known_language(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin)
    services.numbers.create(admin, draft(bank.id, person_id=person.id))
    with pytest.raises(ValidationError) as caught:
        services.numbers.change_notice(admin, bank.id, "zh_CN")
    assert caught.value.field == "company_name"
    services.org.update(admin, company_name=COMPANY)
    with pytest.raises(ValidationError) as caught:
        services.numbers.change_notice(admin, bank.id, "zh_CN")
    assert caught.value.text() == "中国工商银行 has no stale numbers: there is nothing to notify."
    with pytest.raises(ValidationError) as caught:
        services.numbers.change_notice(admin, bank.id, "fr")
    assert caught.value.field == "language"
    with pytest.raises(NotFound):
        services.numbers.change_notice(admin, bank.id + 50, "en")
