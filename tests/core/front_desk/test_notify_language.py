"""Notify-the-bank follow-ups and a callback record's follow-ups are read in the reader's
language, not frozen in the language of the desk that opened them; a text a person wrote stays
as written. The wording is matched without a database; the services on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from desktop_app.core.common.i18n import set_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.notify_texts import (
    Words,
    describe_confirmed,
    describe_left,
    describe_stale,
    reason_text,
    reword,
)
from desktop_app.core.models import FollowUp
from desktop_app.core.records.callback_records import CallbackDraft, PromisedDocument
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.services import Services
from tests.core.front_desk.test_calls import WEDNESDAY, Desk, message, world  # noqa: F401
from tests.helpers.factories import make_bank, make_contract, make_person

ZH, EN = Words("zh_CN"), Words("en")
REASONS = [
    ("person_inactive", {"name": "孙强"}),
    ("person_absent_long", {"name": "李娜", "until": "2027-01-31"}),
    ("no_person", {}),
    ("not_confirmed", {}),
    ("not_confirmed", {"months": "1", "on": "2026-10-01"}),
    ("not_confirmed", {"months": "13", "on": "2025-10-31"}),
]


def stale_in(words: Words) -> str:
    reasons = [reason_text(code, params, words) for code, params in REASONS]
    return describe_stale("中国工商银行", "010 6552 0001", reasons, words)


@pytest.mark.parametrize(("source", "target"), [(ZH, EN), (EN, ZH), (ZH, ZH), (EN, EN)])
def test_every_wording_the_app_writes_is_read_in_the_other_language(
    source: Words, target: Words
) -> None:
    assert stale_in(source) != stale_in(target) or source == target
    assert reword(stale_in(source), target) == stale_in(target)
    confirmed = describe_confirmed("010 6552 0001", date(2026, 11, 20), source)
    expected_note = describe_confirmed("010 6552 0001", date(2026, 11, 20), target)
    assert reword(confirmed, target) == expected_note
    for replacement in ("王敏", ""):
        written = describe_left("中国建设银行", "孙强", "010 6552 0002", replacement, source)
        expected = describe_left("中国建设银行", "孙强", "010 6552 0002", replacement, target)
        assert reword(written, target) == expected


def test_the_english_reading_names_the_days_and_counts_in_english() -> None:
    english = reword(stale_in(ZH), EN)
    assert english is not None
    assert english.startswith("Ask 中国工商银行 to confirm the contact on file for 010 6552 0001: ")
    assert "李娜 is away until Jan 31, 2027." in english
    assert "Last confirmed 1 month ago, on Oct 1, 2026." in english
    assert "Last confirmed 13 months ago, on Oct 31, 2025." in english
    assert "孙强 is no longer active." in english


def test_a_text_a_person_wrote_or_changed_is_left_as_written() -> None:
    assert reword("请联系工行客户经理确认号码", EN) is None
    # The app's sentence with a reason a person changed is no longer the app's.
    changed = stale_in(ZH).replace("2027年1月31日", "一月底")
    assert changed != stale_in(ZH)
    assert reword(changed, EN) is None
    assert reword(stale_in(EN) + " Call before Friday.", ZH) is None


def test_a_stale_numbers_follow_up_opened_in_chinese_reads_in_english(
    services: Services, admin: Actor, app_ctx: AppContext
) -> None:
    bank = make_bank(services, admin)
    person = make_person(services, admin, name="赵磊")
    number = services.numbers.create(
        admin,
        NumberDraft(bank.id, "010 6552 0001", person_id=person.id, last_confirmed_on=None),
    ).value
    set_language("zh_CN")
    try:
        opened = services.numbers.request_confirmation(admin, bank.id).value
        chinese = opened[0].description
    finally:
        set_language("en")
    assert chinese.startswith("联系中国工商银行，核实确认预留号码 010 6552 0001 的联系人信息：")
    english = services.follow_ups.get(admin, opened[0].id).description
    assert english == (
        "Ask 中国工商银行 to confirm the contact on file for 010 6552 0001: "
        "The bank has never confirmed this number."
    )
    set_language("zh_CN")
    try:
        assert services.follow_ups.get(admin, opened[0].id).description == chinese
    finally:
        set_language("en")
    assert number.id == opened[0].number_id
    set_language("zh_CN")
    try:
        services.numbers.confirm(admin, number.id, date(2026, 11, 24))
        closed = services.follow_ups.get(admin, opened[0].id)
    finally:
        set_language("en")
    assert closed.closing_note == "银行已于2026年11月24日确认号码 010 6552 0001。"
    assert services.follow_ups.get(admin, opened[0].id).closing_note == (
        "The bank confirmed 010 6552 0001 on Nov 24, 2026."
    )
    with app_ctx.engine.begin() as connection:
        connection.execute(
            update(FollowUp).where(FollowUp.id == opened[0].id).values(description="请找工行确认")
        )
    assert services.follow_ups.get(admin, opened[0].id).description == "请找工行确认"


def test_a_leaver_s_follow_up_opened_in_chinese_reads_in_english(
    services: Services, admin: Actor
) -> None:
    bank = make_bank(services, admin)
    leaving = make_person(services, admin, name="孙强")
    staying = make_person(services, admin, name="王敏")
    contract = make_contract(services, admin, bank.id, "C-1")
    services.responders.set_for_contract(admin, contract.id, [leaving.id])
    services.numbers.create(
        admin,
        NumberDraft(
            bank.id, "010 6552 0002", person_id=leaving.id, last_confirmed_on=date(2026, 11, 20)
        ),
    )
    set_language("zh_CN")
    try:
        result = services.people.deactivate_with(admin, leaving.id, staying.id).value
        (follow_up_id,) = result.follow_up_ids
        chinese = services.follow_ups.get(admin, follow_up_id).description
    finally:
        set_language("en")
    assert chinese == "告知中国工商银行：孙强已不再接听 010 6552 0002，新联系人为王敏。"
    assert services.follow_ups.get(admin, follow_up_id).description == (
        "Tell 中国工商银行 that 孙强 no longer answers on 010 6552 0002; the new contact is 王敏."
    )


def test_an_english_evidence_pack_words_the_follow_ups_in_english_whatever_the_desk_reads(
    services: Services,
    world: Desk,  # noqa: F811
    admin: Actor,
) -> None:
    set_language("zh_CN")
    try:
        services.calls.log(world.desk, message(world, WEDNESDAY))
        day = WEDNESDAY.date()
        english = services.evidence_packs.build(admin, world.contract.id, day, day, "en")
        chinese = services.evidence_packs.build(admin, world.contract.id, day, day, "zh_CN")
    finally:
        set_language("en")
    assert [row[1] for row in english.follow_ups] == [
        "Return the call: 黄蕾, 中国工商银行, 010 6552 1234, 0200-2025-LD-0137. 核实资金用途"
    ]
    assert [row[1] for row in chinese.follow_ups] == [
        "回电：黄蕾, 中国工商银行, 010 6552 1234, 0200-2025-LD-0137。 核实资金用途"
    ]


def test_a_callback_record_s_follow_up_reads_in_each_reader_s_language(
    services: Services,
    world: Desk,  # noqa: F811
    admin: Actor,
) -> None:
    set_language("zh_CN")
    try:
        record = services.callback_records.record(
            admin,
            CallbackDraft(
                bank_id=world.bank.id,
                contract_id=world.contract.id,
                documents=[PromisedDocument("三季度增值税申报表", "2026-11-30", world.li.id)],
            ),
        ).value
        chinese = services.callback_records.get(world.desk, record.call_id).follow_ups
    finally:
        set_language("en")
    english = services.callback_records.get(world.desk, record.call_id).follow_ups
    assert [f.description for f in chinese] == ["向银行提供其要求的材料"]
    assert [f.description for f in english] == ["Send the bank the documents it asked for"]
    # A reader who may see loan details reads what the bank asked for, as it was written.
    assert [f.description for f in services.follow_ups.list(admin, kind="document")] == [
        "三季度增值税申报表"
    ]
