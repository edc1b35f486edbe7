"""Banks: create, update, deactivate, list and search by name, alias, pinyin and calling number."""

from __future__ import annotations

import pytest

from desktop_app.core.common.changes import Area
from desktop_app.core.common.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Bank, BankAlias, BankPhone
from desktop_app.core.register.banks import OfficerDraft, PhoneDraft
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, bank_draft, count_rows, make_bank


def test_create_cleans_and_stores_a_bank(services: Services, admin: Actor) -> None:
    outcome = services.banks.create(
        admin,
        bank_draft(
            " 中国工商银行 ",
            aliases=["ICBC", " ICBC ", "工商银行", ""],
            officers=[OfficerDraft(" 马骏 ", "post_loan_officer", mobile="13911112222")],
            phones=[PhoneDraft("95588", "客服"), PhoneDraft("010-6552 1234", "朝阳支行")],
        ),
    )
    bank = outcome.value
    assert outcome.changes.areas == {Area.BANKS}
    assert outcome.changes.ids == ((Area.BANKS, bank.id),)
    assert (bank.name, bank.short_name, bank.aliases) == (
        "中国工商银行",
        "工行",
        ("ICBC", "工商银行"),
    )
    assert bank.officers == (OfficerDraft("马骏", "post_loan_officer", "", "13911112222", ""),)
    assert bank.phones == (
        ("svc:95588", "95588", "客服"),
        ("+861065521234", "010 6552 1234", "朝阳支行"),
    )
    assert bank.active and bank.version == 1
    assert services.banks.get(admin, bank.id) == bank


def test_update_changes_the_bank_and_its_version(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin, officers=[OfficerDraft("马骏")])
    updated = services.banks.update(
        admin,
        bank.id,
        bank_draft(
            notes="季度回访",
            aliases=["ICBC"],
            branches=["北京朝阳支行", "北京海淀支行"],
            officers=[OfficerDraft("马骏")],
            phones=[PhoneDraft("010 6552 1234", "朝阳支行总机"), PhoneDraft("95588", "客服")],
        ),
        bank.version,
    ).value
    assert updated.version == bank.version + 1
    assert updated.notes == "季度回访"
    assert updated.aliases == ("ICBC",)
    assert updated.branches == ("北京朝阳支行", "北京海淀支行")
    assert updated.phones == (
        ("+861065521234", "010 6552 1234", "朝阳支行总机"),
        ("svc:95588", "95588", "客服"),
    )
    assert services.banks.get(admin, bank.id) == updated
    assert count_rows(services, BankPhone) == 2


