"""``server init``, ``add-login``, ``check`` and ``move-from``: set up and check a team server.

They work on the PostgreSQL database given with ``--db`` (before or after ``server``); the
password of that URL's user comes from the URL, the system keyring (Settings › Database) or
libpq's own ``PGPASSWORD``. Exit codes: 0 done or all well, 1 refused or problems found, 2 usage,
3 the server cannot be used (unreachable, password refused, no such database).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.cli.output import error, print_json, print_table
from desktop_app.core.common.clock import SystemClock
from desktop_app.core.common.errors import DeskError, StorageError, ValidationError
from desktop_app.core.common.i18n import _
from desktop_app.core.context import choose_database_url, secret_lookup
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.secrets import KeyringStore
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.storage.engine import make_engine, safe_url
from desktop_app.core.team.check import STATUS_LABELS, check_server
from desktop_app.core.team.diagnose import connect_failure
from desktop_app.core.team.move import move_to_server
from desktop_app.core.team.policy import Group
from desktop_app.core.team.server_init import (
    add_desk_login,
    init_server,
    require_initialised,
    require_postgres,
)

if TYPE_CHECKING:  # annotations only (and the parser module imports this one)
    from sqlalchemy import Engine

    from desktop_app.cli.options import Parser

EXIT_REFUSED, EXIT_USAGE, EXIT_STORAGE = 1, 2, 3


def add_server_commands(commands: argparse._SubParsersAction[Parser]) -> None:
    """``server init|add-login|check``."""
    server = commands.add_parser("server", help=_("set up or check the team's PostgreSQL server"))
    actions = server.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    init = actions.add_parser(
        "init",
        help=_("prepare an empty PostgreSQL database: schema, roles, the first administrator"),
    )
    init.add_argument("--admin", default="", metavar=_("NAME"), help=_("the first administrator"))
    init.add_argument(
        "--admin-account",
        default="",
        metavar=_("ACCOUNT"),
        help=_("the administrator's computer account (default: linked at their first start)"),
    )
    login = actions.add_parser("add-login", help=_("create a desk's login in a role's group"))
    login.add_argument("name", metavar=_("NAME"), help=_("the login's name, e.g. reception1"))
    login.add_argument(
        "--role",
        required=True,
        choices=[group.value for group in Group],
        help=_("front_desk, finance or admin"),
    )
    login.add_argument(
        "--person",
        default="",
        metavar="NAME",
        help=_(
            "the person who works under this login: the server then shows the front desk only "
            "that person's quiz attempts and refuses audit entries in anyone else's name"
        ),
    )
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from standard input instead of asking"),
    )
    check = actions.add_parser(
        "check", help=_("say in plain words what is wrong with the connection to the server")
    )
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    move = actions.add_parser(
        "move-from",
        help=_("copy the data of one computer's database file into an empty team server"),
    )
    move.add_argument("file", metavar="FILE", help=_("the embedded database file to copy"))
    move.add_argument(
        "--evidence-dir",
        default=None,
        metavar="FOLDER",
        help=_("that computer's evidence folder (default: the evidence folder beside FILE)"),
    )
    for command in (init, login, check, move):
        command.add_argument(
            "--db",
            default=argparse.SUPPRESS,
            metavar=_("URL"),
            help=_("the team server, e.g. postgresql://postgres@HOST/callback_desk"),
        )
        if command is not move:  # the move keeps the prefix server init noted
            command.add_argument(
                "--role-prefix",
                default=None,
                metavar=_("PREFIX"),
                help=_("prefix of the group roles (default: callback_desk)"),
            )


def run_server(args: argparse.Namespace) -> int:
    """Run one ``server`` action and return its exit code."""
    paths = resolve_paths(args.data_dir)
    url = choose_database_url(args.db, LocalSettings.load(paths.settings_file), paths)
    try:
        engine = make_engine(url, password_lookup=secret_lookup(KeyringStore()))
    except StorageError as problem:
        error(problem.text())
        return EXIT_USAGE
    try:
        if engine.dialect.name != "postgresql":
            require_postgres(engine)
        if args.action == "check":
            return _check(engine, args)
        if args.action == "init":
            return _init(engine, args)
        if args.action == "move-from":
            return _move_from(engine, args)
        return _add_login(engine, args)
    except StorageError as problem:
        failure = connect_failure(problem)
        error(failure.text(engine.url) if failure else problem.text())
        return EXIT_STORAGE
    except DeskError as problem:
        error(problem.text())
        return EXIT_USAGE if getattr(problem, "field", "") == "db" else EXIT_REFUSED
    finally:
        engine.dispose()


def _check(engine: Engine, args: argparse.Namespace) -> int:
    result = check_server(engine, args.role_prefix)
    if args.json:
        print_json(
            {
                "ok": result.exit_code == 0,
                "findings": [
                    {"topic": f.topic, "status": f.status.value, "detail": f.detail}
                    for f in result.findings
                ],
            }
        )
    else:
        print_table(
            [_("Check"), _("Result"), _("Details")],
            [[f.topic, _(STATUS_LABELS[f.status]), f.detail] for f in result.findings],
        )
    return result.exit_code


def _init(engine: Engine, args: argparse.Namespace) -> int:
    report = init_server(
        engine,
        SystemClock(),
        admin=args.admin,
        admin_account=args.admin_account,
        prefix=args.role_prefix,
    )
    where = safe_url(engine.url)
    print(
        _("{url} is at schema {revision} (it was: {before}).").format(
            url=where, revision=report.revision, before=report.revision_before or _("empty")
        )
    )
    groups = ", ".join(f"{report.prefix}_{group.value}" for group in Group)
    print(_("Group roles: {groups}; their privileges are set.").format(groups=groups))
    if report.admin_created:
        print(
            _(
                "First administrator: {name}. They link their computer account when they first "
                "start the app."
            ).format(name=report.admin_created)
        )
    print(
        _("Next, a login for each desk: callback-desk server add-login NAME --role {roles}").format(
            roles="|".join(group.value for group in Group)
        )
    )
    return 0


def _add_login(engine: Engine, args: argparse.Namespace) -> int:
    require_initialised(engine)  # before asking for a password that could not be used
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(_("Password for {name}: ").format(name=args.name))
        if getpass.getpass(_("The same password again: ")) != password:
            error(_("The two passwords differ; nothing was changed."))
            return EXIT_REFUSED
    result = add_desk_login(
        engine,
        SystemClock(),
        args.name,
        Group(args.role),
        password,
        args.role_prefix,
        args.person,
    )
    message = (
        _("Login {name} created in {group}.")
        if result.created
        else _("Login {name} now in {group}, with the new password.")
    )
    print(message.format(name=result.name, group=result.group))
    if args.person:
        print(_("Login {name} belongs to {person}.").format(name=result.name, person=args.person))
    return 0


def _move_from(engine: Engine, args: argparse.Namespace) -> int:
    """Copy an embedded database into the empty team server; a refusal exits 2, untouched."""
    evidence = Path(args.evidence_dir).expanduser() if args.evidence_dir else None
    try:
        report = move_to_server(
            Path(args.file).expanduser(), engine, SystemClock(), evidence_dir=evidence
        )
    except ValidationError as problem:
        error(problem.text())
        return EXIT_USAGE
    print_table(
        [_("Table"), _("Rows copied")],
        [[name, str(count)] for name, count in report.counts.items()],
    )
    print(_("{rows} rows copied to {url}.").format(rows=report.rows, url=safe_url(engine.url)))
    print(
        _("Evidence files sent: {sent}; missing: {missing}; altered: {altered}.").format(
            sent=report.files_sent, missing=report.files_missing, altered=report.files_altered
        )
    )
    for name in report.problems:
        print(_("Not sent (missing or altered): {name}").format(name=name))
    if report.replaced_admin:
        print(
            _(
                "The administrator named at server init ({name}) was replaced by the people "
                "of the file."
            ).format(name=report.replaced_admin)
        )
    return 1 if report.problems else 0
