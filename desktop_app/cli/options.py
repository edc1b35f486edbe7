"""The options of ``callback-desk`` that come before any command, and the translated parser.

Kept apart from the commands: the desktop app (no command) parses its options with these alone,
so that starting the window imports none of the commands or the services behind them.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from typing import Any

from desktop_app import __version__
from desktop_app.core.common.i18n import _

# A section heading argparse ends with ":"; in Chinese text the colon is full-width.
_CHINESE_HEADING = re.compile(r"^(\S[^\n]*[\u4e00-\u9fff\uff09]):$", re.MULTILINE)

# Options that only the full parser knows: given one of them, the desktop app is not what to start.
NOT_FOR_GUI = ("-h", "--help", "--version", "--self-test", "--json")


# Put after each wide character of an option's invocation while argparse measures and pads it
# (it counts characters; a Chinese one takes two columns), taken out of the finished help.
_SECOND_COLUMN = "\x00"


def _widened(text: str) -> str:
    return "".join(
        char + _SECOND_COLUMN if unicodedata.east_asian_width(char) in "WF" else char
        for char in text
    )


class HelpFormatter(argparse.HelpFormatter):
    """Lines the help texts up in one column when an option's placeholder is in Chinese."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        return _widened(super()._format_action_invocation(action))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are translated and exit with code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        text = super().format_help().replace(_SECOND_COLUMN, "")
        return _CHINESE_HEADING.sub("\\1：", text)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage()
        self.exit(2, _("Error: {message}").format(message=message) + "\n")


def add_global_options(parser: argparse.ArgumentParser, for_gui: bool = False) -> None:
    """The options before the command; ``for_gui``: only those the desktop app reads."""
    parser.add_argument(
        "--version",
        action="version",
        version=f"callback-desk {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--db", metavar=_("URL"), help=_("database URL (default: the embedded SQLite file)")
    )
    parser.add_argument("--data-dir", metavar=_("DIR"), help=_("folder for data and settings"))
    parser.add_argument("--lang", choices=["zh_CN", "en"], help=_("language of the app"))
    parser.add_argument(
        "--minimised",
        "--minimized",
        dest="minimised",
        action="store_true",
        help=_("start in the tray, or minimised where there is no tray (used at login)"),
    )
    parser.add_argument(
        "--as",
        dest="acting",
        metavar=_("PERSON"),
        help=_(
            "act as this person (name or number) instead of the one linked to this computer account"
        ),
    )
    parser.add_argument(
        "--verbose", action="store_true", help=_("write details (DEBUG) to the log file")
    )
    if for_gui:
        return
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check in a temporary folder that this installation works (database, catalogs, "
            "window, PDF, routing, spreadsheets, calendar, keyring, PostgreSQL driver)"
        ),
    )
    parser.add_argument(
        "--json", dest="self_test_json", action="store_true", help=_("with --self-test: print JSON")
    )


def parse_gui_options(arguments: list[str]) -> argparse.Namespace | None:
    """The options of the desktop app when ``arguments`` name no command, else None (then the
    full parser reads them: commands, --help, --version, --self-test)."""
    if any(argument.split("=", 1)[0] in NOT_FOR_GUI for argument in arguments):
        return None
    parser = Parser(prog="callback-desk", add_help=False)
    add_global_options(parser, for_gui=True)
    args, rest = parser.parse_known_args(arguments)
    if rest:
        return None
    args.command = None
    args.self_test = False
    args.self_test_json = False
    return args
