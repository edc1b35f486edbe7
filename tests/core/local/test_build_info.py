"""Which build is running: the bundle's build_info.json, or a source checkout."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app import __version__
from desktop_app.core.local.build_info import BUILD_INFO_FILE, build_info, describe_build


def test_a_bundle_names_its_version_and_commit(tmp_path: Path) -> None:
    (tmp_path / BUILD_INFO_FILE).write_text(
        json.dumps({"version": "1.4.2", "commit": "0123456789ab"}), encoding="utf-8"
    )
    info = build_info(tmp_path)
    assert (info.version, info.commit) == ("1.4.2", "0123456789ab")


def test_without_the_file_it_is_the_source_version(tmp_path: Path) -> None:
    info = build_info(tmp_path)
    assert (info.version, info.commit, info.frozen) == (__version__, None, False)
    (tmp_path / BUILD_INFO_FILE).write_text("not json", encoding="utf-8")
    assert build_info(tmp_path).commit is None


def test_the_log_line_says_from_source() -> None:
    line = describe_build()
    assert line.startswith(f"version {__version__}, from source, Python 3.")
