"""What every letter to a bank shares, whatever it asks: the languages it is written in, the date
line, the greeting and closing, the line naming whom to call, the seal, the bank and officer it is
addressed to, and the layout around its table in plain text and in HTML.

The number-change notice (:mod:`change_notice`) and the contact-time confirmation
(:mod:`window_letter`) are built from these parts; each keeps only its own wording and table.
No Qt here: the HTML stays within what ``QTextDocument`` renders and prints to PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session, selectinload

from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettings
from desktop_app.core.models import Bank
from desktop_app.core.register.banks import OFFICER_ROLES

NOTICE_LANGUAGES = ("zh_CN", "en")
_OFFICER_PREFERENCE = ("post_loan_officer", "relationship_manager", "other")

Translate = Callable[[str], str]


# -- wording -----------------------------------------------------------------------------------


def letter_date(day: date, language: str) -> str:
    """A day as a letter in ``language`` writes it: 2026年11月25日, November 25, 2026."""
    from desktop_app.core.common import formats

    return formats.long_date_text(day, language)


def greeting(
    tr: Translate, bank_name: str, branch: str, officer_name: str, officer_role: str
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


def contact_lines(tr: Translate, name: str, phone: str) -> list[str]:
    """The closing line naming whom the bank may call with a question, if anyone."""
    if name and phone:
        return [
            tr(N_("For any question, please contact {name} on {phone}.")).format(
                name=name, phone=phone
            )
        ]
    if name:
        return [tr(N_("For any question, please contact {name}.")).format(name=name)]
    return []


def company_seal(tr: Translate, language: str) -> str:
    """Where the seal goes under a Chinese letter; an English letter has none."""
    return tr(N_("(company seal)")) if language == "zh_CN" else ""


# -- the sender and the addressee ----------------------------------------------------------------


def signing_company(language: str, org: OrgSettings) -> str:
    """The company name a letter is signed with; refuses a language letters are not written in,
    or a company without a name."""
    if language not in NOTICE_LANGUAGES:
        raise ValidationError.single("language", N_("Letters are written in Chinese or English."))
    if not org.company_name.strip():
        raise ValidationError.single(
            "company_name",
            N_("Enter the company name in Settings: the letter is signed with it."),
        )
    return org.company_name.strip()


def addressed_bank(session: Session, bank_id: int) -> Bank:
    """The bank a letter goes to, with its branches and officers loaded."""
    bank = session.get(
        Bank, bank_id, options=[selectinload(Bank.branches), selectinload(Bank.officers)]
    )
    if bank is None:
        raise NotFound(N_("The bank no longer exists."))
    return bank


def addressed_officer(bank: Bank) -> tuple[str, str]:
    """The name and untranslated role of the active officer a letter is addressed to — the
    post-loan officer first, then the relationship manager, then anyone — or ``("", "")``."""
    officer = next(
        (o for role in _OFFICER_PREFERENCE for o in bank.officers if o.active and o.role == role),
        None,
    )
    if officer is None:
        return "", ""
    return officer.name, OFFICER_ROLES.get(officer.role, "")


# -- layout ------------------------------------------------------------------------------------


class LetterLayout(Protocol):
    """The parts of a worded letter laid out around its table."""

    @property
    def language(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date_line(self) -> str: ...
    @property
    def addressee(self) -> tuple[str, ...]: ...
    @property
    def salutation(self) -> str: ...
    @property
    def paragraphs(self) -> tuple[str, ...]: ...
    @property
    def after_table(self) -> tuple[str, ...]: ...
    @property
    def closing(self) -> str: ...
    @property
    def company_name(self) -> str: ...
    @property
    def seal(self) -> str: ...


def letter_text(letter: LetterLayout, table: Sequence[str]) -> str:
    """The letter as plain text around the table's lines: an English letter is dated at the top,
    a Chinese one under the signature."""
    lines = [letter.title, ""]
    if letter.language == "en":
        lines += [letter.date_line, ""]
    lines += [*letter.addressee, "", letter.salutation, "", *letter.paragraphs, ""]
    lines += table
    lines += ["", *letter.after_table, "", letter.closing, "", letter.company_name]
    if letter.seal:
        lines.append(letter.seal)
    if letter.language != "en":
        lines.append(letter.date_line)
    return "\n".join(lines) + "\n"


def letter_html(letter: LetterLayout, table_rows: str) -> str:
    """The letter as simple HTML around a bordered table of ``table_rows`` (``<tr>`` markup)."""
    import html  # its entity tables are not needed before a letter is written

    e = html.escape
    indent = "text-indent: 2em; " if letter.language == "zh_CN" else ""
    parts = [f'<h2 align="center">{e(letter.title)}</h2>']
    if letter.language == "en":
        parts.append(f'<p align="right">{e(letter.date_line)}</p>')
    parts += [f"<p>{e(line)}</p>" for line in letter.addressee]
    parts.append(f"<p>{e(letter.salutation)}</p>")
    parts += [f'<p style="{indent}">{e(text)}</p>' for text in letter.paragraphs]
    parts.append(
        f'<table border="1" cellspacing="0" cellpadding="4" width="100%">{table_rows}</table>'
    )
    parts += [f'<p style="{indent}">{e(text)}</p>' for text in letter.after_table]
    parts.append(f'<p style="{indent}">{e(letter.closing)}</p>')
    signature = [letter.company_name] + ([letter.seal] if letter.seal else [])
    if letter.language != "en":
        signature.append(letter.date_line)
    parts += [f'<p align="right">{e(line)}</p>' for line in signature]
    return "<html><body>" + "".join(parts) + "</body></html>"
