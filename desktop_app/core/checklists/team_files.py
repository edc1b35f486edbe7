"""Evidence files on the team server: their bytes in the database, streamed, checked on each read.

On a team server an attached file's bytes go into ``evidence_chunk`` rows of one megabyte each,
in the same transaction as its record, so every finance desk can open it, ``pg_dump`` backs it up
with everything else, and the front desk's login cannot read it (see ``core/team/policy.py``).
Nothing holds more than one chunk in memory: a file is read from disk and sent a chunk at a time,
and read back a chunk per query. Each read hashes what arrives and refuses bytes whose SHA-256
is not the recorded one. A desk keeps what it read in a local cache named by the hash, checked
again each time it is used; the cache may be deleted at any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import delete, exists, func, insert, select
from sqlalchemy.orm import Session

from desktop_app.core.common.errors import StorageError, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.local.private import private_folder
from desktop_app.core.models import EvidenceChunk, EvidenceFile

CHUNK = 1 << 20
MEGABYTE = 1 << 20
CACHE_FOLDER = ".cache"


def too_large(name: str, limit_mb: int) -> ValidationError:
    """The refusal of a file bigger than ``limit_mb`` megabytes."""
    return ValidationError.single(
        "file",
        N_(
            "“{name}” is larger than {limit} MB, the limit for one evidence file "
            "(Settings › Organisation)."
        ),
        name=name,
        limit=limit_mb,
    )


def upload(session: Session, file_id: int, source: Path, limit_mb: int) -> tuple[str, int]:
    """Send ``source`` into the chunks of evidence file ``file_id`` in the caller's transaction;
    return (sha256, size). A file over the limit (even one growing while read) is refused."""
    limit = limit_mb * MEGABYTE
    digest = hashlib.sha256()
    size = 0
    session.execute(delete(EvidenceChunk).where(EvidenceChunk.file_id == file_id))
    with source.open("rb") as reading:
        seq = 0
        while chunk := reading.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large(source.name, limit_mb)
            digest.update(chunk)
            session.execute(insert(EvidenceChunk).values(file_id=file_id, seq=seq, data=chunk))
            seq += 1
    if seq == 0:  # an empty file still has its (empty) first chunk: the server holds it
        session.execute(insert(EvidenceChunk).values(file_id=file_id, seq=0, data=b""))
    return digest.hexdigest(), size


def has_bytes(session: Session, file_id: int) -> bool:
    """Whether the server holds the bytes of evidence file ``file_id``."""
    return bool(session.scalar(select(exists().where(EvidenceChunk.file_id == file_id))))


def held(session: Session, file_ids: list[int]) -> set[int]:
    """Which of ``file_ids`` the server holds bytes of (one query)."""
    if not file_ids:
        return set()
    query = select(EvidenceChunk.file_id).where(
        EvidenceChunk.file_id.in_(file_ids), EvidenceChunk.seq == 0
    )
    return set(session.scalars(query))


def without_bytes(session: Session) -> list[EvidenceFile]:
    """The evidence records whose bytes the server does not hold (attached at one desk before
    files went to the server)."""
    held = select(EvidenceChunk.file_id).where(EvidenceChunk.file_id == EvidenceFile.id)
    return list(
        session.scalars(select(EvidenceFile).where(~held.exists()).order_by(EvidenceFile.id))
    )


def chunks(session: Session, file_id: int) -> Iterator[bytes]:
    """The bytes of evidence file ``file_id``, a chunk per query (memory stays at one chunk)."""
    count = session.scalar(
        select(func.count()).select_from(EvidenceChunk).where(EvidenceChunk.file_id == file_id)
    )
    for seq in range(count or 0):
        data = session.scalar(
            select(EvidenceChunk.data).where(
                EvidenceChunk.file_id == file_id, EvidenceChunk.seq == seq
            )
        )
        if data is None:
            return  # a gap: the hash check reports the file as altered
        yield bytes(data)


def stored_digest(session: Session, file_id: int) -> tuple[str, int]:
    """(sha256, size) of the bytes the server holds for ``file_id``, read a chunk at a time."""
    digest = hashlib.sha256()
    size = 0
    for data in chunks(session, file_id):
        digest.update(data)
        size += len(data)
    return digest.hexdigest(), size


def cache_path(folder: Path, sha256: str) -> Path:
    """Where this desk keeps its copy of the bytes with hash ``sha256``."""
    return folder / CACHE_FOLDER / sha256[:2] / sha256


def cached_copy(folder: Path, sha256: str, size: int) -> Path | None:
    """The desk's cached copy of these bytes when it is there and its hash still matches."""
    path = cache_path(folder, sha256)
    if not path.is_file() or path.stat().st_size != size:
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    if digest.hexdigest() == sha256:
        return path
    path.unlink(missing_ok=True)  # a damaged copy is fetched again
    return None


def download(session: Session, record: EvidenceFile, folder: Path) -> Path:
    """Fetch the bytes of ``record`` into the desk's cache, checking their SHA-256 on the way;
    return the cached file. Raises StorageError when the server's bytes do not match."""
    target = cache_path(folder, record.sha256)
    private_folder(target.parent)
    partial = target.with_name(f"{target.name}.{secrets.token_hex(4)}.part")
    digest = hashlib.sha256()
    size = 0
    try:
        descriptor = os.open(
            partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
        )
        with os.fdopen(descriptor, "wb") as writing:
            for data in chunks(session, record.id):
                digest.update(data)
                size += len(data)
                writing.write(data)
        if size == 0 and record.size and not has_bytes(session, record.id):
            raise StorageError(
                N_("The team server does not hold the bytes of “{name}”."), name=record.file_name
            )
        if digest.hexdigest() != record.sha256 or size != record.size:
            raise StorageError(
                N_(
                    "The bytes of “{name}” on the team server no longer match the SHA-256 "
                    "recorded when it was attached; the file was not opened."
                ),
                name=record.file_name,
            )
        os.replace(partial, target)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return target
