"""The reception card: one printable page for the front desk, built from live data.

For each active bank: the names it goes by and the numbers it calls from → whom to transfer to,
with extensions; the print date and a "re-print after" date. Worded in the language asked for,
whatever the app shows. No loan details: the card lies on the reception desk.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.services import Services

REPRINT_AFTER_DAYS = 30


@dataclass(frozen=True)
class CardRow:
    """One bank on the card."""

    bank: str
    names: str
    numbers: str
    transfer: str


@dataclass(frozen=True)
class ReceptionCard:
    """The card's texts in its language, ready to print."""

    language: str
    title: str
    subtitle: str
    printed: str
    reprint: str
    headers: tuple[str, str, str, str]
    rows: tuple[CardRow, ...]
    footer: tuple[str, ...]

    def html(self) -> str:
        e = html.escape
        head = "".join(f"<th>{e(h)}</th>" for h in self.headers)
        body = "".join(
            f"<tr><td><b>{e(r.bank)}</b></td><td>{e(r.names)}</td><td>{e(r.numbers)}</td>"
            f"<td>{e(r.transfer)}</td></tr>"
            for r in self.rows
        )
        parts = [
            f'<h1 align="center">{e(self.title)}</h1>',
            f'<p align="center">{e(self.subtitle)}</p>',
            f'<p align="right">{e(self.printed)}<br/><b>{e(self.reprint)}</b></p>',
            f'<table border="1" cellspacing="0" cellpadding="5" width="100%"><tr>{head}</tr>'
            f"{body}</table>",
            *(f"<p>{e(line)}</p>" for line in self.footer),
        ]
        return "<html><body>" + "".join(parts) + "</body></html>"


def _day(value: date, language: str) -> str:
    from desktop_app.core.common import formats

    return formats.long_date_text(value, language)


def build_reception_card(
    services: Services, actor: Actor, language: str, now: datetime
) -> ReceptionCard:
    """The card for every active bank, in ``language``."""
    actor.require(Permission.VIEW_REGISTER)
    tr = translator_for(language)
    separator = "、" if language == "zh_CN" else ", "
    people = {p.id: p for p in services.people.list(actor)}
    rows: list[CardRow] = []
    for bank in services.banks.list(actor):
        ranked = list(services.responders.for_bank(actor, bank.id))
        if not ranked:
            seen: dict[int, int] = {}
            for contract in services.contracts.list(actor, bank_id=bank.id):
                for responder in contract.responders:
                    best = seen.get(responder.person_id)
                    if best is None or responder.rank < best:
                        seen[responder.person_id] = responder.rank
            ranked_ids = sorted(seen, key=lambda pid: seen[pid])
        else:
            ranked_ids = [r.person_id for r in ranked]
        transfer = []
        for person_id in ranked_ids:
            person = people.get(person_id)
            if person is None:
                continue
            extension = (
                tr(N_("ext. {extension}")).format(extension=person.extension)
                if person.extension
                else person.mobile
            )
            transfer.append(f"{person.name} {extension}".strip())
        names = [n for n in (bank.short_name, *bank.aliases) if n and n != bank.name]
        rows.append(
            CardRow(
                bank=bank.name,
                names=separator.join(names),
                numbers=separator.join(display for _key, display, _label in bank.phones),
                transfer=" › ".join(transfer) or tr(N_("Nobody assigned: ask finance")),
            )
        )
    today = services.org.day_of(now)  # printed in the company's zone, not UTC
    reprint = today + timedelta(days=REPRINT_AFTER_DAYS)
    company = services.org.get().company_name
    # The card promises return calls on working days until it is re-printed: when the official
    # schedule of a year in that span is not published, the card says what it assumes.
    calendar_notes = tuple(
        services.calendar.unpublished_note(year, tr)
        for year in services.calendar.unpublished_years(today, reprint)
    )
    return ReceptionCard(
        language=language,
        title=tr(N_("Bank callbacks: whom to transfer to")),
        subtitle=company,
        printed=tr(N_("Printed on {date}")).format(date=_day(today, language)),
        reprint=tr(N_("Re-print after {date} or when responders change")).format(
            date=_day(reprint, language)
        ),
        headers=(
            tr(N_("Bank")),
            tr(N_("Also called")),
            tr(N_("Calls from")),
            tr(N_("Transfer to, in this order")),
        ),
        rows=tuple(rows),
        footer=(
            tr(
                N_(
                    "Confirm the caller's bank, name and number. Never tell a caller loan "
                    "amounts or contract details."
                )
            ),
            tr(
                N_(
                    "If nobody answers, take a message in Callback Desk (F6): the responder will "
                    "call back."
                )
            ),
            *calendar_notes,
        ),
    )
