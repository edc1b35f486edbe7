"""``training report`` and ``training certificates``: who is trained, whose certificate expires.

``training report`` prints every active person's progress on their role's path and flags
responders without a current certificate; it takes the team permission. ``--xlsx FILE`` also
writes the report as a workbook. ``training certificates`` lists current certificates, soonest
expiry first (only one's own without the team permission); ``--expiring-days N`` keeps those that
expire within N days, the list a reminder needs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.cli.output import print_json, print_table
from desktop_app.core.common.i18n import _, current_language, format_day, ngettext
from desktop_app.core.common.permissions import ROLE_LABELS, Actor
from desktop_app.core.services import Services
from desktop_app.core.training.records import CERT_STATE_LABELS, CertState

MAX_DAYS = 3660  # ten years: longer than any certificate lasts


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = -1
    if not 0 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a number of days from 0 to {limit}.").format(
                value=value[:40], limit=MAX_DAYS
            )
        )
    return days


def add_training_commands(commands: Any) -> None:
    """``training report [--json] [--xlsx FILE]`` and ``training certificates``."""
    group = commands.add_parser("training", help=_("training progress and certificates"))
    actions = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    report = actions.add_parser("report", help=_("every active person's training progress"))
    report.add_argument("--json", action="store_true", help=_("print JSON"))
    report.add_argument(
        "--xlsx", metavar=_("FILE"), help=_("also save the report as an .xlsx file")
    )
    certificates = actions.add_parser(
        "certificates", help=_("current certificates, the soonest to expire first")
    )
    certificates.add_argument(
        "--expiring-days",
        type=_days,
        metavar="N",
        help=_("only those that expire within N days"),
    )
    certificates.add_argument("--json", action="store_true", help=_("print JSON"))


def run_training(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    if args.action == "report":
        return _report(services, actor, args)
    return _certificates(services, actor, args)


def _report(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    language = current_language()
    report = services.training.team_report(actor, language)
    zone = ZoneInfo(services.org.get().timezone)
    if args.xlsx:
        services.training.export_report(actor, Path(args.xlsx), language)
    if args.json:
        print_json(
            {
                "generated_at": report.generated_at,
                "counts": {state.value: report.count(state) for state in CertState},
                "uncertified_responders": [r.name for r in report.uncertified_responders],
                "people": [
                    {
                        "person_id": r.person_id,
                        "name": r.name,
                        "role": r.role,
                        "path": r.path_code,
                        "lessons_read": r.lessons_read,
                        "lessons_total": r.lessons_total,
                        "attempts": r.attempts,
                        "best_percent": r.best_percent,
                        "last_attempt_at": r.last_attempt_at,
                        "last_passed": r.last_passed,
                        "certified_until": r.expires_at,
                        "state": r.state,
                        "refreshers_due": r.refreshers_due,
                        "responder": r.responder,
                    }
                    for r in report.rows
                ],
            }
        )
        return 0
    print_table(
        [
            _("Name"),
            _("Role"),
            _("Training path"),
            _("Lessons"),
            _("Attempts"),
            _("Best"),
            _("Certified until"),
            _("Certification"),
            _("Refreshers due"),
        ],
        [
            [
                r.name + (" !" if r.flagged else ""),
                _(ROLE_LABELS[r.role]),
                r.path_title,
                f"{r.lessons_read}/{r.lessons_total}",
                str(r.attempts),
                f"{r.best_percent}%" if r.best_percent is not None else "—",
                format_day(r.expires_at.astimezone(zone).date() if r.expires_at else None),
                _(CERT_STATE_LABELS[r.state]),
                str(r.refreshers_due),
            ]
            for r in report.rows
        ],
    )
    flagged = report.uncertified_responders
    if flagged:
        print()
        print(
            ngettext(
                "! {count} responder has no current certificate: {names}",
                "! {count} responders have no current certificate: {names}",
                len(flagged),
            ).format(count=len(flagged), names=", ".join(r.name for r in flagged))
        )
    if args.xlsx:
        print(_("Report saved to {file}.").format(file=args.xlsx))
    return 0


def _certificates(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    found = services.training.certificates(actor, expiring_within_days=args.expiring_days)
    now = services.store.clock.now()
    zone = ZoneInfo(services.org.get().timezone)
    titles = {p.code: p.title for p in services.training.course().paths}
    if args.json:
        print_json(
            [
                {
                    "id": c.id,
                    "number": c.number(zone),
                    "person_id": c.person_id,
                    "name": c.person_name,
                    "path": c.path_code,
                    "issued_at": c.issued_at,
                    "expires_at": c.expires_at,
                    "state": c.state(now),
                }
                for c in found
            ]
        )
        return 0
    if not found:
        print(_("No certificates."))
        return 0
    print_table(
        [
            _("Name"),
            _("Training path"),
            _("Certificate"),
            _("Issued"),
            _("Valid until"),
            _("State"),
        ],
        [
            [
                c.person_name,
                titles.get(c.path_code, c.path_code),
                c.number(zone),
                format_day(c.issued_at.astimezone(zone).date()),
                format_day(c.expires_at.astimezone(zone).date()),
                _(CERT_STATE_LABELS[c.state(now)]),
            ]
            for c in found
        ],
    )
    return 0
