"""The desktop app's options are read without the commands' parser (start-up imports less)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop_app.cli.options import parse_gui_options


def test_gui_options_are_read_without_a_command() -> None:
    args = parse_gui_options(["--data-dir", "somewhere", "--lang=en", "--minimised", "--verbose"])
    assert args is not None
    assert args.command is None
    assert args.data_dir == "somewhere"
    assert args.lang == "en"
    assert args.minimised is True
    assert args.verbose is True
    assert args.self_test is False
    assert args.db is None


@pytest.mark.parametrize(
    "arguments",
    [
        ["demo"],
        ["--data-dir", "x", "banks", "list"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--self-test", "--json"],
        ["--unknown-option"],
    ],
)
def test_commands_and_help_go_to_the_full_parser(arguments: list[str]) -> None:
    assert parse_gui_options(arguments) is None


def test_a_bad_language_is_refused_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_gui_options(["--lang", "fr"])
    assert stopped.value.code == 2
    assert "fr" in capsys.readouterr().err


def test_reading_the_gui_options_imports_no_command_and_no_service() -> None:
    code = (
        "import sys\n"
        "from desktop_app.cli.options import parse_gui_options\n"
        "from desktop_app.core.services import Services\n"
        "parse_gui_options(['--data-dir', 'x'])\n"
        "loaded = [m for m in sys.modules if m.startswith(('desktop_app.cli.parser',"
        " 'desktop_app.cli.main', 'desktop_app.core.register', 'desktop_app.core.checklists',"
        " 'desktop_app.core.front_desk', 'desktop_app.core.windows'))]\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""
