"""How the reports sort inbound calls by outcome, and what counts as a missed call.

A call the desk logs has one outcome (``front_desk.calls.OUTCOMES``, plus ``answered`` written
through the callback form). "Wrong number / not a bank" is not a bank's call and is left out of
the calls received. A missed call is one that rang and left no outcome: :func:`missed_condition`
is the one place that says which records those are, so that records the phone system adds later
("rang — not logged") are counted by adding their outcome to :data:`MISSED_OUTCOMES`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from desktop_app.core.common.i18n import N_
from desktop_app.core.models import CallRecord

#: Outcomes of a call that rang and that nobody answered or logged.
MISSED_OUTCOMES = ("missed", "rang_unlogged")
#: Not a bank's call: never counted as received.
NOT_A_BANK_CALL = ("wrong_number",)

#: The categories of a received call, in the order the reports show them: (key, label msgid).
CATEGORIES = (
    ("answered", N_("Answered by a responder")),
    ("transferred", N_("Transferred")),
    ("message", N_("Message taken")),
    ("no_one", N_("No one available")),
    ("missed", N_("Missed")),
)
CATEGORY_KEYS = tuple(key for key, _label in CATEGORIES)
#: Every outcome a report counts (each one's calls are counted on their own, from an index).
COUNTED = tuple(k for k in CATEGORY_KEYS if k != "missed") + MISSED_OUTCOMES + ("",)
#: The categories that count as answered for the answer rate.
ANSWERED_CATEGORIES = ("answered", "transferred")


def missed_condition() -> ColumnElement[bool]:
    """The calls that count as missed: a missed outcome, or no outcome logged at all."""
    return or_(CallRecord.outcome.in_(MISSED_OUTCOMES), CallRecord.outcome == "")


def category_of(outcome: str) -> str | None:
    """The report category of an inbound call's outcome (None: not a bank's call)."""
    if outcome in NOT_A_BANK_CALL:
        return None
    if outcome in MISSED_OUTCOMES or outcome == "":
        return "missed"
    return outcome if outcome in CATEGORY_KEYS else None
