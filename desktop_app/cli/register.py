"""``banks list``, ``contracts list`` and ``people list``."""

from __future__ import annotations

import argparse

from desktop_app.cli.output import print_json, print_table
from desktop_app.core.common.i18n import _, format_day, format_money
from desktop_app.core.common.permissions import ROLE_LABELS, Actor
from desktop_app.core.register.contracts import LOAN_TYPES, STATUSES
from desktop_app.core.services import Services


def list_banks(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    banks = services.banks.list(actor, args.search, include_inactive=args.all)
    if args.json:
        print_json(banks)
        return 0
    print_table(
        [_("Bank"), _("Short name"), _("Aliases"), _("Calls from")],
        [
            [b.name, b.short_name, ", ".join(b.aliases), ", ".join(p[1] for p in b.phones)]
            for b in banks
        ],
    )
    return 0


def list_contracts(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    contracts = services.contracts.list(actor, args.search, status=None if args.all else "active")
    if args.json:
        print_json(contracts)
        return 0
    print_table(
        [
            _("Contract"),
            _("Bank"),
            _("Loan type"),
            _("Principal"),
            _("Maturity"),
            _("Status"),
            _("Responders"),
        ],
        [
            [
                c.contract_number,
                c.bank_name,
                _(LOAN_TYPES[c.loan_type]),
                format_money(c.principal, c.currency),
                format_day(c.maturity_date),
                _(STATUSES[c.status]),
                " > ".join(r.name for r in c.responders) or "—",
            ]
            for c in contracts
        ],
    )
    return 0


def list_people(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    people = services.people.list(actor, args.search, include_inactive=args.all)
    if args.json:
        print_json(people)
        return 0
    print_table(
        [_("Name"), _("Role"), _("Extension"), _("Mobile"), _("E-mail"), _("Active")],
        [
            [
                p.name,
                _(ROLE_LABELS[p.role]),
                p.extension,
                p.mobile,
                p.email,
                _("yes") if p.active else _("no"),
            ]
            for p in people
        ],
    )
    return 0
