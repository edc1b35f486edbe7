"""``audit``: the audit log — which person, at which desk, changed what, and when.

For administrators and finance staff (Permission.VIEW_AUDIT); the newest entries first, as an
aligned table or, with ``--json``, every entry with its values before and after.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from desktop_app.cli.arguments import bounded_int
from desktop_app.cli.output import print_json, print_table
from desktop_app.core.common.audit_text import person_text, sentence
from desktop_app.core.common.i18n import _, format_moment
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services

if TYPE_CHECKING:  # the parser module imports this one
    from desktop_app.cli.options import Parser
MAX_ID = 2**63 - 1  # the largest id either database stores
MAX_LIMIT = 1_000_000


def add_audit_command(commands: argparse._SubParsersAction[Parser]) -> None:
    """``audit [--entity KIND] [--id N] [--limit N] [--json]``."""
    command = commands.add_parser(
        "audit", help=_("the audit log: who changed what, at which desk, when")
    )
    command.add_argument(
        "--entity", default=None, metavar=_("KIND"), help=_("only one kind, e.g. contract or call")
    )
    command.add_argument(
        "--id", type=bounded_int(1, MAX_ID), default=None, metavar="N", help=_("only one record")
    )
    command.add_argument(
        "--limit",
        type=bounded_int(1, MAX_LIMIT),
        default=50,
        metavar="N",
        help=_("at most N entries (default 50)"),
    )
    command.add_argument("--json", action="store_true", help=_("print JSON"))


def run_audit(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    entries = services.audit.recent(actor, args.entity, args.id, max(1, args.limit))
    if args.json:
        print_json(entries)
        return 0
    zone = ZoneInfo(services.org.get().timezone)
    # On a team server the login the server stamped shows an entry written under another name.
    logins = any(e.db_login for e in entries)
    print_table(
        [
            _("When"),
            _("Person"),
            _("Desk"),
            *([_("Login")] if logins else []),
            _("What happened"),
        ],
        [
            [
                format_moment(e.at, zone),
                person_text(e.actor_name),
                e.desk or "—",
                *([e.db_login or "—"] if logins else []),
                sentence(e),
            ]
            for e in entries
        ],
    )
    return 0
