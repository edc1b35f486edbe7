"""Is it really the bank? Checks a caller's number against the registers of the bank they name.

Callers posing as bank staff are a known fraud pattern. When the caller names a bank and the
number on the display is not one the registers hold for that bank (another bank's number, a
number nobody knows, or no number at all), the desk is told so prominently, its script becomes
"verify first: give no information, offer to call back", and it is shown the bank's official
numbers and its officers' registered numbers to call back on. The call is then logged as
``unverified`` (see :data:`desktop_app.core.front_desk.calls.OUTCOMES`), which leaves a return
call; :meth:`CallerCheckService.return_verified` records that return call and accepts only a
number from those lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import phone as phones
from desktop_app.core.common.changes import Outcome
from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.common.parsing import clean
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.calls import CallService, CallView
from desktop_app.core.models import Bank, BankOfficer, BankPhone, CallRecord, FollowUp, OrgSetting
from desktop_app.core.register.banks import OFFICER_ROLES
from desktop_app.core.storage.store import Store

#: Why a caller is not verified: their number is another bank's, nobody's, or not shown.
REASONS = {
    "known": N_("The number is one of {bank}'s numbers on file."),
    "other_bank": N_(
        "Caution: the caller says {bank}, but this number is on file for {others}, not for {bank}."
    ),
    "unknown": N_("Caution: no register holds this number for {bank}."),
    "no_number": N_("Caution: the phone system showed no number for this caller to {bank}."),
}
VERIFY_FIRST = N_(
    "Verify first: give no information about loans, accounts or people. Say: “Thank you, we "
    "will call you back on the bank's official number.” Take the caller's name and log the call "
    "as an unverified caller."
)


@dataclass(frozen=True)
class OfficialNumber:
    """A number to call the bank back on: one of its listed numbers or an officer's."""

    display: str
    key: str
    label: str  # the listed number's label, or the officer's name and role


@dataclass(frozen=True)
class CallerCheck:
    """The verdict on one caller, and the numbers to call back on when it is not verified."""

    bank_id: int
    bank_name: str
    number_display: str
    reason: str  # a key of REASONS
    other_banks: tuple[str, ...]
    official_numbers: tuple[OfficialNumber, ...]
    officer_numbers: tuple[OfficialNumber, ...]

    @property
    def verified(self) -> bool:
        return self.reason == "known"

    def warning(self) -> str:
        """The sentence the console shows (translated now)."""
        return _(REASONS[self.reason]).format(
            bank=self.bank_name, others="、".join(self.other_banks)
        )

    def script(self) -> str:
        """The desk script while the caller is not verified."""
        return "" if self.verified else _(VERIFY_FIRST)


class CallerCheckService:
    """Checks callers against the registers and records return calls on official numbers."""

    def __init__(self, store: Store, org: OrgSettingsService, calls: CallService) -> None:
        self._store = store
        self._org = org
        self._calls = calls

    def check(self, actor: Actor, bank_id: int, number: str) -> CallerCheck:
        """Whether ``number`` is one the registers hold for the bank the caller names."""
        actor.require(Permission.VIEW_REGISTER)
        key, display = "", ""
        if clean(number):
            parsed = phones.normalise(number, self._org.get().area_code, field="caller_number")
            key, display = parsed.key, parsed.display
        with self._store.read() as session:
            bank_name = session.scalar(select(Bank.name).where(Bank.id == bank_id))
            if bank_name is None:
                raise NotFound(N_("The bank no longer exists."))
            owners = (
                session.execute(
                    select(BankPhone.bank_id, Bank.name)
                    .join(Bank, Bank.id == BankPhone.bank_id)
                    .where(BankPhone.number_key == key)
                    .order_by(Bank.name)
                ).all()
                if key
                else []
            )
            official, officers = _numbers_of(session, bank_id, self._org.get().area_code)
        owner_ids = {row[0] for row in owners}
        if not key:
            reason = "no_number"
        elif bank_id in owner_ids:
            reason = "known"
        elif owner_ids:
            reason = "other_bank"
        else:
            reason = "unknown"
        return CallerCheck(
            bank_id=bank_id,
            bank_name=bank_name,
            number_display=display,
            reason=reason,
            other_banks=tuple(dict.fromkeys(row[1] for row in owners if row[0] != bank_id)),
            official_numbers=official,
            officer_numbers=officers,
        )

    def return_verified(
        self,
        actor: Actor,
        follow_up_id: int,
        number: str,
        notes: str = "",
        occurred_at: datetime | None = None,
    ) -> Outcome[CallView]:
        """Record the return call of an unverified caller's follow-up, made on ``number``.

        Only one of the bank's official numbers or an officer's registered number completes it:
        calling back the number the caller gave would prove nothing.
        """
        actor.require(Permission.LOG_CALLS)
        parsed = phones.normalise(number, self._org.get().area_code, field="number")
        with self._store.read() as session:
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None:
                raise NotFound(N_("The follow-up no longer exists."))
            bank_id = follow_up.bank_id
            if bank_id is None:
                raise ValidationError.single(
                    "follow_up_id", N_("Tie the call to a bank before calling it back.")
                )
            official, officers = _numbers_of(session, bank_id, self._org.get().area_code)
        if parsed.key not in {n.key for n in official + officers}:
            raise ValidationError.single(
                "number",
                N_(
                    "{number} is not one of the bank's official numbers: call back on one of those."
                ),
                number=parsed.display,
            )
        text = _("Called back on the official number {number}.").format(number=parsed.display)
        return self._calls.close_with_return_call(
            actor, follow_up_id, f"{text} {notes.strip()}".strip(), "answered", occurred_at
        )


