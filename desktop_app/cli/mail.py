"""``callback-desk mail set|test`` and ``callback-desk outbox [retry]``: the team's mail from a
terminal, so that office IT can script a desk, and the outbox read and resent headless."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from desktop_app.cli.output import error, print_json, print_table
from desktop_app.core.common.i18n import _, format_moment
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.notify.outbox import STATE_LABELS, Draft
from desktop_app.core.notify.sender import OutboxSender
from desktop_app.core.notify.settings import Security, mail_password_key

EXIT_REFUSED = 1


def add_mail_commands(commands: Any) -> None:
    """The ``mail`` and ``outbox`` sub-commands."""
    mail = commands.add_parser("mail", help=_("the team's mail server: set it up, send a test"))
    actions = mail.add_subparsers(dest="mail_action", metavar=_("ACTION"), required=True)
    setting = actions.add_parser("set", help=_("set the mail server (administrators)"))
    setting.add_argument("--host", required=True, metavar=_("H"), help=_("the SMTP server"))
    setting.add_argument("--port", type=int, default=587, metavar=_("P"), help=_("its port"))
    setting.add_argument(
        "--security",
        choices=[s.value for s in Security],
        default=Security.STARTTLS.value,
        help=_("none, starttls or ssl"),
    )
    setting.add_argument("--sender", required=True, metavar=_("ADDR"), help=_("the From address"))
    setting.add_argument("--login", default="", metavar=_("L"), help=_("the login, if any"))
    setting.add_argument("--ca-file", default="", metavar=_("FILE"), help=_("a private CA file"))
    setting.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from standard input instead of asking"),
    )
    test = actions.add_parser("test", help=_("send a test mail now"))
    test.add_argument("address", metavar=_("ADDRESS"), help=_("where to send it"))
    outbox = commands.add_parser("outbox", help=_("messages queued, sent and failed"))
    outbox.add_argument("outbox_action", nargs="?", choices=["retry"], help=_("retry"))
    outbox.add_argument("--json", action="store_true", help=_("print JSON"))


def run_mail(ctx: AppContext, actor: Actor, args: argparse.Namespace) -> int:
    services = ctx.services
    if args.mail_action == "set":
        settings = services.notify_settings.update(
            actor,
            host=args.host,
            port=args.port,
            security=args.security,
            sender=args.sender,
            login=args.login,
            ca_file=args.ca_file,
        ).value
        if args.login:
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\r\n")
            else:
                password = getpass.getpass(_("Password for {name}: ").format(name=args.login))
            if not ctx.secrets.available:
                error(_("This computer has no usable keyring; the password was not kept."))
                return EXIT_REFUSED
            ctx.secrets.set(mail_password_key(settings), password)
        print(_("Mail server saved: {host}:{port}.").format(host=settings.host, port=settings.port))
        return 0
    draft = Draft(
        channel="mail",
        kind="test",
        dedupe_key=f"test:{ctx.clock.now().isoformat()}",
        recipients=(args.address,),
        subject=_("Callback Desk test mail"),
        body=_("This is a test mail from Callback Desk. Mail to banks and staff can be sent."),
    )
    message_id = services.outbox.queue(actor, draft).value
    report = _sender(ctx, actor).send_due()
    state = next((v for v in services.outbox.list(actor) if v.id == message_id), None)
    if state is not None and state.state == "sent":
        print(_("Test mail sent to {address}.").format(address=args.address))
        return 0
    reason = state.last_error if state is not None else ""
    if report.waiting:
        reason = _("the mail server or its password is not set up at this desk")
    error(_("The test mail was not sent: {reason}").format(reason=reason))
    return EXIT_REFUSED


def _sender(ctx: AppContext, actor: Actor) -> OutboxSender:
    return OutboxSender(ctx.services.store, ctx.services.notify_settings, ctx.secrets, actor)


def run_outbox(ctx: AppContext, actor: Actor, args: argparse.Namespace) -> int:
    services = ctx.services
    if args.outbox_action == "retry":
        services.outbox.recover()
        count = services.outbox.retry(actor).value
        report = _sender(ctx, actor).send_due()
        print(
            _("{count} to retry: {sent} sent, {retrying} will be retried, {failed} failed.").format(
                count=count, sent=report.sent, retrying=report.retrying, failed=report.failed
            )
        )
        return 0 if report.failed == 0 else EXIT_REFUSED
    views = services.outbox.list(actor)
    if args.json:
        print_json(views)
        return 0
    print_table(
        [_("No."), _("Created"), _("Channel"), _("To"), _("Subject"), _("State"), _("Reason")],
        [
            [
                str(v.id),
                format_moment(v.created_at),
                v.channel,
                ", ".join(v.recipients),
                v.subject,
                _(STATE_LABELS.get(v.state, v.state)),
                v.last_error,
            ]
            for v in views
        ],
    )
    return 0
