"""Evidence files in tests: altering a stored file where it is kept, in the embedded data folder
or in the team server's chunks, as another program (or a failing disk) would."""

from __future__ import annotations

from sqlalchemy import delete, update

from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import EvidenceChunk
from desktop_app.core.services import Services


def tamper(services: Services, actor: Actor, file_id: int, data: bytes) -> None:
    """Replace the stored bytes of evidence file ``file_id`` with ``data``."""
    if not services.evidence.on_server:
        services.evidence.path_of(actor, file_id).write_bytes(data)
        return
    with services.store.write() as session:
        session.execute(
            delete(EvidenceChunk).where(EvidenceChunk.file_id == file_id, EvidenceChunk.seq > 0)
        )
        session.execute(
            update(EvidenceChunk)
            .where(EvidenceChunk.file_id == file_id, EvidenceChunk.seq == 0)
            .values(data=data)
        )
