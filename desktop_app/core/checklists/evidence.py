"""Evidence files: copied into the data folder, fingerprinted with SHA-256, checked when shown.

A file attached to a checklist item is copied (never moved) into ``<data>/evidence/<contract>/``
under a name of its own, and its SHA-256 and size are recorded as it is copied. Later the copy is
checked against them: a copy that is gone, or whose bytes changed, is reported — the record says
what the company showed the bank, and a silently edited voucher is worse than none. The routine
check re-hashes a copy whenever its size or modification time is not the one it had when its
hash last matched (kept per computer in ``.checked.json``). A stored name is only ever followed
inside the evidence folder: an absolute name, a ``..`` or a link leading out is refused and
reported, and detaching never deletes anything outside.

The copies live in this computer's data folder; on a team server the other desks see the record
and the hash but report the file as not on their computer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy import select

from desktop_app.core.checklists.service import EvidenceView, evidence_by_item
from desktop_app.core.common import audit
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound, StorageError, ValidationError
from desktop_app.core.common.files import write_atomically
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.local.private import private_folder
from desktop_app.core.models import ChecklistItem, EvidenceFile
from desktop_app.core.storage.store import Store

CHUNK = 1 << 20
FILE_STATES = {
    "ok": N_("Unchanged"),
    "missing": N_("File missing"),
    "altered": N_("File altered"),
    "outside": N_("Refused: the stored name points outside the evidence folder"),
}
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


class EvidenceService:
    """Attaches, checks, locates and removes evidence files."""

    def __init__(self, store: Store, folder: Path | None) -> None:
        self._store = store
        self._given = folder

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
        with self._store.read() as session:
            item = session.get(ChecklistItem, item_id)
            if item is None:
                raise NotFound(N_("The checklist item no longer exists."))
            contract_id = item.contract_id
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
                record = EvidenceFile(
                    item_id=item_id,
                    file_name=source.name[:260],
                    stored_name=stored,
                    sha256=sha256,
                    size=size,
                    added_at=self._store.clock.now(),
                    added_by_id=actor.person_id,
                )
                session.add(record)
                session.flush()
                audit.record(
                    session,
                    self._store,
                    actor,
                    "attach",
                    "evidence_file",
                    record.id,
                    after=audit.snapshot(record, "item_id", "file_name", "sha256", "size"),
                )
                view = evidence_by_item(session, [item_id])[item_id][-1]
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
        path = self._contained(record.stored_name)
        if path is None:
            raise self._refuse_outside(record)
        return path

    def _check(self, record: EvidenceFile, full: bool = True) -> FileCheck:
        """Compare a copy with its record; the routine check (``full`` False) re-hashes
        whenever the size or the modification time differs from when it last matched."""
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
            session.expunge_all()
        return {record.id: self._check(record, full) for record in records}

    def remove(self, actor: Actor, file_id: int) -> Outcome[int]:
        """Detach a file: its record goes, and its stored copy is deleted."""
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            record = session.get(EvidenceFile, file_id)
            if record is None:
                raise NotFound(N_("The evidence file no longer exists."))
            path = self._contained(record.stored_name)
            if path is None:
                raise self._refuse_outside(record)
            item = session.get(ChecklistItem, record.item_id)
            contract_id = item.contract_id if item else 0
            before = audit.snapshot(record, "item_id", "file_name", "sha256", "size")
            session.delete(record)
            session.flush()
            audit.record(session, self._store, actor, "detach", "evidence_file", file_id, before)
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