def test_a_stale_version_is_a_conflict(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    services.banks.update(admin, bank.id, bank_draft(notes="first"), bank.version)
    with pytest.raises(ConflictError):
        services.banks.update(admin, bank.id, bank_draft(notes="second"), bank.version)
    assert services.banks.get(admin, bank.id).notes == "first"


def test_deactivate_hides_the_bank_from_the_list(services: Services, admin: Actor) -> None:
    bank = make_bank(services, admin)
    make_bank(services, admin, "中国建设银行", short_name="建行", aliases=["CCB"], phones=[])
    assert not services.banks.set_active(admin, bank.id, False).value.active
    assert [b.name for b in services.banks.list(admin)] == ["中国建设银行"]
    listed = services.banks.list(admin, include_inactive=True)
    assert sorted(b.name for b in listed) == ["中国工商银行", "中国建设银行"]
    assert services.banks.set_active(admin, bank.id, True).value.active


@pytest.mark.parametrize(
    "typed",
    [
        "中国工商",
        "工商",
        "工行",
        "ICBC",
        "icbc",
        "ｉｃｂｃ",
        "gsyh",
        "gongshang",
        "zggs",
        "gh",
        "010 6552 1234",
        "+86 10 6552 1234",
        "65521234",
        "95588",
    ],
)
def test_search_by_name_alias_pinyin_and_calling_number(
    services: Services, admin: Actor, typed: str
) -> None:
    make_bank(services, admin, phones=[PhoneDraft("010-65521234"), PhoneDraft("95588")])
    make_bank(
        services,
        admin,
        "招商银行",
        short_name="招行",
        aliases=["CMB"],
        phones=[PhoneDraft("95555")],
    )
    assert [b.name for b in services.banks.list(admin, typed)] == ["中国工商银行"]


@pytest.mark.parametrize("typed", ["建设", "jsyh", "010 6552 9999", "95533", "行"])
def test_search_finds_nothing_that_does_not_match(
    services: Services, admin: Actor, typed: str
) -> None:
    make_bank(services, admin)
    assert services.banks.list(admin, typed) == []


@pytest.mark.parametrize(
    ("draft_values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"phones": [PhoneDraft("95588"), PhoneDraft("not a number")]}, "phones.1"),
        ({"phones": [PhoneDraft("010-65521234"), PhoneDraft("+86 10 6552 1234")]}, "phones.1"),
        ({"officers": [OfficerDraft("")]}, "officers.0"),
        ({"officers": [OfficerDraft("马骏", "boss")]}, "officers.0"),
    ],
)
def test_invalid_banks_name_the_field_and_write_nothing(
    services: Services, admin: Actor, draft_values: dict[str, object], field: str
) -> None:
    values = dict(draft_values)
    name = str(values.pop("name", "中国工商银行"))
    rows = (count_rows(services, Bank), count_rows(services, BankAlias))
    with pytest.raises(ValidationError) as caught:
        services.banks.create(admin, bank_draft(name, **values))
    assert caught.value.field == field
    assert (count_rows(services, Bank), count_rows(services, BankAlias)) == rows == (0, 0)


def test_every_problem_is_reported_at_once(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        services.banks.create(
            admin, bank_draft("", phones=[PhoneDraft("x")], officers=[OfficerDraft("")])
        )
    assert [p.field for p in caught.value.problems] == ["name", "phones.0", "officers.0"]


def test_a_duplicate_name_is_refused(services: Services, admin: Actor) -> None:
    make_bank(services, admin)
    other = make_bank(services, admin, "招商银行", phones=[])
    with pytest.raises(ValidationError) as caught:
        services.banks.create(admin, bank_draft(" 中国工商银行"))
    assert caught.value.field == "name"
    assert caught.value.text() == "A bank named “中国工商银行” already exists."
    with pytest.raises(ValidationError, match="already exists"):
        services.banks.update(admin, other.id, bank_draft("中国工商银行"), other.version)
    assert count_rows(services, Bank) == 2


@pytest.mark.parametrize("role", ["front_desk", "trainee"])
def test_front_desk_and_trainees_may_not_edit_banks(
    services: Services, admin: Actor, role: str
) -> None:
    bank = make_bank(services, admin)
    actor = actor_with_role(services, admin, role)
    with pytest.raises(PermissionDenied):
        services.banks.create(actor, bank_draft("招商银行"))
    with pytest.raises(PermissionDenied):
        services.banks.update(actor, bank.id, bank_draft(notes="x"), bank.version)
    with pytest.raises(PermissionDenied):
        services.banks.set_active(actor, bank.id, False)
    assert services.banks.get(actor, bank.id) == bank
    assert count_rows(services, Bank) == 1


def test_a_missing_bank_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.banks.get(admin, 999)
    with pytest.raises(NotFound):
        services.banks.update(admin, 999, bank_draft(), 1)


def test_officers_phones_are_read_as_every_other_number_or_refused_by_name(
    services: Services, admin: Actor
) -> None:
    officers = [
        OfficerDraft("马骏", "relationship_manager", "6552 1288 转 6", "139 1111 2222"),
        OfficerDraft("黄蕾", "post_loan_officer", "010-6552 12", "1391111"),
    ]
    with pytest.raises(ValidationError) as caught:
        services.banks.create(admin, bank_draft("中国工商银行", officers=officers))
    assert [(p.field, p.text()) for p in caught.value.problems] == [
        ("officers.1", "The phone of 黄蕾, “010-6552 12”, is not a phone number."),
        ("officers.1", "The mobile of 黄蕾, “1391111”, is not a phone number."),
    ]
    assert count_rows(services, Bank) == 0
    officers[1] = OfficerDraft("黄蕾", "post_loan_officer", "", "+86 139-1111-3333")
    bank = services.banks.create(admin, bank_draft("中国工商银行", officers=officers)).value
    assert [(o.name, o.phone, o.mobile) for o in bank.officers] == [
        ("马骏", "6552 1288 转 6", "139 1111 2222"),
        ("黄蕾", "", "+86 139-1111-3333"),
    ]
