"""The number-change notice (号码变更通知函): a letter telling a bank which numbers to use now.

Built from plain values in the language asked for — zh_CN or en — whatever language the app shows,
because the letter goes to the bank. The result is a plain dataclass a screen can preview, and
renders to HTML that Qt's text document prints to PDF; no Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.common.letters import (
    company_seal,
    contact_lines,
    greeting,
    letter_date,
    letter_html,
    letter_text,
)

_LIST_SEPARATOR = {"zh_CN": "、", "en": ", "}
_NONE = "—"
_EXTENSION = re.compile(r" ext\. (\d+)$")  # how a stored number shows its extension


@dataclass(frozen=True)
class NoticeLine:
    """One stale number and what the bank should have instead, as plain values."""

    number_id: int
    old_number: str
    old_contact: str  # "" when the number belongs to no one
    old_title: str
    new_number: str  # "" when no number is known yet
    new_contact: str  # "" when no one is available
    new_title: str
    contracts: tuple[str, ...]  # empty: a number for every loan at the bank
    unchanged: bool  # the same number and person, only to be confirmed


@dataclass(frozen=True)
class NoticeRow:
    """One row of the letter's table, worded in the letter's language."""

    number_id: int
    old_number: str
    old_contact: str
    new_number: str
    new_contact: str
    contracts: str
    action: str


@dataclass(frozen=True)
class ChangeNotice:
    """A change-notice letter, every text already in the letter's language."""

    language: str
    bank_id: int
    bank_name: str
    title: str
    date_line: str
    addressee: tuple[str, ...]
    salutation: str
    paragraphs: tuple[str, ...]  # before the table
    headers: tuple[str, ...]
    rows: tuple[NoticeRow, ...]
    after_table: tuple[str, ...]
    closing: str
    company_name: str
    seal: str

    @property
    def number_ids(self) -> tuple[int, ...]:
        return tuple(row.number_id for row in self.rows)

    @staticmethod
    def _cells(row: NoticeRow) -> tuple[str, ...]:
        return (
            row.old_number,
            row.old_contact,
            row.new_number,
            row.new_contact,
            row.contracts,
            row.action,
        )

    def text(self) -> str:
        """The letter as plain text (for a preview, a copy to the clipboard, or a test)."""
        table = [" | ".join(self.headers)]
        table += [" | ".join(self._cells(row)) for row in self.rows]
        return letter_text(self, table)

    def html(self) -> str:
        """The letter as simple HTML, within what ``QTextDocument`` renders and prints to PDF."""
        import html  # its entity tables: only when a notice is written

        e = html.escape
        head = "".join(f"<th>{e(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in self._cells(row)) + "</tr>"
            for row in self.rows
        )
        return letter_html(self, f"<tr>{head}</tr>{body}")


def _number(tr: Callable[[str], str], number: str) -> str:
    """A number as the letter's language writes its extension: “010 6552 1234 分机 808”."""
    found = _EXTENSION.search(number)
    if found is None:
        return number
    return (
        number[: found.start()] + " " + tr(N_("ext. {extension}")).format(extension=found.group(1))
    )


def _contact(tr: Callable[[str], str], name: str, title: str) -> str:
    if not name:
        return _NONE
    if title:
        return tr(N_("{name} ({title})")).format(name=name, title=title)
    return name


def build_change_notice(
    *,
    language: str,
    bank_id: int,
    bank_name: str,
    branch: str,
    officer_name: str,
    officer_role: str,
    company_name: str,
    contact_name: str,
    contact_phone: str,
    day: date,
    lines: Sequence[NoticeLine],
) -> ChangeNotice:
    """Word the letter in ``language``; ``officer_role`` is an untranslated msgid or ""."""
    tr = translator_for(language)
    separator = _LIST_SEPARATOR.get(language, ", ")
    addressee, salutation, closing = greeting(tr, bank_name, branch, officer_name, officer_role)
    changed = any(not line.unchanged for line in lines)
    kept = any(line.unchanged for line in lines)
    if changed:
        paragraphs = [
            tr(
                N_(
                    "The contact numbers and contact persons that {bank} holds on file for our "
                    "company's loans have changed. So that your post-loan callbacks reach the "
                    "right person without delay, we set out the changes below:"
                )
            ).format(bank=bank_name)
        ]
        after = [
            tr(
                N_(
                    "From the date of this letter, please contact us on the new numbers above; "
                    "the previous numbers are no longer our registered contact numbers. Please "
                    "update your records accordingly and confirm the change to us at your "
                    "earliest convenience."
                )
            )
        ]
        if kept:
            after.append(
                tr(N_("The numbers marked unchanged remain valid; please confirm them as well."))
            )
    else:
        paragraphs = [
            tr(
                N_(
                    "We list below the contact numbers and contact persons that {bank} holds on "
                    "file for our company's loans. So that your post-loan callbacks reach the "
                    "right person without delay, please check them against your records."
                )
            ).format(bank=bank_name)
        ]
        after = [tr(N_("Please confirm these details to us at your earliest convenience."))]
    after += contact_lines(tr, contact_name, contact_phone)
    rows = tuple(
        NoticeRow(
            number_id=line.number_id,
            old_number=_number(tr, line.old_number),
            old_contact=_contact(tr, line.old_contact, line.old_title),
            new_number=_number(tr, line.new_number) or tr(N_("To be advised")),
            new_contact=_contact(tr, line.new_contact, line.new_title)
            if line.new_contact
            else tr(N_("To be advised")),
            contracts=separator.join(line.contracts)
            if line.contracts
            else tr(N_("All loans at this bank")),
            action=tr(N_("Unchanged, please confirm"))
            if line.unchanged
            else tr(N_("Please update")),
        )
        for line in lines
    )
    headers = (
        tr(N_("Previous number")),
        tr(N_("Previous contact")),
        tr(N_("New number")),
        tr(N_("New contact")),
        tr(N_("Loan contracts")),
        tr(N_("Action requested")),
    )
    return ChangeNotice(
        language=language,
        bank_id=bank_id,
        bank_name=bank_name,
        title=tr(N_("Notice of Change of Registered Contact Numbers")),
        date_line=letter_date(day, language),
        addressee=tuple(addressee),
        salutation=salutation,
        paragraphs=tuple(paragraphs),
        headers=headers,
        rows=rows,
        after_table=tuple(after),
        closing=closing,
        company_name=company_name,
        seal=company_seal(tr, language),
    )
