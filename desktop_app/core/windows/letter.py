"""The contact-time confirmation letter (回访时间确认函): asking a bank to confirm a better time.

When a contact window falls outside the company's office hours or on a non-working day, nobody may
be there to answer. This letter, in zh_CN or en whatever language the app shows, names the time
the bank uses, why it is a problem, and the next slot of the same length inside office hours on a
working day — for a bank abroad one that is also within reasonable hours on a weekday in the bank's
time zone; when there is none in the coming weeks it says so and asks the bank to propose a time.
Like the change notice (:mod:`change_notice`) it is a plain dataclass rendered to simple HTML that
``QTextDocument`` prints; no Qt here.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.common.letters import (
    addressed_bank,
    addressed_officer,
    company_seal,
    contact_lines,
    greeting,
    letter_date,
    letter_html,
    letter_text,
    signing_company,
)
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.common.permissions import Actor
from desktop_app.core.common.zones import zone_name
from desktop_app.core.models import ContactWindow, LoanContract, Person
from desktop_app.core.windows.checks import BANK_HOURS, office_hours
from desktop_app.core.windows.occurrences import Occurrence


@dataclass(frozen=True)
class WindowLetter:
    """A confirmation letter, every text already in the letter's language."""

    language: str
    bank_id: int
    bank_name: str
    occurrence_key: str
    title: str
    date_line: str
    addressee: tuple[str, ...]
    salutation: str
    paragraphs: tuple[str, ...]  # before the table
    rows: tuple[tuple[str, str], ...]  # label, value
    after_table: tuple[str, ...]
    closing: str
    company_name: str
    seal: str
    suggested_start: datetime | None  # UTC
    suggested_end: datetime | None

    def text(self) -> str:
        """The letter as plain text (a preview, the clipboard, an e-mail body, a test)."""
        return letter_text(self, [f"{label}: {value}" for label, value in self.rows])

    def html(self) -> str:
        """The letter as simple HTML, within what ``QTextDocument`` renders and prints to PDF."""
        import html  # its entity tables: only when a letter is written

        e = html.escape
        return letter_html(
            self,
            "".join(
                f'<tr><th align="left" valign="middle" width="30%">{e(label)}</th>'
                f'<td valign="middle">{e(value)}</td></tr>'
                for label, value in self.rows
            ),
        )


def span_text(start: datetime, end: datetime, zone: zoneinfo.ZoneInfo, language: str) -> str:
    """A time span as a letter writes it: 2026年12月3日星期四 10:00–12:00."""
    return formats.moment_range_text(start, end, zone, language, written=True)


@dataclass(frozen=True)
class LetterFacts:
    """The plain values a confirmation letter is worded from."""

    language: str
    bank_id: int
    bank_name: str
    branch: str
    officer_name: str
    officer_role: str  # untranslated msgid or ""
    company_name: str
    contact_name: str
    contact_phone: str
    occurrence_key: str
    contract_number: str
    recurring: bool
    zone: zoneinfo.ZoneInfo  # the bank's time zone, the letter's times are written in
    starts_at: datetime
    ends_at: datetime
    outside_office_hours: bool
    non_working_day: bool
    office_start: str
    office_end: str
    office_zone: str  # the company's time zone when it differs from the bank's, else ""
    suggested: tuple[datetime, datetime] | None
    today: datetime


