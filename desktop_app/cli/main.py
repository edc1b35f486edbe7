"""Runs a ``callback-desk`` command: builds the context, resolves the acting person, dispatches.

Errors meant for a person go to standard error with a non-zero exit code, never a traceback:
1 for refused input or permissions, 2 for a usage error, 3 when the database cannot be used.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.audit import run_audit
from desktop_app.cli.backup import run_backup, run_restore
from desktop_app.cli.imports import run_export, run_import, run_template
from desktop_app.cli.mail import run_mail, run_outbox
from desktop_app.cli.output import error, print_table
from desktop_app.cli.register import list_banks, list_contracts, list_people
from desktop_app.cli.report import run_report
from desktop_app.cli.route import run_route
from desktop_app.cli.server import run_server
from desktop_app.cli.training import run_training
from desktop_app.cli.windows import run_ics, run_windows
from desktop_app.core.common.errors import DeskError, NotFound, StorageError
from desktop_app.core.common.i18n import N_, _, set_display_zone
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext, choose_database_url, open_context
from desktop_app.core.local.paths import resolve_paths
from desktop_app.core.local.selfcheck import MARKS, run_checks
from desktop_app.core.local.settings import LocalSettings

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_STORAGE = 3


def resolve_actor(ctx: AppContext, acting: str | None) -> Actor:
    """``--as`` by name or number, else the person linked to this computer account."""
    identity = ctx.services.identity
    if acting:
        if acting.isdigit():
            return identity.actor_for(int(acting))
        return identity.actor_named(acting)
    actor = identity.identify(ctx.os_account)
    if actor is not None:
        return actor
    if not identity.has_people():
        raise NotFound(
            N_(
                "No one has been set up yet: run “callback-desk demo” or start the app "
                "to create the first administrator."
            )
        )
    raise NotFound(
        N_("No person is linked to the computer account “{account}”; use --as PERSON."),
        account=ctx.os_account,
    )


def run_check(args: argparse.Namespace) -> int:
    paths = resolve_paths(args.data_dir)
    url = choose_database_url(args.db, LocalSettings.load(paths.settings_file), paths)
    results = run_checks(url, evidence_dir=paths.evidence_dir if args.full else None)
    print_table(
        [_("Check"), _("Result"), _("Details")],
        [[r.name, _(MARKS[r.ok]), r.detail] for r in results],
    )
    return 0 if all(r.ok for r in results) else EXIT_REFUSED


def run_demo(ctx: AppContext) -> int:
    from desktop_app.core.demo.company import load_demo

    actor = load_demo(ctx.services, ctx.os_account, history=True)
    print(_("Sample company loaded. You are {name}, administrator.").format(name=actor.name))
    return 0


HANDLERS = {
    "banks": list_banks,
    "contracts": list_contracts,
    "people": list_people,
    "import": run_import,
    "export": run_export,
    "training": run_training,
    "route": run_route,
    "audit": run_audit,
    "windows": run_windows,
    "ics": run_ics,
    "report": run_report,
}


# Commands that need more of the context than the services (the keyring, the clock).
CONTEXT_HANDLERS = {"mail": run_mail, "outbox": run_outbox}


def run_command(args: argparse.Namespace) -> int:
    """Run one parsed command and return its exit code.

    A file that cannot be written or read (a full disk, a folder that is a file) is one line
    with the system's reason, never a traceback.
    """
    if args.data_dir and Path(args.data_dir).exists() and not Path(args.data_dir).is_dir():
        error(_("--data-dir {path} is a file, not a folder.").format(path=args.data_dir))
        return EXIT_USAGE
    try:
        return _run(args)
    except OSError as problem:
        reason = problem.strerror or str(problem)
        where = problem.filename or ""
        error(_("Cannot use {path}: {reason}").format(path=where, reason=reason))
        return EXIT_REFUSED


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return run_check(args)
    if args.command == "server":
        return run_server(args)
    if args.command == "backup":
        return run_backup(args)
    if args.command == "restore":
        return run_restore(args)
    if args.command == "template":
        return run_template(args)
    try:
        ctx = open_context(db=args.db, data_dir=args.data_dir)
    except StorageError as problem:
        error(problem.text())
        return EXIT_STORAGE
    try:
        if args.command == "demo":
            return run_demo(ctx)
        # Moments and days are shown in the company's time zone, not the computer's.
        set_display_zone(ctx.services.org.zone())
        actor = resolve_actor(ctx, args.acting)
        if args.command in CONTEXT_HANDLERS:
            return CONTEXT_HANDLERS[args.command](ctx, actor, args)
        return HANDLERS[args.command](ctx.services, actor, args)
    except StorageError as problem:
        error(problem.text())
        return EXIT_STORAGE
    except DeskError as problem:
        error(problem.text())
        return EXIT_REFUSED
    finally:
        ctx.close()
