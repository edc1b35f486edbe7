"""Call records (every inbound bank call and every return call) and the follow-ups they create."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from desktop_app.core.models.base import Base, UtcDateTime

# What the bank asked and was told: withheld from the front desk like the loan details, so loaded
# only where the reader may see it (``undefer_group(CALL_DETAILS)``) and refused anywhere else.
CALL_DETAILS = "call_details"
FOLLOW_UP_DETAILS = "follow_up_details"


def _detail(type_: type[TypeEngine[Any]], **kwargs: Any) -> Any:
    return mapped_column(
        type_, deferred=True, deferred_group=CALL_DETAILS, deferred_raiseload=True, **kwargs
    )


class CallRecord(Base):
    """One call: when, who called from which number, who took it, the outcome and what was said."""

    __tablename__ = "call_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(10), default="inbound")  # inbound, return
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("bank.id", ondelete="SET NULL"))
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="SET NULL")
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_officer.id", ondelete="SET NULL")
    )
    caller_name: Mapped[str] = mapped_column(String(120), default="")
    caller_number: Mapped[str] = mapped_column(String(60), default="")
    caller_number_key: Mapped[str] = mapped_column(String(40), default="", index=True)
    # The phone system's line or extension that rang ("" when the call was typed in by hand).
    line: Mapped[str] = mapped_column(String(60), default="", server_default="")
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # answered, transferred, message, missed, …; ringing while the phone rings, rang_unlogged
    # when nobody logged the ring in time.
    outcome: Mapped[str] = mapped_column(String(20))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[str] = _detail(Text, default="")
    answers: Mapped[str] = _detail(Text, default="")
    bank_requests: Mapped[str] = _detail(Text, default="")
    concerns: Mapped[str] = _detail(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The callback record: each question the bank asked, by topic, with the answer given
    # ([{"topic": ..., "question": ..., "answer": ...}]); ``questions``/``answers`` hold the same
    # as plain text for the log and its exports.
    exchanges: Mapped[list[dict[str, str]]] = _detail(JSON, default=list, server_default="[]")
    # The callback form's own notes (what the bank was told, …): loan detail like the answers.
    # ``notes`` above is the front desk's (a message taken), which it reads.
    record_notes: Mapped[str] = _detail(Text, default="", server_default="")
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


Index("ix_call_record_bank_time", CallRecord.bank_id, CallRecord.occurred_at)
Index("ix_call_record_contract_time", CallRecord.contract_id, CallRecord.occurred_at)
# The call log filters by outcome and by who took the call, newest first, at a million rows.
Index("ix_call_record_outcome_time", CallRecord.outcome, CallRecord.occurred_at)
Index("ix_call_record_taken_by_time", CallRecord.taken_by_id, CallRecord.occurred_at)
# Reports count a period's calls as many small range counts, each read from one of these indexes
# alone: counting index entries is fast on both databases, grouping a year of rows is not.
Index(
    "ix_call_record_report_outcome",
    CallRecord.direction,
    CallRecord.outcome,
    CallRecord.occurred_at,
)
Index(
    "ix_call_record_report_bank",
    CallRecord.direction,
    CallRecord.bank_id,
    CallRecord.outcome,
    CallRecord.occurred_at,
)
Index(
    "ix_call_record_report_logged",
    CallRecord.logged_by_id,
    CallRecord.direction,
    CallRecord.outcome,
    CallRecord.occurred_at,
)


class FollowUp(Base):
    """Something someone must do by a deadline: return a call, send a document, notify a bank."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="return_call")
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call_record.id", ondelete="SET NULL"), index=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("loan_contract.id", ondelete="SET NULL")
    )
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("bank.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The document a bank asked for on a call ("send a document" follow-ups from a callback
    # record): loan detail, withheld from the front desk, which reads a general description.
    document: Mapped[str] = mapped_column(
        Text,
        default="",
        server_default="",
        deferred=True,
        deferred_group=FOLLOW_UP_DETAILS,
        deferred_raiseload=True,
    )
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    escalation_level: Mapped[int] = mapped_column(default=0)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closing_call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call_record.id", ondelete="SET NULL")
    )
    # A notify-the-bank follow-up is about one registered number; confirming it closes them.
    number_id: Mapped[int | None] = mapped_column(
        ForeignKey("registered_number.id", ondelete="SET NULL"), index=True
    )
    closing_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # An overdue return call is passed to the next responder and shown to a finance manager too.
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    # Team mode: the assignee saw the message taken for them (shown to the desk that took it).
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )


# Reports count return calls by deadline, bank and status without reading the rows.
Index(
    "ix_follow_up_report",
    FollowUp.kind,
    FollowUp.due_at,
    FollowUp.bank_id,
    FollowUp.status,
    FollowUp.closed_at,
)
# … and the open return calls of each person, with how many are overdue, from the index alone.
Index(
    "ix_follow_up_open_returns",
    FollowUp.kind,
    FollowUp.status,
    FollowUp.assignee_id,
    FollowUp.due_at,
)
# … and the moments of the return calls made in a period (their working hours).
Index(
    "ix_follow_up_returned",
    FollowUp.kind,
    FollowUp.status,
    FollowUp.due_at,
    FollowUp.bank_id,
    FollowUp.created_at,
    FollowUp.closed_at,
)
