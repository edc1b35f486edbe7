"""What routing a call answers: the query as understood, the banks it names, the contracts, the
transfer list with everyone's availability, and the whole decision. Plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from desktop_app.core.register.availability import Status


@dataclass(frozen=True)
class RouteQuery:
    """The query as understood: a number (complete or still being typed), text, or nothing."""

    text: str  # as typed, trimmed
    kind: str  # "number", "text" or "empty"
    number_key: str = ""  # the normalised key ("+861065521234", "svc:95588"); "" when not a number
    number_display: str = ""  # the number as shown ("010 6552 1234"); "" when not a number
    complete: bool = False  # a whole, valid number (False while digits are still being typed)
    extension: str = ""  # digits dialled after a whole number (010-65521234-808: "808")


@dataclass(frozen=True)
class BankMatch:
    """A bank the query points to, and the branch and officer when the number identifies them."""

    bank_id: int
    name: str
    short_name: str
    active: bool
    matched_by: str  # "number", "registered_number", "name", "contract", "officer"
    matched_text: str  # the name, alias, number, contract or officer that matched
    branch_id: int | None = None
    branch_name: str = ""
    officer_id: int | None = None
    officer_name: str = ""
    officer_role: str = ""  # "relationship_manager", "post_loan_officer", "other" or ""
    number_label: str = ""  # the label of the bank's number that matched ("朝阳支行")
    contract_id: int | None = None  # the contract that matched (by number, or our number on file)


@dataclass(frozen=True)
class ContractSummary:
    """A contract the call concerns; without the right, loan details are ``None``, never read."""

    id: int
    bank_id: int
    contract_number: str
    title: str
    loan_type: str
    status: str
    maturity_date: date
    clause_cadence: str
    clause_method: str
    matched: bool  # the query named this contract (rather than its bank)
    currency: str
    principal: Decimal | None = None
    purpose_of_funds: str | None = None
    clause_text: str | None = None
    consequences: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One person on the transfer list, whether they can answer now and how to reach them."""

    person_id: int
    name: str
    role: str
    job_title: str
    extension: str
    mobile: str
    rank: int | None  # 1 = primary; None for the finance fallback
    source: str  # "contract", "bank" (the bank's default list) or "fallback"
    contract_ids: tuple[int, ...]  # the contracts (in this result) they answer for
    available: bool
    status: Status  # the availability code and parameters
    reason: str  # the status in the active language ("Available", "Absent (leave) until …")
    # Team mode: what the person said ("available", "away", "dnd"; "" when not tracked), whether
    # a desk of theirs runs the app (None: not tracked), and the label shown beside the name.
    presence: str = ""
    online: bool | None = None
    presence_label: str = ""
    contract_ranks: tuple[tuple[int, int], ...] = ()  # (contract id, their rank on its list)

    @property
    def present(self) -> bool:
        """Not known to be away, busy or offline (always, outside team mode)."""
        return self.presence in ("", "available") and self.online is not False

    @property
    def reachable(self) -> bool:
        """Available now by office hours and absences, and present."""
        return self.available and self.present


@dataclass(frozen=True)
class RouteResult:
    """The whole routing decision for one query at one moment."""

    query: RouteQuery
    at: datetime
    banks: tuple[BankMatch, ...]  # best match first
    ambiguous: bool  # several banks match: ask the caller which (or route again with bank_id)
    number_known: bool  # the number is on file: a bank's calling number or one of our numbers
    number_source: str  # "bank_phone", "registered_number" or ""
    offer_save_number: bool  # a complete, unknown number with one bank chosen: offer to save it
    contracts: tuple[ContractSummary, ...]
    contracts_truncated: bool  # more contracts concern the bank than are listed
    candidates: tuple[Candidate, ...]  # the transfer list: ranked responders, then the fallback
    details_hidden: bool  # the actor may not see loan details; they are absent, not hidden
    follow_up_due_at: datetime  # when a message taken now must be returned
    script: tuple[str, ...]  # short lines for the desk, in the active language
    presence_tracked: bool = False  # team mode: candidates carry presence, present ones first
    # The official schedule is not published for the year of the moment or of the deadline:
    # availability and the deadline assume weekdays (and the company's own entries).
    calendar_notes: tuple[str, ...] = ()

    @property
    def bank(self) -> BankMatch | None:
        """The bank the call is routed for, when there is exactly one."""
        return self.banks[0] if self.banks and not self.ambiguous else None

    @property
    def primary(self) -> Candidate | None:
        """The first ranked responder (available or not)."""
        ranked = [c for c in self.candidates if c.rank is not None]
        return min(ranked, key=lambda c: c.rank or 0) if ranked else None

    @property
    def first_available(self) -> Candidate | None:
        """Whom to transfer to now: the first reachable person on the list, else the first
        available one (who may have said they are away or busy)."""
        return next((c for c in self.candidates if c.reachable), None) or next(
            (c for c in self.candidates if c.available), None
        )
