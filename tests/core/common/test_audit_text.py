"""Audit entries read as sentences in each language, never as codes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from desktop_app.core.common.audit import AuditView
from desktop_app.core.common.audit_text import (
    changed_fields,
    field_text,
    person_text,
    sentence,
    value_text,
)
from desktop_app.core.common.i18n import set_language

AT = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def view(action: str, entity: str, entity_id: int | None, after: dict | None = None) -> AuditView:
    return AuditView(AT, "刘洋", "desk-1", action, entity, entity_id, None, after)


def test_an_acknowledged_follow_up_reads_as_a_sentence() -> None:
    entry = view("acknowledge", "follow_up", 2, {"acknowledged_at": "2026-12-07T10:00"})
    set_language("zh_CN")
    assert sentence(entry) == "刘洋确认了跟进事项 #2（确认时间）"
    set_language("en")
    assert sentence(entry) == "刘洋 acknowledged follow-up #2 (acknowledged)"


def test_an_update_names_known_fields_and_counts_the_rest() -> None:
    set_language("en")
    named = view("update", "contract", 3, {"maturity_date": "x", "purpose": "y"})
    assert sentence(named) == "刘洋 changed contract #3 (maturity, purpose)"
    counted = view("update", "contract", 3, {"maturity_date": "x", "clause_text": "y"})
    assert sentence(counted) == "刘洋 changed contract #3 (2 fields)"


def test_an_unknown_code_is_still_shown() -> None:
    set_language("en")
    assert sentence(view("archive", "ledger_page", None)) == "刘洋: archive ledger page"


def test_values_before_and_after_are_written_plainly() -> None:
    set_language("en")
    rows = changed_fields(
        {"state": "missing", "owner_id": None, "ready_on": None},
        {
            "state": "not_applicable",
            "owner_id": 3,
            "ready_on": "2026-11-12",
            "due_at": "2026-12-14T10:00:00+00:00",
            "aliases": ["ICBC", "工商银行"],
            "active": False,
        },
        ZoneInfo("Asia/Shanghai"),
        "checklist_item",
    )
    assert rows == [
        ("state", "Missing", "Not applicable"),
        ("owner", "—", "#3"),
        ("ready on", "—", "Nov 12, 2026"),
        ("due", "—", "Dec 14, 2026, 18:00"),
        ("aliases", "—", "ICBC, 工商银行"),
        ("active", "—", "no"),
    ]
    set_language("zh_CN")
    assert changed_fields(None, {"ready_on": "2026-11-12", "active": True}) == [
        ("就绪日期", "—", "2026年11月12日"),
        ("在用状态", "—", "是"),
    ]


def test_nested_values_and_unknown_fields_have_no_reprs() -> None:
    set_language("en")
    exchanges = [{"topic": "use_of_funds", "question": "用途？", "answer": "采购"}]
    assert value_text(exchanges) == "topic: use of funds; question: 用途？; answer: 采购"
    assert field_text("clause_cadence") == "clause cadence"
    assert field_text("branch_id") == "branch"
    assert value_text({}) == value_text("") == "—"


def test_the_apps_own_entries_are_signed_the_system() -> None:
    entry = AuditView(AT, "system", "", "demo", "database", None, None, None)
    set_language("en")
    assert sentence(entry) == "The system filled database with sample data"
    set_language("zh_CN")
    assert person_text("system") == "系统" and person_text("刘洋") == "刘洋"


def test_a_code_without_words_is_spaced_and_the_records_id_left_out() -> None:
    set_language("en")
    assert changed_fields(None, {"id": 4, "state": "not_applicable"}, entity="bank") == [
        ("state", "—", "not applicable")
    ]
    assert changed_fields({"role": "front_desk"}, {"role": "finance"}, entity="person") == [
        ("role", "Front desk", "Finance")
    ]
