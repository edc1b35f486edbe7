"""Evidence files on the team server (real PostgreSQL): every desk opens them, each read is
checked against the SHA-256, the per-file limit holds, copies attached before are uploaded at
the next start, and the front desk's login cannot read them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import ProgrammingError

from desktop_app.core.checklists.team_files import CACHE_FOLDER
from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.errors import StorageError, ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import EvidenceChunk, EvidenceFile
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.team.policy import Group
from tests.conftest import START
from tests.helpers.databases import PostgresServer
from tests.helpers.evidence import tamper
from tests.helpers.factories import make_bank, make_contract
from tests.helpers.team import DESK_PASSWORD, TeamDatabase

ON_SERVER = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

MB = 1 << 20


@pytest.fixture
def contract_id(services: Services, admin: Actor) -> int:
    bank = make_bank(services, admin)
    return make_contract(services, admin, bank.id, "0200-2025-LD-0137").id


@pytest.fixture
def item_id(services: Services, admin: Actor, contract_id: int) -> int:
    checklist = services.checklists.checklist(admin, contract_id)
    return next(item.id for item in checklist.items if item.code == "payment_vouchers")


def voucher(folder: Path, size: int, name: str = "付款回单.pdf") -> tuple[Path, bytes]:
    """A file of ``size`` bytes that differ from chunk to chunk."""
    content = (b"%PDF-1.4 voucher " + bytes(range(256))) * (size // 273 + 1)
    path = folder / name
    path.write_bytes(content[:size])
    return path, content[:size]


def chunk_count(services: Services, file_id: int | None = None) -> int:
    with services.store.read() as session:
        query = select(func.count()).select_from(EvidenceChunk)
        if file_id is not None:
            query = query.where(EvidenceChunk.file_id == file_id)
        return int(session.scalar(query) or 0)


@ON_SERVER
def test_a_file_attached_at_one_desk_opens_at_another(
    services: Services,
    admin: Actor,
    item_id: int,
    other_desk: AppContext,
    tmp_path: Path,
) -> None:
    source, content = voucher(tmp_path, 2 * MB + 123)
    view = services.evidence.attach(admin, item_id, source).value
    assert services.evidence.on_server
    assert view.sha256 == hashlib.sha256(content).hexdigest() and view.size == len(content)
    assert chunk_count(services, view.id) == 3  # a megabyte each
    assert not any(p.is_file() for p in services.evidence.folder.rglob("*.pdf"))  # no local copy
    elsewhere = other_desk.services.evidence
    opened = elsewhere.path_of(admin, view.id)
    assert opened.read_bytes() == content
    assert opened.is_relative_to(elsewhere.folder / CACHE_FOLDER) and view.sha256 in opened.name
    assert elsewhere.check(admin, view.id).status == "ok"
    opened.write_bytes(b"damaged cache")  # a damaged cached copy is fetched again
    assert elsewhere.path_of(admin, view.id).read_bytes() == content


@ON_SERVER
def test_bytes_changed_on_the_server_are_refused(
    services: Services,
    admin: Actor,
    contract_id: int,
    item_id: int,
    other_desk: AppContext,
    tmp_path: Path,
) -> None:
    source, _content = voucher(tmp_path, MB + 5)
    view = services.evidence.attach(admin, item_id, source).value
    tamper(services, admin, view.id, b"forged voucher")
    check = services.evidence.check(admin, view.id)
    assert (check.status, check.text()) == ("altered", "File altered")
    assert check.actual_sha256 == hashlib.sha256(b"forged voucher").hexdigest()
    with pytest.raises(StorageError) as refused:
        other_desk.services.evidence.path_of(admin, view.id)
    assert "no longer match the SHA-256" in refused.value.text()
    cache = other_desk.services.evidence.folder / CACHE_FOLDER
    assert not [p for p in cache.rglob("*") if p.is_file()]  # nothing unchecked is kept
    with services.store.write() as session:
        session.execute(text("DELETE FROM evidence_chunk WHERE file_id = :id"), {"id": view.id})
    assert services.evidence.check(admin, view.id).status == "missing"
    quick = services.evidence.check_contract(admin, contract_id, full=False)
    assert [c.status for c in quick.values()] == ["missing"]


@ON_SERVER
def test_the_size_limit_refuses_a_larger_file_and_writes_nothing(
    services: Services, admin: Actor, item_id: int, tmp_path: Path
) -> None:
    services.org.update(admin, evidence_max_mb=1)
    source, _content = voucher(tmp_path, MB + 1)
    with pytest.raises(ValidationError) as refused:
        services.evidence.attach(admin, item_id, source)
    assert refused.value.problems[0].field == "file"
    assert "larger than 1 MB, the limit for one evidence file" in refused.value.text()
    assert chunk_count(services) == 0
    with services.store.read() as session:
        assert session.scalar(select(func.count()).select_from(EvidenceFile)) == 0
    with pytest.raises(ValidationError):
        services.org.update(admin, evidence_max_mb=0)


@ON_SERVER
def test_an_empty_file_is_held_and_opens(
    services: Services, admin: Actor, contract_id: int, item_id: int, tmp_path: Path
) -> None:
    source = tmp_path / "empty.txt"
    source.write_bytes(b"")
    view = services.evidence.attach(admin, item_id, source).value
    assert services.evidence.check(admin, view.id).status == "ok"
    assert services.evidence.check_contract(admin, contract_id, full=False)[view.id].ok
    assert services.evidence.path_of(admin, view.id).read_bytes() == b""


@ON_SERVER
def test_removing_a_file_removes_its_bytes(
    services: Services, admin: Actor, item_id: int, tmp_path: Path
) -> None:
    source, _content = voucher(tmp_path, 1000)
    view = services.evidence.attach(admin, item_id, source).value
    assert chunk_count(services) == 1
    services.evidence.remove(admin, view.id)
    assert chunk_count(services) == 0


@ON_SERVER
def test_the_next_start_uploads_the_copies_attached_before(
    services: Services,
    admin: Actor,
    item_id: int,
    app_ctx: AppContext,
    other_desk: AppContext,
    tmp_path: Path,
    clock: FakeClock,
) -> None:
    """Before this version a team desk kept its copies in its own data folder: the record held
    the hash, the desk the bytes. Its next start sends them; nothing is lost."""
    folder = services.evidence.folder
    records = {}
    for name, content, kept in (
        ("kept.pdf", b"kept voucher" * 1000, b""),
        ("edited.pdf", b"edited voucher", b"edited voucheR"),
        ("elsewhere.pdf", b"on another desk", None),
    ):
        stored = f"1/{item_id}-0000-{name}"
        if kept is not None:
            (folder / "1").mkdir(parents=True, exist_ok=True)
            (folder / stored).write_bytes(kept or content)
        with services.store.write() as session:
            record = EvidenceFile(
                item_id=item_id,
                file_name=name,
                stored_name=stored,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
                added_at=clock.now(),
                added_by_id=admin.person_id,
            )
            session.add(record)
            session.flush()
            records[name] = (record.id, content)
    restarted = open_context(
        db=app_ctx.database_url,
        data_dir=str(app_ctx.paths.data_dir),
        clock=clock,
        secrets=MemoryStore(),
    )
    restarted.close()
    kept_id, kept_content = records["kept.pdf"]
    assert chunk_count(services, kept_id) == 1
    assert other_desk.services.evidence.path_of(admin, kept_id).read_bytes() == kept_content
    assert chunk_count(services, records["edited.pdf"][0]) == 0  # altered: left alone
    assert services.evidence.check(admin, records["elsewhere.pdf"][0]).status == "missing"
    report = services.evidence.upload_local_copies()  # again: nothing more to send
    assert (report.uploaded, report.elsewhere, report.altered) == (0, 1, 1)
    entries = services.audit.recent(admin, entity="evidence_file", entity_id=kept_id)
    assert [e.action for e in entries] == ["upload"]


@pytest.fixture
def team(postgres_server: PostgresServer) -> Iterator[TeamDatabase]:
    database = TeamDatabase(postgres_server, FakeClock(START), "files")
    try:
        database.init(admin="Admin")
        database.add_login(Group.FRONT_DESK)
        yield database
    finally:
        database.drop()


def test_the_front_desk_login_cannot_read_the_files(team: TeamDatabase) -> None:
    engine = make_engine(team.url_for(team.logins[0], DESK_PASSWORD))
    try:
        with engine.connect() as connection, pytest.raises(ProgrammingError) as denied:
            connection.execute(text("SELECT data FROM evidence_chunk"))
        assert "permission denied" in str(denied.value)
    finally:
        engine.dispose()