def build_window_letter(facts: LetterFacts) -> WindowLetter:
    """Word the letter in ``facts.language``."""
    language = facts.language
    tr = translator_for(language)
    addressee, salutation, closing = greeting(
        tr, facts.bank_name, facts.branch, facts.officer_name, facts.officer_role
    )
    # The bank's time zone is named wherever a time is, when it is not the company's: a reader
    # must never have to guess which zone a time is in.
    when = span_text(facts.starts_at, facts.ends_at, facts.zone, language)
    zone_text = zone_name(facts.zone.key, language=language)
    if facts.office_zone:
        when = tr(N_("{span} ({zone})")).format(span=when, zone=zone_text)
    hours = f"{facts.office_start}–{facts.office_end}"
    if facts.office_zone:
        hours = tr(N_("{span} ({zone})")).format(
            span=hours, zone=zone_name(facts.office_zone, language=language)
        )
    if facts.contract_number:
        opening = tr(
            N_(
                "For the post-loan management of loan contract {number}, {bank} plans to "
                "contact our company at the following time: {when}."
            )
        ).format(number=facts.contract_number, bank=facts.bank_name, when=when)
    else:
        opening = tr(
            N_(
                "For the post-loan management of our company's loans, {bank} plans to contact "
                "our company at the following time: {when}."
            )
        ).format(bank=facts.bank_name, when=when)
    reasons = []
    if facts.non_working_day:
        reasons.append(tr(N_("it is not a working day for our company")))
    if facts.outside_office_hours:
        reasons.append(tr(N_("it is outside our office hours ({hours})")).format(hours=hours))
    separator = "，" if language == "zh_CN" else "; "
    paragraphs = [opening]
    if reasons:
        paragraphs.append(
            tr(
                N_(
                    "As {reasons}, the staff responsible for your callback may not be able to "
                    "answer at that time."
                )
            ).format(reasons=separator.join(reasons))
        )
    rows = [(tr(N_("Time planned")), when)]
    if facts.suggested:
        suggested = span_text(facts.suggested[0], facts.suggested[1], facts.zone, language)
        paragraphs.append(
            tr(
                N_(
                    "So that your call reaches the responsible person without delay, we kindly "
                    "propose the following time instead:"
                )
            )
        )
        rows.append(
            (
                tr(N_("Time proposed")),
                tr(N_("{span} ({zone})")).format(span=suggested, zone=zone_text),
            )
        )
    elif facts.office_zone:
        paragraphs.append(
            tr(
                N_(
                    "We could not find a time in the coming weeks that is both within our office "
                    "hours and between {start} and {end} on a weekday in your time zone ({zone}). "
                    "We kindly ask you to propose a time within our office hours on one of our "
                    "working days."
                )
            ).format(
                start=formats.time_text(BANK_HOURS[0], facts.language),
                end=formats.time_text(BANK_HOURS[1], facts.language),
                zone=zone_text,
            )
        )
    else:
        paragraphs.append(
            tr(N_("We kindly ask you to choose a time within our office hours on a working day."))
        )
    rows.append((tr(N_("Our office hours")), tr(N_("Working days, {hours}")).format(hours=hours)))
    if facts.recurring:
        rows.append((tr(N_("Applies to")), tr(N_("This and later callbacks at the same time"))))
    if facts.suggested:
        reply = N_(
            "Please confirm the proposed time, or let us know another time that suits you, "
            "at your earliest convenience."
        )
    else:
        reply = N_("Please let us know the time you propose at your earliest convenience.")
    after = [tr(reply), *contact_lines(tr, facts.contact_name, facts.contact_phone)]
    return WindowLetter(
        language=language,
        bank_id=facts.bank_id,
        bank_name=facts.bank_name,
        occurrence_key=facts.occurrence_key,
        title=tr(N_("Request to Confirm the Post-loan Callback Time")),
        date_line=letter_date(facts.today.date(), language),
        addressee=tuple(addressee),
        salutation=salutation,
        paragraphs=tuple(paragraphs),
        rows=tuple(rows),
        after_table=tuple(after),
        closing=closing,
        company_name=facts.company_name,
        seal=company_seal(tr, language),
        suggested_start=facts.suggested[0] if facts.suggested else None,
        suggested_end=facts.suggested[1] if facts.suggested else None,
    )


def letter_for(
    session: Session,
    actor: Actor,
    org: OrgSettings,
    now: datetime,
    occurrence: Occurrence,
    window: ContactWindow,
    suggested: tuple[datetime, datetime] | None,
    language: str,
) -> WindowLetter:
    """Read the bank's branch and officer and the writer's contact details, then word the letter."""
    company_name = signing_company(language, org)
    bank = addressed_bank(session, window.bank_id)
    branch = ""
    if window.contract_id is not None:
        branch_id = session.scalar(
            select(LoanContract.branch_id).where(LoanContract.id == window.contract_id)
        )
        branch = next((b.name for b in bank.branches if b.id == branch_id), "")
    if not branch and bank.branches:
        branch = bank.branches[0].name
    officer_name, officer_role = addressed_officer(bank)
    contact = session.get(Person, actor.person_id) if actor.person_id else None
    opens, closes = office_hours(org)
    zone = zoneinfo.ZoneInfo(window.timezone)
    return build_window_letter(
        LetterFacts(
            language=language,
            bank_id=bank.id,
            bank_name=bank.name,
            branch=branch,
            officer_name=officer_name,
            officer_role=officer_role,
            company_name=company_name,
            contact_name=contact.name if contact else "",
            contact_phone=(contact.mobile or contact.extension) if contact else "",
            occurrence_key=occurrence.key,
            contract_number=occurrence.contract_number,
            recurring=occurrence.kind == "recurring",
            zone=zone,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            outside_office_hours=occurrence.outside_office_hours,
            non_working_day=occurrence.non_working_day,
            office_start=f"{opens:%H:%M}",
            office_end=f"{closes:%H:%M}",
            office_zone=org.timezone if org.timezone != window.timezone else "",
            suggested=suggested,
            today=now.astimezone(zoneinfo.ZoneInfo(org.timezone)),
        )
    )
