"""``route``: who is calling and whom to transfer to, from a number, a name or a contract number.

The same decision the front-desk console shows (``RoutingService.route``): the bank, the contracts,
the ranked candidates with their availability and why (in team mode, once anyone's presence is
known, whether each is at their desk: "● Online · Away"), and the desk's script. An aligned table
for people by default, JSON with ``--json``.
"""

from __future__ import annotations

import argparse

from desktop_app.cli.output import error, print_json, print_table
from desktop_app.core.common.i18n import _, format_day
from desktop_app.core.common.permissions import ROLE_LABELS, Actor, Role
from desktop_app.core.front_desk.desk_script import rank_text, ranks_differ
from desktop_app.core.front_desk.routing import MATCH_KINDS, SOURCES, RouteResult, format_deadline
from desktop_app.core.register.banks import OFFICER_ROLES
from desktop_app.core.register.contracts import LOAN_TYPES, STATUSES
from desktop_app.core.services import Services
from desktop_app.core.team.presence import presence_words

EXIT_USAGE = 2


def run_route(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    if not args.text.strip():
        error(_("Give a number, a bank's name or a contract number to route."))
        return EXIT_USAGE
    result = services.routing.route(actor, args.text, args.at)
    if args.json:
        print_json(result)
        return 0
    print_result(result, services.org.get().timezone)
    return 0


def _officer(name: str, role: str) -> str:
    if not name:
        return "—"
    if role not in OFFICER_ROLES:
        return name
    return _("{name} ({role})").format(name=name, role=_(OFFICER_ROLES[role]))


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


def print_result(result: RouteResult, timezone: str) -> None:
    """The decision as a person reads it: bank, number, contracts, transfer list, script."""
    print(_("At: {moment}").format(moment=format_deadline(result.at, timezone)))
    if result.banks:
        print(_("Bank:"))
        print_table(
            [_("Bank"), _("Short name"), _("Matched by"), _("Branch"), _("Officer")],
            [
                [
                    bank.name,
                    bank.short_name,
                    f"{_(MATCH_KINDS[bank.matched_by])}: {bank.matched_text}",
                    bank.branch_name or "—",
                    _officer(bank.officer_name, bank.officer_role),
                ]
                for bank in result.banks
            ],
        )
        if result.ambiguous:
            print(_("Several banks match: ask which bank is calling."))
    else:
        print(_("Bank: no bank matches."))
    if result.query.kind == "number" and result.query.complete:
        known = _("on file") if result.number_known else _("not on file")
        print(
            _("Number: {number} ({known})").format(number=result.query.number_display, known=known)
        )
    print()
    if result.contracts:
        print(_("Contracts:"))
        print_table(
            [_("Contract"), _("Loan type"), _("Maturity"), _("Status")],
            [
                [
                    c.contract_number,
                    _(LOAN_TYPES.get(c.loan_type, c.loan_type)),
                    format_day(c.maturity_date),
                    _(STATUSES.get(c.status, c.status)),
                ]
                for c in result.contracts
            ],
        )
        if result.contracts_truncated:
            print(_("… and more contracts with this bank."))
        print()
    print(_("Transfer list:"))
    if result.bank is None:
        print(_("The caller is not identified yet: ask who is calling before transferring."))
    if result.candidates:
        # Team mode: whether each person is at their desk, once anyone's presence is known.
        presence = [presence_words(c.online, c.presence) for c in result.candidates]
        at_desk = result.presence_tracked and any(presence)
        differ = ranks_differ(result.candidates, result.contracts)
        print_table(
            [
                _("Rank"),
                _("Name"),
                _("Role"),
                _("Extension"),
                _("Mobile"),
                _("Available"),
                _("Why"),
                *([_("At the desk")] if at_desk else []),
                _("Answers as"),
            ],
            [
                [
                    rank_text(c, result.contracts, differ),
                    c.name,
                    _(ROLE_LABELS[Role(c.role)]),
                    c.extension or "—",
                    c.mobile or "—",
                    _yes_no(c.available),
                    c.reason,
                    *([words or "—"] if at_desk else []),
                    _(SOURCES[c.source]),
                ]
                for c, words in zip(result.candidates, presence, strict=True)
            ],
        )
    else:
        print(_("No one is on the transfer list."))
    print(
        _("A message taken now must be returned by {deadline}.").format(
            deadline=format_deadline(result.follow_up_due_at, timezone)
        )
    )
    print()
    print(_("Script:"))
    for number, line in enumerate(result.script, start=1):
        print(f"{number}. {line}")
