"""Evidence files: copied into the data folder, fingerprinted with SHA-256, checked when shown.

A file attached to a checklist item is copied (never moved) into ``<data>/evidence/<contract>/``
under a name of its own, and its SHA-256 and size are recorded as it is copied. Later the copy is
checked against them: a copy that is gone, or whose bytes changed, is reported — the record says
what the company showed the bank, and a silently edited voucher is worse than none. The routine
check re-hashes a copy whenever its size or modification time is not the one it had when its
hash last matched (kept per computer in ``.checked.json``). A stored name is only ever followed
inside the evidence folder: an absolute name, a ``..`` or a link leading out is refused and
reported, and detaching never deletes anything outside.

That is the embedded database. On a team server the bytes go into the database itself (see
:mod:`.team_files`): every finance desk opens the file from there through a local cache named by
the hash, each read is checked against the SHA-256, and :meth:`EvidenceService.upload_local_copies`
sends the copies a desk attached before files went to the server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.checklists import team_files
from desktop_app.core.checklists.service import EvidenceView, evidence_by_item
from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, StorageError, ValidationError
from desktop_app.core.common.files import write_atomically
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission, system_actor
from desktop_app.core.local.private import private_folder
from desktop_app.core.models import ChecklistItem, EvidenceFile
from desktop_app.core.storage.store import Store

log = logging.getLogger(__name__)
CHUNK = 1 << 20
FILE_STATES = {
    "ok": N_("Unchanged"),
    "missing": N_("File missing"),
    "altered": N_("File altered"),
    "outside": N_("Refused: the stored name points outside the evidence folder"),
}
NO_LIMIT_MB = 1 << 20  # files attached before the limit was checked are sent whatever their size
CHECKED_FILE = ".checked.json"  # this computer's (size, mtime) of copies whose hash matched
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


@dataclass(frozen=True)
class FileCheck:
    """The result of checking one stored copy against its recorded hash."""

    file_id: int
    status: str  # ok, missing, altered, outside
    actual_sha256: str = ""

    def text(self) -> str:
        return _(FILE_STATES[self.status])

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_with_digest(source: Path, target: Path) -> tuple[str, int]:
    """Copy ``source`` to ``target`` hashing the bytes on the way; return (sha256, size)."""
    digest = hashlib.sha256()
    size = 0
    private_folder(target.parent)
    # Created readable by the owner only from the first byte (the data folder is too).
    descriptor = os.open(
        target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
    )
    with source.open("rb") as reading, os.fdopen(descriptor, "wb") as writing:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            writing.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def stored_name_for(contract_id: int, item_id: int, file_name: str) -> str:
    """A unique relative path for a copy: the contract's folder, the item, a token, the name."""
    stem = _UNSAFE.sub("_", Path(file_name).stem).strip("._")[:60] or "file"
    suffix = _UNSAFE.sub("", Path(file_name).suffix)[:12]
    return f"{contract_id}/{item_id}-{secrets.token_hex(4)}-{stem}{suffix}"


@dataclass(frozen=True)
class UploadReport:
    """What :meth:`EvidenceService.upload_local_copies` did."""

    uploaded: int  # copies found here, checked and sent to the server
    elsewhere: int  # records whose copy is not on this computer (another desk sends it)
    altered: int  # copies here whose bytes no longer match their hash: left alone


