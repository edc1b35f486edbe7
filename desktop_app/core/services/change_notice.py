"""The number-change notice (号码变更通知函): a letter telling a bank which numbers to use now.

Built from plain values in the language asked for — zh_CN or en — whatever language the app shows,
because the letter goes to the bank. The result is a plain dataclass a screen can preview, and
renders to HTML that Qt's text document prints to PDF; no Qt here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.core.i18n import N_, babel_locale_for, translator_for

NOTICE_LANGUAGES = ("zh_CN", "en")
_LIST_SEPARATOR = {"zh_CN": "、", "en": ", "}
_NONE = "—"


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
        lines = [self.title, ""]
        if self.language == "en":
            lines += [self.date_line, ""]
        lines += [*self.addressee, "", self.salutation, ""]
        lines += [*self.paragraphs, ""]
        lines.append(" | ".join(self.headers))
        lines += [" | ".join(self._cells(row)) for row in self.rows]
        lines += ["", *self.after_table, "", self.closing, "", self.company_name]
        if self.seal:
            lines.append(self.seal)
        if self.language != "en":
            lines.append(self.date_line)
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        """The letter as simple HTML, within what ``QTextDocument`` renders and prints to PDF."""
        e = html.escape
        indent = "text-indent: 2em; " if self.language == "zh_CN" else ""
        parts = [f'<h2 align="center">{e(self.title)}</h2>']
        if self.language == "en":
            parts.append(f'<p align="right">{e(self.date_line)}</p>')
        parts += [f"<p>{e(line)}</p>" for line in self.addressee]
        parts.append(f"<p>{e(self.salutation)}</p>")
        parts += [f'<p style="{indent}">{e(text)}</p>' for text in self.paragraphs]
        head = "".join(f"<th>{e(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in self._cells(row)) + "</tr>"
            for row in self.rows
        )
        parts.append(
            '<table border="1" cellspacing="0" cellpadding="4" width="100%">'
            f"<tr>{head}</tr>{body}</table>"
        )
        parts += [f'<p style="{indent}">{e(text)}</p>' for text in self.after_table]
        parts.append(f'<p style="{indent}">{e(self.closing)}</p>')
        signature = [self.company_name] + ([self.seal] if self.seal else [])
        if self.language != "en":
            signature.append(self.date_line)
        parts += [f'<p align="right">{e(line)}</p>' for line in signature]
        return "<html><body>" + "".join(parts) + "</body></html>"


def letter_date(day: date, language: str) -> str:
    """A day as a letter in ``language`` writes it: 2026年11月25日, November 25, 2026."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=babel_locale_for(language))


def _contact(tr: Callable[[str], str], name: str, title: str) -> str:
    if not name:
        return _NONE
    if title:
        return tr(N_("{name} ({title})")).format(name=name, title=title)
    return name


def greeting(
    tr: Callable[[str], str], bank_name: str, branch: str, officer_name: str, officer_role: str
) -> tuple[list[str], str, str]:
    """A letter's addressee lines, salutation and closing, for a bank and its officer if known."""
    addressed = tr(N_("{bank}, {branch}")).format(bank=bank_name, branch=branch) if branch else ""
    addressee = [tr(N_("To: {bank}")).format(bank=addressed or bank_name)]
    if not officer_name:
        return addressee, tr(N_("Dear Sir or Madam,")), tr(N_("Yours faithfully,"))
    role = tr(officer_role) if officer_role else ""
    addressee.append(
        tr(N_("Attn: {name}, {role}")).format(name=officer_name, role=role)
        if role
        else tr(N_("Attn: {name}")).format(name=officer_name)
    )
    return addressee, tr(N_("Dear {name},")).format(name=officer_name), tr(N_("Yours sincerely,"))


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
    if contact_name and contact_phone:
        after.append(
            tr(N_("For any question, please contact {name} on {phone}.")).format(
                name=contact_name, phone=contact_phone
            )
        )
    elif contact_name:
        after.append(tr(N_("For any question, please contact {name}.")).format(name=contact_name))
    rows = tuple(
        NoticeRow(
            number_id=line.number_id,
            old_number=line.old_number,
            old_contact=_contact(tr, line.old_contact, line.old_title),
            new_number=line.new_number or tr(N_("To be advised")),
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
        seal=tr(N_("(company seal)")) if language == "zh_CN" else "",
    )
