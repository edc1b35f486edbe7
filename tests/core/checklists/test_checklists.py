"""Checklists: templates seeded in both languages and edited, each contract's items, staleness by
the clock, readiness, and evidence files copied with their SHA-256 — a missing or altered copy is
reported. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.core.checklists.resources import load_shipped
from desktop_app.core.checklists.service import ItemUpdate, judge
from desktop_app.core.checklists.templates import TemplateItemDraft
from desktop_app.core.common.changes import Area
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import NotFound, PermissionDenied, StorageError, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import ChecklistItem, EvidenceFile
from desktop_app.core.services import Services
from tests.helpers.factories import (
    actor_with_role,
    count_rows,
    make_bank,
    make_contract,
    make_person,
)

TODAY = date(2026, 11, 25)  # the fake clock's day in Beijing


@pytest.fixture
def contract_id(services: Services, admin: Actor) -> int:
    bank = make_bank(services, admin)
    return make_contract(services, admin, bank.id, "0200-2025-LD-0137").id


def item_by_code(services: Services, actor: Actor, contract_id: int, code: str) -> int:
    checklist = services.checklists.checklist(actor, contract_id)
    return next(item.id for item in checklist.items if item.code == code)


def test_templates_are_seeded_in_both_languages(services: Services, admin: Actor) -> None:
    templates = {t.loan_type: t for t in services.checklist_templates.list(admin)}
    shipped = load_shipped()
    assert (
        set(templates) == set(shipped) >= {"mortgage", "working_capital", "project", "fixed_asset"}
    )
    working = templates["working_capital"]
    assert working.title("zh_CN") == "流动资金贷款回访清单"
    assert working.title("en") == "Working-capital loan callback checklist"
    vouchers = next(i for i in working.items if i.code == "payment_vouchers")
    assert vouchers.title("zh_CN") == "资金用途：付款凭证"
    assert vouchers.title("en") == "Use of funds: payment vouchers"
    assert "受托支付" in vouchers.guidance("zh_CN")
    assert "entrusted-payment" in vouchers.guidance("en")
    assert vouchers.freshness_days == 90
    codes = {i.code for i in templates["mortgage"].items}
    assert {"collateral_status", "financial_statements", "tax_returns", "major_changes"} <= codes
    assert "project_progress" in {i.code for i in templates["project"].items}
    assert "asset_acceptance" in {i.code for i in templates["fixed_asset"].items}
    # Seeding again (a second desk, a second app run) adds nothing.
    services.checklist_templates._seeded = False
    assert len(services.checklist_templates.list(admin)) == len(shipped)


def test_a_contract_gets_its_loan_types_items_on_first_opening(
    services: Services, admin: Actor, contract_id: int
) -> None:
    before = services.checklists.readiness(admin, contract_id)
    assert count_rows(services, ChecklistItem) == 0  # readiness reads, never writes
    assert (before.total, before.ready, before.missing) == (9, 0, 9)
    assert before.text() == "0 of 9 ready, 9 missing"
    checklist = services.checklists.checklist(admin, contract_id)
    assert [item.code for item in checklist.items][:3] == [
        "payment_vouchers",
        "invoices",
        "supply_contracts",
    ]
    assert all(item.effective_state == "missing" for item in checklist.items)
    services.checklists.checklist(admin, contract_id)
    assert count_rows(services, ChecklistItem) == 9


def test_staleness_follows_the_clock(
    services: Services, admin: Actor, contract_id: int, clock: FakeClock
) -> None:
    statements = item_by_code(services, admin, contract_id, "bank_statements")  # fresh 35 days
    outcome = services.checklists.update_item(
        admin, statements, ItemUpdate("ready", ready_on=TODAY - timedelta(days=30))
    )
    item = outcome.value
    assert Area.CHECKLISTS in outcome.changes.areas
    assert (item.effective_state, item.fresh_until, item.expiring) == (
        "ready",
        TODAY + timedelta(days=5),
        True,
    )
    clock.advance(timedelta(days=5))
    assert services.checklists.readiness(admin, contract_id).ready == 1
    clock.advance(timedelta(days=1))
    readiness = services.checklists.readiness(admin, contract_id)
    assert (readiness.ready, readiness.stale, readiness.missing) == (0, 1, 8)
    assert readiness.text() == "0 of 9 ready, 1 stale, 8 missing"
    stale = next(
        i for i in services.checklists.checklist(admin, contract_id).items if i.id == statements
    )
    assert stale.effective_state == "stale" and stale.state == "ready"
    # Bringing it up to date (today by default) makes it fresh again.
    services.checklists.update_item(admin, statements, ItemUpdate("ready"))
    fresh = services.checklists.readiness(admin, contract_id)
    assert (fresh.ready, fresh.stale) == (1, 0)


def test_judge_edges() -> None:
    day = date(2026, 1, 1)
    assert judge("ready", day, 10, date(2026, 1, 11))[0] == "ready"
    assert judge("ready", day, 10, date(2026, 1, 12))[0] == "stale"
    assert judge("ready", day, None, date(2030, 1, 1))[0] == "ready"  # does not expire
    assert judge("missing", day, 10, date(2030, 1, 1))[0] == "missing"
    assert judge("not_applicable", day, 10, date(2030, 1, 1))[0] == "not_applicable"


def test_readiness_counts_what_applies(services: Services, admin: Actor, contract_id: int) -> None:
    owner = make_person(services, admin, name="张伟")
    for code in (
        "payment_vouchers",
        "invoices",
        "tax_returns",
        "business_licence",
        "major_changes",
    ):
        services.checklists.update_item(
            admin,
            item_by_code(services, admin, contract_id, code),
            ItemUpdate("ready", owner_id=owner.id, notes="10 月回单"),
        )
    services.checklists.update_item(
        admin,
        item_by_code(services, admin, contract_id, "supply_contracts"),
        ItemUpdate("not_applicable", notes="受托支付，无单一合同"),
    )
    services.checklists.update_item(
        admin,
        item_by_code(services, admin, contract_id, "financial_statements"),
        ItemUpdate("ready", ready_on=TODAY - timedelta(days=200)),
    )
    readiness = services.checklists.readiness(admin, contract_id)
    assert (readiness.total, readiness.ready, readiness.stale, readiness.not_applicable) == (
        8,
        5,
        1,
        1,
    )
    assert readiness.text() == "5 of 8 ready, 1 stale, 2 missing"
    item = next(
        i for i in services.checklists.checklist(admin, contract_id).items if i.code == "invoices"
    )
    assert (item.owner_name, item.notes, item.ready_on) == ("张伟", "10 月回单", TODAY)


def test_item_updates_are_checked(services: Services, admin: Actor, contract_id: int) -> None:
    item_id = item_by_code(services, admin, contract_id, "invoices")
    with pytest.raises(ValidationError) as caught:
        services.checklists.update_item(admin, item_id, ItemUpdate("stale"))
    assert caught.value.field == "state"
    with pytest.raises(ValidationError) as caught:
        services.checklists.update_item(
            admin, item_id, ItemUpdate("ready", ready_on=TODAY + timedelta(days=1))
        )
    assert caught.value.field == "ready_on"
    with pytest.raises(NotFound):
        services.checklists.update_item(admin, 99999, ItemUpdate("ready"))


def test_only_finance_sees_and_edits_checklists(
    services: Services, admin: Actor, contract_id: int
) -> None:
    desk = actor_with_role(services, admin, "front_desk")
    trainee = actor_with_role(services, admin, "trainee")
    finance = actor_with_role(services, admin, "finance")
    for actor in (desk, trainee):
        with pytest.raises(PermissionDenied):
            services.checklists.readiness(actor, contract_id)
        with pytest.raises(PermissionDenied):
            services.checklists.checklist(actor, contract_id)
    item_id = item_by_code(services, finance, contract_id, "invoices")
    assert services.checklists.update_item(finance, item_id, ItemUpdate("ready")).value.state == (
        "ready"
    )
    assert services.checklists.readiness(finance, contract_id).ready == 1


def test_template_edits_reach_the_contracts(
    services: Services, admin: Actor, contract_id: int
) -> None:
    services.checklists.checklist(admin, contract_id)
    templates = services.checklist_templates
    added = templates.save_item(
        admin,
        "working_capital",
        None,
        TemplateItemDraft("存货盘点表", "Stock-take sheet", freshness_days="30"),
    ).value
    new_item = added.items[-1]
    assert (new_item.code, new_item.freshness_days, new_item.position) == ("custom", 30, 9)
    checklist = services.checklists.checklist(admin, contract_id)
    assert checklist.items[-1].title("en") == "Stock-take sheet"
    assert checklist.readiness.total == 10
    # A new freshness period applies to the contracts' copies.
    statements = next(i for i in added.items if i.code == "bank_statements")
    templates.save_item(
        admin,
        "working_capital",
        statements.id,
        TemplateItemDraft(statements.title_zh, statements.title_en, freshness_days=""),
    )
    copy = next(
        i
        for i in services.checklists.checklist(admin, contract_id).items
        if i.code == "bank_statements"
    )
    assert copy.freshness_days is None
    # Moving reorders the contracts' copies too.
    templates.move_item(admin, new_item.id, -9)
    assert services.checklists.checklist(admin, contract_id).items[0].title("en") == (
        "Stock-take sheet"
    )
    # Removing: untouched copies go, copies someone worked on stay without the template.
    worked = item_by_code(services, admin, contract_id, "invoices")
    services.checklists.update_item(admin, worked, ItemUpdate("ready"))
    invoices = next(i for i in added.items if i.code == "invoices")
    templates.remove_item(admin, invoices.id)
    templates.remove_item(admin, new_item.id)
    left = services.checklists.checklist(admin, contract_id).items
    assert "Stock-take sheet" not in [i.title("en") for i in left]
    kept = next(i for i in left if i.id == worked)
    assert (kept.code, kept.template_item_id, kept.title("en")) == ("", None, kept.title("zh_CN"))


def test_restoring_the_shipped_template(services: Services, admin: Actor) -> None:
    templates = services.checklist_templates
    template = templates.get(admin, "mortgage")
    first = template.items[0]
    templates.save_item(
        admin, "mortgage", first.id, TemplateItemDraft("改过的", "Changed", freshness_days=7)
    )
    templates.save_item(admin, "mortgage", None, TemplateItemDraft("额外", "Extra"))
    restored = templates.restore_shipped(admin, "mortgage").value
    assert restored.items[0].title("en") == "Use of funds: payment vouchers"
    assert restored.items[0].freshness_days == 90
    assert restored.items[-1].title("en") == "Extra"  # added in the app: kept, last


def test_template_item_drafts_are_checked(services: Services, admin: Actor) -> None:
    templates = services.checklist_templates
    with pytest.raises(ValidationError) as caught:
        templates.save_item(admin, "mortgage", None, TemplateItemDraft(" ", ""))
    assert caught.value.field == "title_zh"
    with pytest.raises(ValidationError) as caught:
        templates.save_item(
            admin, "mortgage", None, TemplateItemDraft("A", "A", freshness_days="x")
        )
    assert caught.value.field == "freshness_days"
    desk = actor_with_role(services, admin, "front_desk")
    with pytest.raises(PermissionDenied):
        templates.save_item(desk, "mortgage", None, TemplateItemDraft("A", "A"))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the embedded folder
def test_evidence_is_copied_with_its_hash_and_a_tampered_copy_is_reported(
    services: Services, admin: Actor, contract_id: int, tmp_path: Path
) -> None:
    item_id = item_by_code(services, admin, contract_id, "payment_vouchers")
    source = tmp_path / "付款回单 2026-10.pdf"
    content = b"%PDF-1.4 voucher " * 1000
    source.write_bytes(content)
    outcome = services.evidence.attach(admin, item_id, source)
    view = outcome.value
    assert view.sha256 == hashlib.sha256(content).hexdigest()
    assert (view.file_name, view.size) == ("付款回单 2026-10.pdf", len(content))
    assert (Area.CONTRACTS, contract_id) in outcome.changes.ids
    stored = services.evidence.path_of(admin, view.id)
    assert stored.is_relative_to(services.evidence.folder)
    assert stored.read_bytes() == content
    source.write_bytes(b"changed after attaching")  # the original is not what is checked
    assert services.evidence.check(admin, view.id).status == "ok"
    assert services.checklists.checklist(admin, contract_id).items[0].files[0].id == view.id
    # Same size, one byte changed: the routine check sees the new modification time and hashes.
    tampered = bytearray(content)
    tampered[10] ^= 1
    before = stored.stat()
    stored.write_bytes(bytes(tampered))
    os.utime(stored, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert services.evidence.check_contract(admin, contract_id, full=False)[view.id].status == (
        "altered"
    )
    # Even with its old modification time put back, the full check hashes every byte.
    os.utime(stored, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert services.evidence.check_contract(admin, contract_id, full=False)[view.id].ok
    check = services.evidence.check_contract(admin, contract_id)[view.id]
    assert check.status == "altered"
    assert check.actual_sha256 == hashlib.sha256(bytes(tampered)).hexdigest()
    assert check.text() == "File altered"
    stored.write_bytes(b"short")
    assert services.evidence.check(admin, view.id).status == "altered"
    stored.unlink()
    assert services.evidence.check(admin, view.id).text() == "File missing"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the embedded folder
def test_removing_evidence_deletes_the_copy(
    services: Services, admin: Actor, contract_id: int, tmp_path: Path
) -> None:
    item_id = item_by_code(services, admin, contract_id, "invoices")
    source = tmp_path / "invoice.pdf"
    source.write_bytes(b"invoice")
    view = services.evidence.attach(admin, item_id, source).value
    stored = services.evidence.path_of(admin, view.id)
    services.evidence.remove(admin, view.id)
    assert not stored.exists()
    assert count_rows(services, EvidenceFile) == 0
    with pytest.raises(NotFound):
        services.evidence.check(admin, view.id)


def test_attaching_needs_a_readable_file_and_the_right(
    services: Services, admin: Actor, contract_id: int, tmp_path: Path
) -> None:
    item_id = item_by_code(services, admin, contract_id, "invoices")
    with pytest.raises(ValidationError):
        services.evidence.attach(admin, item_id, tmp_path / "nowhere.pdf")
    source = tmp_path / "invoice.pdf"
    source.write_bytes(b"invoice")
    desk = actor_with_role(services, admin, "front_desk")
    with pytest.raises(PermissionDenied):
        services.evidence.attach(desk, item_id, source)
    assert count_rows(services, EvidenceFile) == 0
    assert not any(services.evidence.folder.rglob("*.pdf"))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the embedded folder
@pytest.mark.parametrize("stored_name", ["/etc/passwd", "../outside.pdf", "1/../../outside.pdf"])
def test_a_stored_name_leading_out_of_the_evidence_folder_is_refused_and_never_deleted(
    services: Services, admin: Actor, contract_id: int, tmp_path: Path, stored_name: str
) -> None:
    item_id = item_by_code(services, admin, contract_id, "payment_vouchers")
    source = tmp_path / "voucher.pdf"
    source.write_bytes(b"%PDF-1.4 voucher")
    view = services.evidence.attach(admin, item_id, source).value
    victim = services.evidence.folder.parent / "outside.pdf"
    victim.write_bytes(b"not evidence")
    # Another program rewrites the stored name in the database.
    with services.store.write() as session:
        record = session.get(EvidenceFile, view.id)
        assert record is not None
        record.stored_name = stored_name if stored_name != "/etc/passwd" else str(victim)
    assert services.evidence.check(admin, view.id).status == "outside"
    assert "outside the evidence folder" in services.evidence.check(admin, view.id).text()
    with pytest.raises(StorageError) as caught:
        services.evidence.path_of(admin, view.id)
    assert "outside the evidence folder; it was not touched" in caught.value.text()
    with pytest.raises(StorageError):
        services.evidence.remove(admin, view.id)
    assert victim.read_bytes() == b"not evidence"
    assert services.evidence.check_contract(admin, contract_id)[view.id].status == "outside"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the embedded folder
def test_a_link_out_of_the_evidence_folder_is_not_followed(
    services: Services, admin: Actor, contract_id: int, tmp_path: Path
) -> None:
    item_id = item_by_code(services, admin, contract_id, "payment_vouchers")
    source = tmp_path / "voucher.pdf"
    source.write_bytes(b"%PDF-1.4 voucher")
    view = services.evidence.attach(admin, item_id, source).value
    stored = services.evidence.path_of(admin, view.id)
    victim = tmp_path / "victim.pdf"
    victim.write_bytes(b"%PDF-1.4 voucher")
    stored.unlink()
    stored.symlink_to(victim)
    assert services.evidence.check(admin, view.id).status == "outside"
    with pytest.raises(StorageError):
        services.evidence.remove(admin, view.id)
    assert victim.exists()