class EvidenceService:
    """Attaches, checks, locates and removes evidence files."""

    def __init__(
        self, store: Store, folder: Path | None, limit_mb: Callable[[], int] = lambda: 50
    ) -> None:
        self._store = store
        self._given = folder
        self._limit_mb = limit_mb  # the organisation's per-file limit, read at each attach

    @property
    def on_server(self) -> bool:
        """Whether the files' bytes live in the database (a team server)."""
        return self._store.dialect == "postgresql"

    @property
    def _folder(self) -> Path:
        if self._given is None:
            raise StorageError(N_("This desk has no evidence folder."))
        return self._given

    @property
    def folder(self) -> Path:
        return self._folder

    def _contained(self, stored_name: str) -> Path | None:
        """The copy's path inside the evidence folder, or ``None`` for a name that leaves it.

        Stored names come from the database, which another program (or a restored backup) may
        have written: an absolute name, a ``..`` or a link out of the folder is never followed.
        """
        name = PurePath(stored_name)
        if not stored_name or name.is_absolute() or name.anchor or ".." in name.parts:
            return None
        root = self._folder.resolve()
        path = (root / name).resolve()
        return path if path.is_relative_to(root) and path != root else None

    def _refuse_outside(self, record: EvidenceFile) -> StorageError:
        return StorageError(
            N_(
                "Evidence file {id} is stored as “{name}”, outside the evidence folder; "
                "it was not touched."
            ),
            id=record.id,
            name=record.stored_name,
        )

    def attach(self, actor: Actor, item_id: int, source: Path) -> Outcome[EvidenceView]:
        """Copy ``source`` into the evidence folder and record it against a checklist item."""
        actor.require(Permission.EDIT_REGISTER)
        source = Path(source)
        if not source.is_file():
            raise ValidationError.single(
                "file", N_("“{name}” is not a file that can be read."), name=str(source)
            )
        limit_mb = self._limit_mb()
        if source.stat().st_size > limit_mb * team_files.MEGABYTE:
            raise team_files.too_large(source.name, limit_mb)
        with self._store.read() as session:
            item = session.get(ChecklistItem, item_id)
            if item is None:
                raise NotFound(N_("The checklist item no longer exists."))
            contract_id = item.contract_id
        if self.on_server:
            return self._attach_on_server(actor, item_id, contract_id, source, limit_mb)
        stored = stored_name_for(contract_id, item_id, source.name)
        target = self._folder / stored
        try:
            sha256, size = copy_with_digest(source, target)
            stat = target.stat()
            checked = self._checked()
            checked[stored] = [stat.st_size, stat.st_mtime_ns, sha256]
            self._save_checked(checked)
        except OSError as error:
            target.unlink(missing_ok=True)
            raise ValidationError.single(
                "file",
                N_("“{name}” could not be copied: {detail}"),
                name=source.name,
                detail=error.strerror or str(error),
            ) from error
        try:
            with self._store.write() as session:
                record = self._new_record(session, actor, item_id, source, stored)
                record.sha256, record.size = sha256, size
                view = self._attached(session, actor, record)
        except Exception:
            target.unlink(missing_ok=True)  # no record, no orphan copy
            raise
        return Outcome(
            view,
            Changes.of(
                Area.CHECKLISTS,
                ids=((Area.CHECKLISTS, item_id), (Area.CONTRACTS, contract_id)),
            ),
        )

    def _new_record(
        self, session: Session, actor: Actor, item_id: int, source: Path, stored: str
    ) -> EvidenceFile:
        """The file's record, flushed for its id; its hash and size are the caller's to set."""
        record = EvidenceFile(
            item_id=item_id,
            file_name=source.name[:260],
            stored_name=stored,
            sha256="",
            size=0,
            added_at=self._store.clock.now(),
            added_by_id=actor.person_id,
        )
        session.add(record)
        session.flush()
        return record

    def _attached(self, session: Session, actor: Actor, record: EvidenceFile) -> EvidenceView:
        """Audit the attached file and read it back as the panel shows it."""
        audit.record(
            session,
            self._store,
            actor,
            "attach",
            "evidence_file",
            record.id,
            after=audit.snapshot(record, "item_id", "file_name", "sha256", "size"),
        )
        return evidence_by_item(session, [record.item_id])[record.item_id][-1]

    def _attach_on_server(
        self, actor: Actor, item_id: int, contract_id: int, source: Path, limit_mb: int
    ) -> Outcome[EvidenceView]:
        """Send the file's bytes into the database with its record, in one transaction."""
        stored = stored_name_for(contract_id, item_id, source.name)
        try:
            with self._store.write() as session:
                record = self._new_record(session, actor, item_id, source, stored)
                record.sha256, record.size = team_files.upload(session, record.id, source, limit_mb)
                view = self._attached(session, actor, record)
        except OSError as error:
            raise ValidationError.single(
                "file",
                N_("“{name}” could not be read: {detail}"),
                name=source.name,
                detail=error.strerror or str(error),
            ) from error
        log.info("evidence file %s (%s bytes) stored on the team server", record.id, record.size)
        return Outcome(
            view,
            Changes.of(
                Area.CHECKLISTS,
                ids=((Area.CHECKLISTS, item_id), (Area.CONTRACTS, contract_id)),
            ),
        )

    def upload_local_copies(self) -> UploadReport:
        """Send to the team server the copies this desk attached before files went there.

        Each record without bytes on the server whose copy is in this desk's evidence folder,
        unchanged, is uploaded in a transaction of its own; a copy that is elsewhere or altered
        is left alone (and counted). Safe to run at each start: it does nothing once done.
        """
        if not self.on_server or self._given is None:
            return UploadReport(0, 0, 0)
        with self._store.read() as session:
            waiting = team_files.without_bytes(session)
            session.expunge_all()
        uploaded = elsewhere = altered = 0
        for record in waiting:
            path = self._contained(record.stored_name)
            if path is None or not path.is_file():
                elsewhere += 1
                continue
            if path.stat().st_size != record.size or sha256_of(path) != record.sha256:
                altered += 1
                continue
            with self._store.write() as session:
                team_files.upload(session, record.id, path, NO_LIMIT_MB)
                audit.record(
                    session,
                    self._store,
                    system_actor(self._store.desk),
                    "upload",
                    "evidence_file",
                    record.id,
                    after={"sha256": record.sha256, "size": record.size},
                )
            uploaded += 1
        if waiting:
            log.info(
                "evidence files sent to the team server: %d; on other desks: %d; altered: %d",
                uploaded,
                elsewhere,
                altered,
            )
        return UploadReport(uploaded, elsewhere, altered)

    def _record(self, file_id: int) -> EvidenceFile:
        with self._store.read() as session:
            record = session.get(EvidenceFile, file_id)
            if record is None:
                raise NotFound(N_("The evidence file no longer exists."))
            session.expunge(record)
            return record

    def path_of(self, actor: Actor, file_id: int) -> Path:
        """Where the stored copy is (it may be missing; :meth:`check` says)."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        record = self._record(file_id)
        if self.on_server:
            return self._fetched(record)
        path = self._contained(record.stored_name)
        if path is None:
            raise self._refuse_outside(record)
        return path

    def _fetched(self, record: EvidenceFile) -> Path:
        """The desk's checked copy of a file on the team server, fetched when not cached."""
        cached = team_files.cached_copy(self._folder, record.sha256, record.size)
        if cached is not None:
            return cached
        with self._store.read() as session:
            return team_files.download(session, record, self._folder)

    def _check(self, record: EvidenceFile, full: bool = True) -> FileCheck:
        """Compare a copy with its record; the routine check (``full`` False) re-hashes
        whenever the size or the modification time differs from when it last matched.
        On a team server the bytes there are checked (a full check hashes them all)."""
        if self.on_server:
            return self._check_on_server(record, full)
        path = self._contained(record.stored_name)
        if path is None:
            return FileCheck(record.id, "outside")
        if not path.is_file():
            return FileCheck(record.id, "missing")
        stat = path.stat()
        if stat.st_size != record.size:
            return FileCheck(record.id, "altered")
        seen = (stat.st_size, stat.st_mtime_ns, record.sha256)
        checked = self._checked()
        if not full and tuple(checked.get(record.stored_name, ())) == seen:
            return FileCheck(record.id, "ok")
        actual = sha256_of(path)
        if actual != record.sha256:
            return FileCheck(record.id, "altered", actual)
        if tuple(checked.get(record.stored_name, ())) != seen:
            checked[record.stored_name] = list(seen)
            self._save_checked(checked)
        return FileCheck(record.id, "ok", actual)

    def _check_on_server(self, record: EvidenceFile, full: bool) -> FileCheck:
        with self._store.read() as session:
            if not full:
                held = team_files.has_bytes(session, record.id)
                return FileCheck(record.id, "ok" if held else "missing")
            if not team_files.has_bytes(session, record.id):
                return FileCheck(record.id, "missing")
            actual, size = team_files.stored_digest(session, record.id)
        if (actual, size) != (record.sha256, record.size):
            return FileCheck(record.id, "altered", actual)
        return FileCheck(record.id, "ok", actual)

    def _checked(self) -> dict[str, list[object]]:
        try:
            found = json.loads((self._folder / CHECKED_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def _save_checked(self, checked: dict[str, list[object]]) -> None:
        with contextlib.suppress(OSError):  # only a cache: the next check hashes again
            write_atomically(self._folder / CHECKED_FILE, json.dumps(checked).encode("utf-8"))

    def check(self, actor: Actor, file_id: int) -> FileCheck:
        """Compare one stored copy with the hash recorded when it was attached."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        return self._check(self._record(file_id))

    def check_contract(
        self, actor: Actor, contract_id: int, full: bool = True
    ) -> dict[int, FileCheck]:
        """Check every evidence file of a contract's checklist: {file id: result}.

        ``full`` False only looks for each copy and compares its size (cheap enough to do each
        time a checklist is shown); True also hashes every byte.
        """
        actor.require(Permission.VIEW_LOAN_DETAILS)
        with self._store.read() as session:
            records = list(
                session.scalars(
                    select(EvidenceFile)
                    .join(ChecklistItem, ChecklistItem.id == EvidenceFile.item_id)
                    .where(ChecklistItem.contract_id == contract_id)
                )
            )
            held = (
                team_files.held(session, [r.id for r in records])
                if self.on_server and not full
                else set()
            )
            session.expunge_all()
        if self.on_server and not full:  # one query for all: the bytes are there or not
            return {r.id: FileCheck(r.id, "ok" if r.id in held else "missing") for r in records}
        return {record.id: self._check(record, full) for record in records}

    def remove(self, actor: Actor, file_id: int) -> Outcome[int]:
        """Detach a file: its record goes, and its stored copy is deleted."""
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            record = session.get(EvidenceFile, file_id)
            if record is None:
                raise NotFound(N_("The evidence file no longer exists."))
            path = None if self.on_server else self._contained(record.stored_name)
            if path is None and not self.on_server:
                raise self._refuse_outside(record)
            item = session.get(ChecklistItem, record.item_id)
            contract_id = item.contract_id if item else 0
            before = audit.snapshot(record, "item_id", "file_name", "sha256", "size")
            session.delete(record)
            session.flush()
            audit.record(session, self._store, actor, "detach", "evidence_file", file_id, before)
        if path is not None:  # on a team server the chunks went with the record (cascade)
            path.unlink(missing_ok=True)
        return Outcome(
            file_id,
            Changes.of(Area.CHECKLISTS, ids=((Area.CONTRACTS, contract_id),)),
        )

    def export_copy(self, actor: Actor, file_id: int, target: Path) -> Path:
        """Copy the stored file out (for sending it to the bank)."""
        path = self.path_of(actor, file_id)
        shutil.copyfile(path, target)
        return target
