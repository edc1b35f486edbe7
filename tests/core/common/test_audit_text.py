"""Audit entries read as sentences in each language, never as codes."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.core.common.audit import AuditView
from desktop_app.core.common.audit_text import sentence
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
