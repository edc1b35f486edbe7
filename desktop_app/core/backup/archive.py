"""A backup file of the embedded database and its evidence files, written and read back safely.

A backup is one ``.zip``: the database as SQLite's online backup made it (a consistent snapshot
even while the app writes), every evidence file, and a manifest with the schema revision and the
SHA-256 of each member. It is written under a temporary name, read back and checked (hashes and
SQLite's integrity check), flushed, and only then renamed, so an interrupted backup never leaves
a file that looks like one. :func:`verify` does the same checks on any backup file before a
restore trusts it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.local.private import private_file, private_folder
from desktop_app.core.storage.migrate import refuse_newer
from desktop_app.core.storage.sqlite_file import (
    PARTIAL_SUFFIX,
    integrity_problems,
    probe,
    safe_copy,
    sync_folder,
)

FORMAT = "callback-desk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = "database.sqlite3"
EVIDENCE_PREFIX = "evidence/"
CHUNK = 1 << 20
SCRATCH_PREFIX = ".callback-desk-"


@dataclass(frozen=True)
class Manifest:
    """What a backup holds."""

    created_at: str
    revision: str | None
    files: dict[str, str]  # member name → SHA-256

    @property
    def evidence_count(self) -> int:
        return sum(1 for name in self.files if name.startswith(EVIDENCE_PREFIX))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _evidence_files(folder: Path) -> Iterator[tuple[str, Path]]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        # Hidden files are this computer's notes (the quick check's), not evidence.
        if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
            yield EVIDENCE_PREFIX + path.relative_to(folder).as_posix(), path


@contextlib.contextmanager
def _scratch(near: Path) -> Iterator[Path]:
    """A private temporary folder beside ``near`` (same disk, so nothing large crosses disks)."""
    private_folder(near)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=near) as folder:
        yield Path(folder)


def write_backup(database: Path, evidence_dir: Path, target: Path, now: datetime) -> Manifest:
    """Back up ``database`` and ``evidence_dir`` into ``target``; checked before it is renamed."""
    found = probe(database)
    if not found.exists:
        raise StorageError(N_("There is no database at {path} to back up."), path=str(database))
    private_folder(target.parent)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        with _scratch(target.parent) as scratch:
            snapshot = safe_copy(database, scratch / DATABASE_MEMBER)
            files = {DATABASE_MEMBER: _sha256(snapshot)}
            evidence = list(_evidence_files(evidence_dir))
            for name, path in evidence:
                files[name] = _sha256(path)
            manifest = Manifest(now.isoformat(), probe(snapshot).revision, files)
            with zipfile.ZipFile(partial, "w") as archive:
                archive.write(snapshot, DATABASE_MEMBER, zipfile.ZIP_DEFLATED)
                for name, path in evidence:
                    archive.write(path, name, zipfile.ZIP_STORED)  # mostly compressed already
                archive.writestr(MANIFEST, _manifest_text(manifest), zipfile.ZIP_DEFLATED)
        private_file(partial)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        verify(partial)
        os.replace(partial, target)
        sync_folder(target.parent)
    except OSError as error:
        raise StorageError(
            N_("Cannot write the backup {path}: {detail}"), path=str(target), detail=str(error)
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _manifest_text(manifest: Manifest) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": manifest.created_at,
            "revision": manifest.revision,
            "files": manifest.files,
        },
        indent=2,
    )


def _unusable(path: Path, detail: str) -> StorageError:
    return StorageError(
        N_("{path} is not a usable Callback Desk backup: {detail}"), path=str(path), detail=detail
    )


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> Manifest:
    try:
        raw = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (KeyError, ValueError, UnicodeDecodeError) as error:
        raise _unusable(path, _("it has no readable manifest")) from error
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _unusable(path, _("it has no readable manifest"))
    files = raw.get("files")
    if not isinstance(files, dict) or DATABASE_MEMBER not in files:
        raise _unusable(path, _("it holds no database"))
    for name in files:
        parts = PurePosixPath(str(name)).parts
        if name != DATABASE_MEMBER and (
            not str(name).startswith(EVIDENCE_PREFIX) or ".." in parts or str(name).startswith("/")
        ):
            raise _unusable(path, _("it names a file outside its folders"))
    revision = raw.get("revision")
    return Manifest(
        str(raw.get("created_at", "")),
        revision if isinstance(revision, str) else None,
        {str(k): str(v) for k, v in files.items()},
    )


def verify(path: Path, extract_to: Path | None = None) -> Manifest:
    """Check a backup file: manifest, every member's hash, the database's integrity and schema.

    With ``extract_to`` the members are left there (``database.sqlite3`` and ``evidence/``).
    Raises StorageError naming the problem; a newer schema is refused.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise _unusable(path, str(error)) from error
    with archive, contextlib.ExitStack() as stack:
        manifest = _read_manifest(archive, path)
        folder = extract_to
        if folder is None:
            folder = Path(stack.enter_context(_scratch(path.parent)))
        for name, expected in manifest.files.items():
            target = folder / name
            private_folder(target.parent)
            try:
                with archive.open(name) as source, target.open("wb") as copy:
                    while chunk := source.read(CHUNK):
                        copy.write(chunk)
            except (KeyError, zipfile.BadZipFile, OSError) as error:
                raise _unusable(path, str(error)) from error
            private_file(target)
            if _sha256(target) != expected:
                detail = _("{name} does not match its recorded hash").format(name=name)
                raise _unusable(path, detail)
        database = folder / DATABASE_MEMBER
        problems = integrity_problems(database)
        if problems:
            raise _unusable(path, "; ".join(problems[:3]))
        refuse_newer(str(path), probe(database).revision)
    return manifest
