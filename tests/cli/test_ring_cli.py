"""``callback-desk ring`` and the ``callback-desk:ring?…`` URL: bad arguments are refused with a
translated line and exit code 2; a good ring reaches the running app over the real
single-instance channel (this test process plays the running app)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.__main__ import main
from desktop_app.cli.ring import expand_ring_url
from desktop_app.core.common.i18n import set_language
from desktop_app.core.local.paths import resolve_paths
from desktop_app.ui.single_instance import SingleInstance


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse refuses with exit code 2
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["ring", "call me"], "“call me” is not a phone number."),
        (["ring", "9" * 61], "The number is longer than 60 characters."),
        (["ring", "95588", "--line", "x" * 61], "The line's name is longer than 60 characters."),
        (["ring", "95588", "--at", "yesterday"], "“yesterday” is not a moment"),
        (["callback-desk:hangup?number=95588"], "is not a phone number."),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arguments: list[str], message: str
) -> None:
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "--lang", "en", *arguments)
    assert code == 2
    assert message in err


def test_bad_arguments_are_refused_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    try:
        code, _out, err = run(capsys, "--data-dir", str(tmp_path), "--lang", "zh_CN", "ring", "x")
    finally:
        set_language("en")
    assert code == 2
    assert "不是有效的电话号码" in err


def test_the_url_becomes_the_ring_command() -> None:
    url = "callback-desk:ring?number=010-6552%201234&line=3CX&at=2026-10-10T10:00"
    assert expand_ring_url(["--lang", "en", url]) == [
        "--lang",
        "en",
        "ring",
        "010-6552 1234",
        "--line",
        "3CX",
        "--at",
        "2026-10-10T10:00",
    ]
    assert expand_ring_url(["route", "95588"]) == ["route", "95588"]


def test_a_ring_reaches_the_running_app(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    running = SingleInstance(resolve_paths(str(tmp_path)).data_dir)
    assert running.listen()
    try:
        with qtbot.waitSignal(running.ring_received, timeout=5000) as received:
            code, _out, err = run(
                capsys,
                "--data-dir",
                str(tmp_path),
                "callback-desk:ring?number=95588&line=MicroSIP&at=2026-10-10T10:00%2B08:00",
            )
        assert (code, err) == (0, "")
        assert received.args[0] == {
            "number": "95588",
            "line": "MicroSIP",
            "at": "2026-10-10T10:00:00+08:00",
        }
    finally:
        running.close()
