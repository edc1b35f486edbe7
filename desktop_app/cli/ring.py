"""``callback-desk ring NUMBER [--line NAME] [--at ISO]`` and the ``callback-desk:ring?…`` URL.

The phone system runs this when the phone rings (MicroSIP's command on incoming call, an
Asterisk dialplan, baresip's event interface), or opens the URL (3CX, Yeastar Linkus). The
arguments are checked here, each refusal a translated line and exit code 2; the ring itself is
handed to the running app through the single-instance channel (``desktop_app.ui.ring.launch``).

The console must show the ring within 300 ms of the phone system running the command, so a ring
takes a short path through ``__main__``: :func:`is_ring` spots it and :func:`ring_parser` parses
it with the global options alone, without importing the database library or the other commands.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.arguments import parse_moment
from desktop_app.cli.options import Parser, add_global_options
from desktop_app.core.common import phone as phones
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.parsing import clean

SCHEME = "callback-desk"  # as desktop_app.core.front_desk.ring_request.SCHEME
MAX_NUMBER = 60
MAX_LINE = 60


def ring_number(value: str) -> str:
    """The caller's number as the phone system gave it; refused when it holds no phone number."""
    text = clean(value)
    if len(text) > MAX_NUMBER:
        raise argparse.ArgumentTypeError(
            _("The number is longer than {count} characters.").format(count=MAX_NUMBER)
        )
    try:
        phones.normalise(text, field="number")
    except ValidationError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a phone number.").format(value=value)
        ) from None
    return text


def ring_line(value: str) -> str:
    """The line or extension that rang."""
    text = clean(value)
    if len(text) > MAX_LINE:
        raise argparse.ArgumentTypeError(
            _("The line's name is longer than {count} characters.").format(count=MAX_LINE)
        )
    return text


#: Global options that take a value (``--db URL``), for finding the command without a parser.
VALUE_OPTIONS = frozenset({"--db", "--data-dir", "--lang", "--as"})


def is_ring(arguments: list[str]) -> bool:
    """Whether the command in ``arguments`` is ``ring`` (found without building any parser)."""
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in VALUE_OPTIONS:
            skip = True
        elif not argument.startswith("-"):
            return argument == "ring"
    return False


def ring_parser() -> Parser:
    """The parser of ``callback-desk [global options] ring …``: the desktop app's options and
    ``ring`` alone (the full parser imports every command)."""
    parser = Parser(prog="callback-desk")
    add_global_options(parser, for_gui=True)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    add_ring_command(commands)
    return parser


def add_ring_command(commands: argparse._SubParsersAction[Any]) -> None:
    """``ring NUMBER [--line NAME] [--at ISO-8601]``."""
    command = commands.add_parser(
        "ring",
        help=_("the phone rings: open the front-desk console on the caller's number"),
        description=_(
            "Hands the caller ID from the phone system to the running app, which records the "
            "ring and opens the front-desk console on it; starts the app minimised when it is "
            "not running."
        ),
    )
    command.add_argument(
        "number", type=ring_number, metavar="NUMBER", help=_("the caller's number")
    )
    command.add_argument(
        "--line", type=ring_line, default="", metavar="NAME", help=_("the line or extension")
    )
    command.add_argument(
        "--at",
        type=parse_moment,
        metavar="ISO-8601",
        help=_("the moment of the ring (default: now; without a zone: the company's time zone)"),
    )


def ring_fields(args: argparse.Namespace) -> dict[str, str]:
    """What travels over the channel: the number, the line and the moment (ISO, "" = now)."""
    return {
        "number": args.number,
        "line": args.line or "",
        "at": args.at.isoformat() if args.at is not None else "",
    }


def expand_ring_url(arguments: list[str]) -> list[str]:
    """``callback-desk:ring?number=…&line=…`` among the arguments (a softphone opened the URL)
    becomes ``ring NUMBER --line LINE``; other arguments are left as they are."""
    for index, argument in enumerate(arguments):
        if not argument.lower().startswith(SCHEME + ":"):
            continue
        from desktop_app.core.front_desk.ring_request import ring_url_fields

        fields = ring_url_fields(argument)
        # Another action is refused by the parser, naming the whole address.
        ring = ["ring", fields["number"] if fields else argument]
        if fields and fields["line"]:
            ring += ["--line", fields["line"]]
        if fields and fields["at"]:
            ring += ["--at", fields["at"]]
        return arguments[:index] + arguments[index + 1 :] + ring
    return arguments
