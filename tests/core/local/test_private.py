"""On one computer the data is its owner's only: folders 0700, files 0600 (POSIX)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.backup.service import run_automatic
from desktop_app.core.context import open_context
from desktop_app.core.demo.company import load_demo
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.local.settings import LocalSettings
from tests.conftest import START

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The usual default: files 0644 and folders 0755 unless made private."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.usefixtures("usual_umask")
def test_database_settings_backups_and_evidence_are_the_owners_only(tmp_path: Path) -> None:
    context = open_context(data_dir=str(tmp_path / "data"), secrets=MemoryStore())
    try:
        load_demo(context.services, "owner-account")  # attaches evidence files too
        paths = context.paths
    finally:
        context.close()
    LocalSettings(desk_name="Reception-1").save(paths.settings_file)
    result = run_automatic(paths, START)
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.backup_dir):
        assert mode(folder) == 0o700, folder
    evidence = [p for p in paths.evidence_dir.rglob("*") if p.is_file()]
    assert evidence
    files = [paths.database_file, paths.settings_file, result.path, *evidence]
    assert {str(p): mode(p) for p in files} == {str(p): 0o600 for p in files}
