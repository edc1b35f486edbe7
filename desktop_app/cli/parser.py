"""The argument parser of ``callback-desk``: global options and one sub-command per task."""

from __future__ import annotations

import argparse

from desktop_app.cli.arguments import parse_moment, search_text
from desktop_app.cli.audit import add_audit_command
from desktop_app.cli.backup import add_backup_commands
from desktop_app.cli.mail import add_mail_commands
from desktop_app.cli.options import Parser, add_global_options
from desktop_app.cli.report import add_report_command
from desktop_app.cli.ring import add_ring_command
from desktop_app.cli.server import add_server_commands
from desktop_app.cli.training import add_training_commands
from desktop_app.cli.windows import add_window_commands
from desktop_app.core.common.i18n import _


def build_parser() -> Parser:
    parser = Parser(
        prog="callback-desk",
        description=_("Callback Desk: no post-loan callback from a lending bank goes unanswered."),
        epilog=_("Without a command, the desktop app opens."),
    )
    add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    commands.add_parser("demo", help=_("load a fictional sample company into an empty database"))
    add_mail_commands(commands)
    commands.add_parser("logs", help=_("print the folder of the log files"))
    check = commands.add_parser(
        "check", help=_("self-test: database, schema, catalogs and resources")
    )
    check.add_argument("--full", action="store_true", help=_("also re-hash every evidence file"))
    for kind, help_text in (
        ("banks", _("list banks")),
        ("contracts", _("list loan contracts")),
        ("people", _("list people")),
    ):
        group = commands.add_parser(kind, help=help_text)
        actions = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
        listing = actions.add_parser("list", help=help_text)
        listing.add_argument("--json", action="store_true", help=_("print JSON"))
        listing.add_argument(
            "--search",
            default="",
            type=search_text,
            metavar=_("TEXT"),
            help=_("only those whose name or number starts with TEXT"),
        )
        listing.add_argument("--all", action="store_true", help=_("include inactive and closed"))
    add_spreadsheet_commands(commands)
    add_training_commands(commands)
    add_route_command(commands)
    add_window_commands(commands)
    add_server_commands(commands)
    add_audit_command(commands)
    add_backup_commands(commands)
    add_report_command(commands)
    add_ring_command(commands)
    return parser


def add_route_command(commands: argparse._SubParsersAction[Parser]) -> None:
    """``route "<number or text>" [--at ISO-8601] [--json]``: the front desk's decision."""
    command = commands.add_parser(
        "route", help=_("who is calling and whom to transfer to: a number, a name or a contract")
    )
    command.add_argument(
        "text",
        type=search_text,
        metavar=_("TEXT"),
        help=_("the caller's number, a bank's name or pinyin, a contract number or an officer"),
    )
    command.add_argument(
        "--at",
        type=parse_moment,
        metavar=_("MOMENT"),
        help=_("the moment of the call (default: now; without a zone: the company's time zone)"),
    )
    command.add_argument("--json", action="store_true", help=_("print JSON"))


def add_spreadsheet_commands(commands: argparse._SubParsersAction[Parser]) -> None:
    """``import``, ``export`` and ``template``: banks, contracts, people, responders, numbers."""
    kinds = ["banks", "contracts", "people", "responders", "numbers"]
    importing = commands.add_parser(
        "import",
        help=_(
            "import banks, contracts, people, responders or registered numbers from .xlsx or .csv"
        ),
    )
    importing.add_argument("kind", choices=kinds, metavar=_("KIND"), help=", ".join(kinds))
    importing.add_argument("file", metavar=_("FILE"), help=_("an .xlsx or .csv file"))
    importing.add_argument(
        "--dry-run", action="store_true", help=_("check every row but write nothing")
    )
    importing.add_argument(
        "--json", action="store_true", help=_("print a JSON report of every rejected row")
    )
    for name, help_text in (
        (
            "export",
            _("export banks, contracts, people, responders or registered numbers to .xlsx or .csv"),
        ),
        ("template", _("save an empty import template with an example row")),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("kind", choices=kinds, metavar=_("KIND"), help=", ".join(kinds))
        command.add_argument("file", metavar=_("FILE"), help=_("an .xlsx or .csv file"))
        command.add_argument(
            "--lang",
            dest="file_language",
            choices=["zh_CN", "en"],
            help=_("language of the column headers (default: the app's)"),
        )
