"""The desk's script for a call: short lines in the active language, built from the decision.

Greet; confirm the caller's bank, name and number; say whether the number is on file (and warn of
impersonation when it is not); never disclose loan details; whom to transfer to, or why nobody can
answer; and the return call promised by the follow-up deadline.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime

from desktop_app.core.common.i18n import _, babel_locale_for, current_language
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.front_desk.routing_results import Candidate, ContractSummary, RouteResult


def _rank_word(rank: int) -> str:
    return _("Primary") if rank == 1 else _("Backup {number}").format(number=rank - 1)


def ranks_differ(candidates: Sequence[Candidate], contracts: Sequence[ContractSummary]) -> bool:
    """Whether the contracts concerned have different responder lists (or orders)."""
    if len(contracts) < 2:
        return False
    ids = {contract.id for contract in contracts}
    for candidate in candidates:
        if candidate.rank is None:
            continue
        ranks = dict(candidate.contract_ranks)
        if set(ranks) != ids or len(set(ranks.values())) > 1:
            return True
    return False


def rank_text(
    candidate: Candidate, contracts: Sequence[ContractSummary], differ: bool | None = None
) -> str:
    """The rank as the desk reads it: “Primary”, “Backup 1”, or per contract when the bank's
    contracts have different responders (“Primary for HT-1; Backup 1 for HT-2”); “Finance” for
    the finance fallback. ``differ``: :func:`ranks_differ`, when already known."""
    if candidate.rank is None:
        return _("Finance")
    if differ is None:
        differ = ranks_differ([candidate], contracts)
    if not differ:
        return _rank_word(candidate.rank)
    numbers = {contract.id: contract.contract_number for contract in contracts}
    parts = [
        _("{rank} for {contract}").format(rank=_rank_word(rank), contract=numbers[contract_id])
        for contract_id, rank in candidate.contract_ranks
        if contract_id in numbers
    ]
    separator = "；" if current_language() == "zh_CN" else "; "
    return separator.join(parts) or _rank_word(candidate.rank)


def format_deadline(moment: datetime, timezone: str) -> str:
    """A deadline as the desk says it, in the active language: “Wed, Nov 25 12:00”."""
    from babel.dates import format_skeleton

    local = moment.astimezone(zoneinfo.ZoneInfo(timezone))
    locale = babel_locale_for(current_language())
    day = format_skeleton("MMMEd", local, tzinfo=local.tzinfo, locale=locale)
    return f"{day} {local:%H:%M}"


def desk_script(result: RouteResult, org: OrgSettings) -> list[str]:
    """Short lines for the desk, in the active language."""
    deadline = format_deadline(result.follow_up_due_at, org.timezone)
    lines: list[str] = []
    notes = list(result.calendar_notes)  # said last: the availability and deadline assume them
    if org.company_name:
        lines.append(
            _("Greet: “{company}, hello — how can I help you?”").format(company=org.company_name)
        )
    else:
        lines.append(_("Greet: “Hello — how can I help you?”"))
    bank = result.bank
    if result.ambiguous:
        lines.append(
            _("Several banks match: ask which bank is calling, the caller's name and number.")
        )
    elif bank is not None:
        lines.append(
            _(
                "Confirm the caller is from {bank}; ask their name and a number to call back."
            ).format(bank=bank.name)
        )
    else:
        lines.append(_("Ask which bank is calling, the caller's name and a number to call back."))
    query = result.query
    if result.number_source == "bank_phone" and bank is not None:
        lines.append(
            _("{number} is on file as a number of {bank} ({label}).").format(
                number=query.number_display, bank=bank.name, label=bank.number_label or "—"
            )
        )
    elif result.number_source == "registered_number":
        lines.append(
            _(
                "{number} is one of our own numbers on file with the bank, not the bank's: "
                "verify the caller."
            ).format(number=query.number_display)
        )
    elif query.complete:
        lines.append(
            _(
                "{number} is not on file for any bank: verify the caller before passing anything "
                "on — if in doubt, call back on the bank's known number. Beware of impersonation."
            ).format(number=query.number_display)
        )
    else:
        lines.append(
            _("Verify the caller against the bank's known numbers; beware of impersonation.")
        )
    lines.append(
        _(
            "Never disclose loan details (amounts, purpose, terms) to the caller; "
            "the responder answers the bank's questions."
        )
    )
    if bank is None:
        # Nobody to transfer to before the caller is identified: a stranger is not put through.
        lines.append(
            _(
                "Do not transfer yet: ask who is calling, then take a message (name, bank, "
                "number, what they need) and promise a return call by {deadline}."
            ).format(deadline=deadline)
        )
        return lines + notes
    primary = result.primary
    target = result.first_available
    if primary is not None and not primary.available:
        lines.append(
            _("{name}, the primary responder, is not available: {reason}.").format(
                name=primary.name, reason=primary.reason
            )
        )
    if target is not None:
        if target.extension:
            line = _("Transfer to {name}, extension {extension}.")
        elif target.mobile:
            line = _("Transfer to {name}, mobile {mobile}.")
        else:
            line = _("Transfer to {name}.")
        lines.append(
            line.format(name=target.name, extension=target.extension, mobile=target.mobile)
        )
        lines.append(
            _("If no one picks up, take a message and promise a return call by {deadline}.").format(
                deadline=deadline
            )
        )
    else:
        lines.append(
            _(
                "No one can answer now: take a message (name, bank, number, what they need) and "
                "promise a return call by {deadline}."
            ).format(deadline=deadline)
        )
    return lines + notes