def require_official_number(session: Session, follow_up: FollowUp, note: str) -> None:
    """Refuse to close an unverified caller's return call unless ``note`` names the official
    number it was made on (the Today panel's "Mark done" asks what was done, in words).

    Anything else is left alone. The numbers to call back on are said in the refusal.
    """
    if follow_up.kind != "return_call" or follow_up.call_id is None:
        return
    origin = session.scalar(select(CallRecord.outcome).where(CallRecord.id == follow_up.call_id))
    if origin != "unverified" or follow_up.bank_id is None:
        return
    stored = session.scalar(select(OrgSetting.value).where(OrgSetting.key == "area_code"))
    area_code = stored if isinstance(stored, str) else OrgSettings().area_code
    listed, officers = _numbers_of(session, follow_up.bank_id, area_code)
    official = {n.key for n in listed + officers}
    for candidate in re.findall(r"\+?\d[\d\s\-()]{3,}\d", note):
        try:
            if phones.normalise(candidate, area_code).key in official:
                return
        except ValidationError:
            continue
    raise ValidationError.single(
        "note",
        N_(
            "This caller was not verified: say which of the bank's official numbers you called "
            "back on ({numbers})."
        ),
        numbers="、".join(n.display for n in listed + officers) or "—",
    )


def _numbers_of(
    session: Session, bank_id: int, area_code: str
) -> tuple[tuple[OfficialNumber, ...], tuple[OfficialNumber, ...]]:
    """The bank's listed numbers, and its active officers' numbers (post-loan officers first)."""
    listed = tuple(
        OfficialNumber(display, key, label)
        for display, key, label in session.execute(
            select(BankPhone.display, BankPhone.number_key, BankPhone.label)
            .where(BankPhone.bank_id == bank_id, BankPhone.source == "listed")
            .order_by(BankPhone.id)
        ).all()
    )
    officers: list[OfficialNumber] = []
    seen = {number.key for number in listed}  # each number once, listed ones first
    rows = session.execute(
        select(BankOfficer.name, BankOfficer.role, BankOfficer.phone, BankOfficer.mobile)
        .where(BankOfficer.bank_id == bank_id, BankOfficer.active.is_(True))
        .order_by(BankOfficer.role != "post_loan_officer", BankOfficer.name)
    ).all()
    for name, role, *numbers in rows:
        for raw in numbers:
            if not clean(raw):
                continue
            try:
                parsed = phones.normalise(raw, area_code)
            except ValidationError:
                continue  # a number the register could not read is no number to call back on
            if parsed.key in seen:
                continue
            seen.add(parsed.key)
            label = _("{name}, {role}").format(name=name, role=_role(role))
            officers.append(OfficialNumber(parsed.display, parsed.key, label))
    return listed, tuple(officers)


def _role(role: str) -> str:
    return _(OFFICER_ROLES.get(role, role))
