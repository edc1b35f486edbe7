"""UI tests run on one embedded database; the storage suites cover PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.context import AppContext
from desktop_app.core.services.demo import load_demo
from desktop_app.core.services.permissions import Actor


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+pysqlite:///{tmp_path / 'ui.sqlite3'}"


@pytest.fixture
def demo_admin(app_ctx: AppContext) -> Actor:
    """The sample company loaded, acting as its administrator."""
    return load_demo(app_ctx.services, "demo-account")
