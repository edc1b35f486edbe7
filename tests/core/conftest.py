"""Fixtures of the storage suites: a second desk on the same database, and a colleague there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core.common.clock import FakeClock
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext, open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.services import Services
from tests.helpers.factories import make_person


@pytest.fixture
def other_desk(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[AppContext]:
    """A second desk on the same database, with an engine of its own."""
    context = open_context(
        db=db_url, data_dir=str(tmp_path / "other-desk"), clock=clock, secrets=MemoryStore()
    )
    yield context
    context.close()


@pytest.fixture
def li_na(services: Services, admin: Actor) -> Actor:
    """The finance colleague at the other desk."""
    person = make_person(services, admin, "finance", "李娜")
    return replace(services.identity.actor_for(person.id), desk="财务-2")
