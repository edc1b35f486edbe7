"""The log file: where it goes, its levels, rotation and the masking of secrets."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.common import logs


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    yield folder
    logs.shutdown_logging()


def test_info_goes_to_the_file_and_debug_only_when_verbose(log_dir: Path) -> None:
    path = logs.setup_logging(log_dir)
    logger = logging.getLogger("desktop_app.example")
    logger.info("started %s", "here")
    logger.debug("a detail")
    logs.shutdown_logging()
    text = path.read_text("utf-8")
    assert "INFO" in text and "desktop_app.example" in text and "started here" in text
    assert "a detail" not in text
    logs.setup_logging(log_dir, verbose=True)
    logger.debug("another detail")
    logs.shutdown_logging()
    assert "another detail" in path.read_text("utf-8")


def test_setting_up_again_replaces_the_handler_and_shutdown_closes_it(log_dir: Path) -> None:
    logs.setup_logging(log_dir)
    second = logs.setup_logging(log_dir / "other")
    assert logs.current_log_file() == second
    handlers = [h for h in logging.getLogger("desktop_app").handlers if h.name != "pytest"]
    assert len([h for h in handlers if isinstance(h, logging.FileHandler)]) == 1
    logs.shutdown_logging()
    assert logs.current_log_file() is None
    logging.getLogger("desktop_app").info("after the end")
    assert "after the end" not in second.read_text("utf-8")


def test_the_file_rotates(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup_logging(log_dir)
    for number in range(100):
        logging.getLogger("desktop_app").info("line %d of a long day", number)
    logs.shutdown_logging()
    assert path.with_name(path.name + ".1").is_file()
    assert "line 99" in path.read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "postgresql+psycopg://clerk:Secr3t!pw@db.example:5432/desk",
            "postgresql+psycopg://clerk:***@db.example:5432/desk",
        ),
        ("connect password=hunter2 host=x", "connect password=*** host=x"),
        ("TOKEN: abc.def.ghi", "TOKEN: ***"),
        ("no secret in postgresql://clerk@db/desk", "no secret in postgresql://clerk@db/desk"),
    ],
)
def test_secrets_are_masked(text: str, expected: str) -> None:
    assert logs.redact(text) == expected


def test_a_traceback_is_masked_too(log_dir: Path) -> None:
    path = logs.setup_logging(log_dir)
    try:
        raise RuntimeError("could not reach postgresql://clerk:Secr3t!pw@db/desk")
    except RuntimeError:
        logging.getLogger("desktop_app").exception("failed")
    logs.shutdown_logging()
    text = path.read_text("utf-8")
    assert "Traceback" in text and "RuntimeError" in text
    assert "Secr3t" not in text and "clerk:***@db" in text
