"""Callback records, the feedback register, the call log's windows and exports, and the evidence
pack's content. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from desktop_app.core.checklists.service import ItemUpdate
from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import ConflictError, PermissionDenied, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import CallRecord, FollowUp
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.records.call_log_export import Cancelled, export_call_log
from desktop_app.core.records.callback_records import (
    CallbackDraft,
    Exchange,
    PromisedDocument,
)
from desktop_app.core.records.feedback import FeedbackDraft
from desktop_app.core.services import Services
from tests.helpers.evidence import tamper
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def setting(services: Services, admin: Actor) -> tuple[int, int, int]:
    """(bank id, contract id, officer id) at ICBC."""
    from desktop_app.core.register.banks import OfficerDraft

    bank = make_bank(
        services,
        admin,
        officers=[OfficerDraft("黄蕾", "post_loan_officer", "010-65521288", "13911113333")],
    )
    contract = make_contract(services, admin, bank.id, "0200-2025-LD-0137")
    officer = services.callback_records.officers(admin, bank.id)[0]
    return bank.id, contract.id, officer.id


def test_the_form_records_a_new_call_and_its_promised_documents(
    services: Services, admin: Actor, setting: tuple[int, int, int]
) -> None:
    bank_id, contract_id, officer_id = setting
    li_na = make_person(services, admin, name="李娜")
    outcome = services.callback_records.record(
        admin,
        CallbackDraft(
            bank_id=bank_id,
            contract_id=contract_id,
            officer_id=officer_id,
            caller_number="010-6552 1288",
            exchanges=[
                Exchange("use_of_funds", "资金是否用于采购原材料？", "是，付款凭证已备。"),
                Exchange("repayment_capacity", "下季度还款来源？", "销售回款。"),
                Exchange("other", "  ", ""),  # an empty topic is left out
            ],
            documents=[
                PromisedDocument("三季度财务报表", "2026-11-30", li_na.id),
                PromisedDocument("10 月付款回单", date(2026, 11, 27)),
            ],
            concerns="应收账款增加",
        ),
    )
    record = outcome.value
    assert {Area.CALLS, Area.FOLLOW_UPS} <= outcome.changes.areas
    assert record.caller_name == "黄蕾"  # from the officer chosen
    assert record.caller_number == "010 6552 1288"
    assert record.outcome == "answered" and record.direction == "inbound"
    assert record.taken_by_name == "Admin"
    assert record.topics == ("use_of_funds", "repayment_capacity")
    assert [e.topic for e in record.exchanges or ()] == ["use_of_funds", "repayment_capacity"]
    assert record.concerns == "应收账款增加"
    assert record.bank_requests == "三季度财务报表\n10 月付款回单"
    follow_ups = record.follow_ups
    assert [(f.kind, f.description, f.assignee_name) for f in follow_ups] == [
        ("document", "10 月付款回单", "Admin"),
        ("document", "三季度财务报表", "李娜"),
    ]
    # Due at the end of office hours (18:00 in Beijing) on the day promised.
    assert follow_ups[1].due_at == datetime(2026, 11, 30, 18, 0, tzinfo=BEIJING)
    assert all(f.call_id == record.call_id and f.contract_id == contract_id for f in follow_ups)
    listed = services.follow_ups.list(admin, kind="document")
    assert len(listed) == 2


def test_recording_onto_a_logged_call_adds_to_it(
    services: Services, admin: Actor, setting: tuple[int, int, int], clock: FakeClock
) -> None:
    bank_id, contract_id, _officer = setting
    with services.store.write() as session:
        call = CallRecord(
            occurred_at=clock.now() - timedelta(hours=1),
            bank_id=bank_id,
            contract_id=contract_id,
            caller_name="黄蕾",
            caller_number="010 6552 1288",
            caller_number_key="+861065521288",
            outcome="transferred",
            topics=[],
            notes="前台转接",
        )
        session.add(call)
        session.flush()
        call_id = call.id
    draft = CallbackDraft(
        call_id=call_id,
        bank_id=bank_id,
        contract_id=contract_id,
        exchanges=[Exchange("business_condition", "销售情况？", "同比增长 8%。")],
        documents=[PromisedDocument("销售台账", "2026-11-28")],
    )
    first = services.callback_records.record(admin, draft).value
    assert first.call_id == call_id and first.notes == "前台转接"
    assert first.caller_name == "黄蕾" and first.recorded_by_name == "Admin"
    draft.documents = [PromisedDocument("纳税申报表", "2026-12-01")]
    again = services.callback_records.record(admin, draft).value
    assert [f.description for f in again.follow_ups] == ["销售台账", "纳税申报表"]
    assert count_rows(services, CallRecord) == 1
    assert count_rows(services, FollowUp) == 2


def test_the_form_refuses_what_makes_no_record(
    services: Services, admin: Actor, setting: tuple[int, int, int]
) -> None:
    bank_id, contract_id, _officer = setting
    with pytest.raises(ValidationError) as caught:
        services.callback_records.record(admin, CallbackDraft(bank_id=bank_id))
    assert caught.value.field == "exchanges"
    other = make_bank(services, admin, "招商银行", short_name="招行", aliases=["CMB"], phones=[])
    with pytest.raises(ValidationError) as caught:
        services.callback_records.record(
            admin,
            CallbackDraft(
                bank_id=other.id,
                contract_id=contract_id,
                caller_number="not a number",
                exchanges=[Exchange("use_of_funds", "?", "")],
                documents=[PromisedDocument("", "someday")],
            ),
        )
    fields = {p.field for p in caught.value.problems}
    assert {"contract_id", "caller_number", "documents.0"} <= fields
    assert count_rows(services, CallRecord) == 0


def test_the_front_desk_writes_a_first_record_but_does_not_read_or_overwrite_one(
    services: Services, admin: Actor, setting: tuple[int, int, int]
) -> None:
    bank_id, contract_id, _officer = setting
    desk = actor_with_role(services, admin, "front_desk")
    draft = CallbackDraft(
        bank_id=bank_id,
        contract_id=contract_id,
        exchanges=[Exchange("use_of_funds", "资金用途？", "请财务回电")],
    )
    record = services.callback_records.record(desk, draft).value
    assert record.restricted and record.exchanges is None and record.concerns is None
    full = services.callback_records.get(admin, record.call_id)
    assert full.exchanges == (Exchange("use_of_funds", "资金用途？", "请财务回电"),)
    draft.call_id = record.call_id
    with pytest.raises(PermissionDenied):
        services.callback_records.record(desk, draft)
    trainee = actor_with_role(services, admin, "trainee")
    with pytest.raises(PermissionDenied):
        services.callback_records.record(trainee, CallbackDraft(bank_id=bank_id))


def test_the_front_desk_reads_neither_the_requested_documents_nor_the_forms_notes(
    services: Services, admin: Actor, setting: tuple[int, int, int], clock: FakeClock
) -> None:
    bank_id, contract_id, _officer = setting
    desk = actor_with_role(services, admin, "front_desk")
    record = services.callback_records.record(
        admin,
        CallbackDraft(
            bank_id=bank_id,
            contract_id=contract_id,
            exchanges=[Exchange("use_of_funds", "资金用途？", "采购原材料")],
            documents=[PromisedDocument("三季度增值税申报表", "2026-11-30", desk.person_id)],
            notes="行长下月来现场",
        ),
    ).value
    assert record.record_notes == "行长下月来现场" and record.notes == ""
    assert [f.description for f in record.follow_ups] == ["三季度增值税申报表"]
    seen = services.callback_records.get(desk, record.call_id)
    assert seen.record_notes is None and seen.notes == ""
    assert [f.description for f in seen.follow_ups] == ["Send the bank the documents it asked for"]
    listed = services.follow_ups.list(desk, kind="document")
    assert [f.description for f in listed] == ["Send the bank the documents it asked for"]
    one = services.follow_ups.get(desk, listed[0].id)
    assert one.description == listed[0].description
    ics = services.ics.calendar_bytes(desk, clock.now(), clock.now() + timedelta(days=30))
    assert "三季度增值税申报表".encode() not in ics
    assert "三季度增值税申报表".encode() in services.ics.calendar_bytes(
        admin, clock.now(), clock.now() + timedelta(days=30)
    )
    with services.store.read() as session:
        stored = session.get(FollowUp, listed[0].id)
        assert stored is not None and stored.description == ""  # the document is elsewhere


def add_calls(services: Services, bank_id: int, contract_id: int, count: int) -> None:
    """``count`` calls an hour apart, some at the same moment (the keyset's tie-break)."""
    start = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    outcomes = ("transferred", "message", "no_one", "answered")
    rows = [
        {
            "occurred_at": start + timedelta(hours=n // 3 * 3),  # three calls per moment
            "direction": "inbound",
            "bank_id": bank_id,
            "contract_id": contract_id if n % 2 else None,
            "caller_name": f"Caller {n}",
            "caller_number": "",
            "caller_number_key": "",
            "outcome": outcomes[n % 4],
            "topics": ["use_of_funds"] if n % 5 == 0 else [],
            "questions": "",
            "answers": "",
            "bank_requests": "",
            "concerns": "",
            "notes": "",
        }
        for n in range(count)
    ]
    with services.store.write() as session:
        session.execute(insert(CallRecord), rows)


def test_the_call_log_reads_the_same_rows_by_position_and_by_keyset(
    services: Services, admin: Actor, setting: tuple[int, int, int]
) -> None:
    bank_id, contract_id, _officer = setting
    add_calls(services, bank_id, contract_id, 250)
    log = services.call_log
    query = CallLogQuery()
    total = log.count(admin, query)
    assert total == 250
    everything = log.window(admin, query, 0, total, total)
    keys = [row.key for row in everything]
    assert keys == sorted(keys, reverse=True)  # newest first, ties by id
    for start in (0, 7, 100, 143, 200, 240):
        window = log.window(admin, query, start, 30, total)
        assert [r.id for r in window] == [r.id for r in everything[start : start + 30]]
    page = everything[60:90]
    assert [r.id for r in log.after(admin, query, page[-1].key, 30)] == [
        r.id for r in everything[90:120]
    ]
    assert [r.id for r in log.before(admin, query, page[0].key, 30)] == [
        r.id for r in everything[30:60]
    ]
    assert log.position_of(admin, query, everything[143].id) == 143
    batches = list(log.iterate(admin, query, batch=64))
    assert [r.id for batch in batches for r in batch] == [r.id for r in everything]


def test_the_call_log_filters(
    services: Services, admin: Actor, setting: tuple[int, int, int]
) -> None:
    bank_id, contract_id, _officer = setting
    add_calls(services, bank_id, contract_id, 40)
    person = make_person(services, admin, name="王敏")
    with services.store.write() as session:
        first = session.get(CallRecord, 1)
        assert first is not None
        first.taken_by_id = person.id
    log = services.call_log
    assert log.count(admin, CallLogQuery(contract_id=contract_id)) == 20
    assert log.count(admin, CallLogQuery(outcome="message")) == 10
    assert log.count(admin, CallLogQuery(person_id=person.id)) == 1
    assert log.count(admin, CallLogQuery(bank_id=bank_id + 100)) == 0
    # Calls at 09:00, 12:00, 15:00 … Beijing time from 2026-01-01; one local day holds eight slots.
    day = CallLogQuery(since=date(2026, 1, 1), until=date(2026, 1, 1))
    assert log.count(admin, day) == 15  # 09:00–21:00: five moments of three calls
    rows = log.window(admin, day, 0, 50, 15)
    assert all(r.occurred_at.astimezone(BEIJING).date() == date(2026, 1, 1) for r in rows)
    assert rows[0].outcome_text() in (
        "Transferred and answered",
        "Message taken",
        "No one available",
        "Answered directly",
    )


def test_the_call_log_exports_to_csv_and_xlsx(
    services: Services, admin: Actor, setting: tuple[int, int, int], tmp_path: Path
) -> None:
    bank_id, contract_id, _officer = setting
    add_calls(services, bank_id, contract_id, 30)
    services.callback_records.record(
        admin,
        CallbackDraft(
            bank_id=bank_id,
            contract_id=contract_id,
            exchanges=[Exchange("use_of_funds", "资金用途？", "采购铝型材")],
            concerns="无",
        ),
    )
    log = services.call_log
    seen: list[int] = []
    written = export_call_log(
        log, admin, CallLogQuery(), tmp_path / "calls.csv", lambda done: not seen.append(done)
    )
    assert written == 31 and seen[-1] == 31
    with (tmp_path / "calls.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Time", "Direction", "Outcome"] and "Answers given" in rows[0]
    assert rows[1][0] == "2026-11-25 10:00" and "采购铝型材" in rows[1]
    assert len(rows) == 32
    export_call_log(log, admin, CallLogQuery(outcome="message"), tmp_path / "calls.xlsx")
    sheet = load_workbook(tmp_path / "calls.xlsx").active
    assert sheet is not None
    values = list(sheet.values)
    assert len(values) == 1 + 8
    assert isinstance(values[1][0], datetime)
    assert values[1][2] == "Message taken"
    # A reader without loan details gets no questions or answers.
    desk = actor_with_role(services, admin, "front_desk")
    export_call_log(log, desk, CallLogQuery(), tmp_path / "desk.csv")
    header = (tmp_path / "desk.csv").read_text("utf-8-sig").splitlines()[0]
    assert "Answers given" not in header
    # Cancelling leaves nothing behind.
    with pytest.raises(Cancelled):
        export_call_log(log, admin, CallLogQuery(), tmp_path / "gone.xlsx", lambda done: False)
    assert not list(tmp_path.glob("gone*"))
    with pytest.raises(ValidationError):
        export_call_log(log, admin, CallLogQuery(), tmp_path / "calls.txt")


def test_the_feedback_register(
    services: Services, admin: Actor, setting: tuple[int, int, int], clock: FakeClock
) -> None:
    bank_id, contract_id, _officer = setting
    owner = make_person(services, admin, name="陈静")
    feedback = services.feedback
    created = feedback.create(
        admin,
        FeedbackDraft(
            bank_id=None,
            contract_id=contract_id,
            title="补充抵押物评估报告",
            owner_id=owner.id,
            due_on="2026-12-01",
        ),
    ).value
    assert (created.bank_id, created.owner_name, created.status) == (bank_id, "陈静", "open")
    assert not created.overdue
    clock.advance(timedelta(days=7))
    assert feedback.get(admin, created.id).overdue
    later = feedback.create(
        admin, FeedbackDraft(bank_id=bank_id, title="利率调整沟通", raised_by="company")
    ).value
    assert [f.id for f in feedback.list(admin)] == [created.id, later.id]  # due first
    draft = FeedbackDraft(
        bank_id=bank_id,
        contract_id=contract_id,
        title="补充抵押物评估报告",
        owner_id=owner.id,
        due_on="2026-12-01",
        status="closed",
        resolution="已提交评估报告",
    )
    closed = feedback.update(admin, created.id, draft, created.version).value
    assert closed.status == "closed" and closed.closed_at == clock.now() and not closed.overdue
    with pytest.raises(ConflictError):
        feedback.update(admin, created.id, draft, created.version)
    assert [f.id for f in feedback.list(admin, open_only=True)] == [later.id]
    assert [f.id for f in feedback.list(admin)] == [later.id, created.id]  # closed last
    with pytest.raises(ValidationError) as caught:
        feedback.create(admin, FeedbackDraft(bank_id=None, title=" "))
    assert {p.field for p in caught.value.problems} == {"title", "bank_id"}
    desk = actor_with_role(services, admin, "front_desk")
    with pytest.raises(PermissionDenied):
        feedback.list(desk)


def test_the_evidence_pack_holds_the_calls_follow_ups_and_checklist(
    services: Services, admin: Actor, setting: tuple[int, int, int], tmp_path: Path
) -> None:
    bank_id, contract_id, _officer = setting
    services.callback_records.record(
        admin,
        CallbackDraft(
            bank_id=bank_id,
            contract_id=contract_id,
            caller_name="Huang Lei",
            exchanges=[Exchange("use_of_funds", "Where did the loan go?", "To the supplier")],
            documents=[PromisedDocument("October vouchers", "2026-11-30")],
            concerns="Receivables are growing",
        ),
    )
    checklist = services.checklists.checklist(admin, contract_id)
    vouchers = checklist.items[0]
    services.checklists.update_item(admin, vouchers.id, ItemUpdate("ready"))
    source = tmp_path / "voucher.pdf"
    source.write_bytes(b"voucher")
    file = services.evidence.attach(admin, vouchers.id, source).value
    pack = services.evidence_packs.build(
        admin, contract_id, date(2026, 11, 1), date(2026, 11, 30), "en"
    )
    text = pack.text()
    for expected in (
        "Post-loan callback evidence pack",
        "0200-2025-LD-0137",
        "Where did the loan go?",
        "To the supplier",
        "Receivables are growing",
        "Use of funds: payment vouchers: Ready to show",
        file.sha256,
        "1 of 9 ready, 8 missing",
    ):
        assert expected in text
    assert pack.follow_ups[0][:2] == ("Send a document", "October vouchers")
    assert not pack.problems
    tamper(services, admin, file.id, b"forged!")
    tampered = services.evidence_packs.build(
        admin, contract_id, date(2026, 11, 1), date(2026, 11, 30), "en"
    )
    assert tampered.problems == ("voucher.pdf (Use of funds: payment vouchers): File altered",)
    chinese = services.evidence_packs.build(
        admin, contract_id, date(2026, 11, 1), date(2026, 11, 30), "zh_CN"
    )
    assert chinese.items[0].title == "资金用途：付款凭证"
    empty = services.evidence_packs.build(
        admin, contract_id, date(2025, 1, 1), date(2025, 1, 31), "en"
    )
    assert empty.calls == () and "No calls in this period." in empty.html()
    with pytest.raises(ValidationError):
        services.evidence_packs.build(admin, contract_id, date(2026, 2, 1), date(2026, 1, 1), "en")
