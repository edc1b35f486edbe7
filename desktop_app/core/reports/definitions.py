"""What each figure of a report means, in words — for tooltips, the legend and the exports."""

from __future__ import annotations

from desktop_app.core.common.i18n import N_

#: figure key → (short label, definition); msgids, translated where shown.
FIGURES: dict[str, tuple[str, str]] = {
    "received": (
        N_("Calls received"),
        N_(
            "Calls from the bank in the period, whatever their outcome; wrong numbers are not "
            "counted."
        ),
    ),
    "answered": (
        N_("Answered"),
        N_("Calls answered by a responder and written down through the callback record."),
    ),
    "transferred": (
        N_("Transferred"),
        N_("Calls the front desk transferred to someone who took them."),
    ),
    "message": (
        N_("Message taken"),
        N_("Calls where the front desk took a message for a responder to call back."),
    ),
    "no_one": (
        N_("No one available"),
        N_("Calls where nobody who could answer was available; a return call is due."),
    ),
    "missed": (
        N_("Missed"),
        N_("Calls that rang with no outcome logged."),
    ),
    "answer_rate": (
        N_("Answer rate"),
        N_("Answered and transferred calls as a share of the calls received."),
    ),
    "returns_due": (
        N_("Return calls due"),
        N_("Return calls whose deadline falls in the period."),
    ),
    "returns_on_time": (
        N_("On time"),
        N_("Return calls made by their deadline."),
    ),
    "returns_late": (
        N_("Late"),
        N_("Return calls made after their deadline."),
    ),
    "returns_open": (
        N_("Still open"),
        N_("Return calls not made yet (of these, the overdue ones are past their deadline)."),
    ),
    "median_hours": (
        N_("Median time to return (h)"),
        N_(
            "Half of the calls were returned within this many working hours (office hours on "
            "working days of the working calendar), from the message to the return call."
        ),
    ),
    "p90_hours": (
        N_("9 in 10 returned within (h)"),
        N_("Nine in ten calls were returned within this many working hours."),
    ),
    "windows_expected": (
        N_("Windows expected"),
        N_("Dated contact windows of the bank in the period."),
    ),
    "windows_covered": (
        N_("Windows covered"),
        N_("Windows for which a designated, certified responder was available for all of it."),
    ),
    "coverage_gaps": (
        N_("Coverage gaps"),
        N_("Windows expected but not covered."),
    ),
    "certified_share": (
        N_("Responders certified"),
        N_("Share of the bank's designated responders holding a valid training certificate today."),
    ),
    "stale_numbers": (
        N_("Stale numbers"),
        N_(
            "Numbers on the bank's file that are stale today (unconfirmed for too long, or their "
            "person is inactive or away)."
        ),
    ),
    "notices_awaiting": (
        N_("Notices awaiting confirmation"),
        N_("Number-change notices the bank has not confirmed yet."),
    ),
    "checklist": (
        N_("Checklist readiness"),
        N_(
            "Ready items of the checklists of the bank's active contracts, out of the items that "
            "apply, today."
        ),
    ),
    "calls_handled": (
        N_("Calls handled"),
        N_("Calls (from a bank, or return calls) the person took in the period."),
    ),
    "person_returns_open": (
        N_("Return calls open"),
        N_("Return calls assigned to the person and not made yet, today."),
    ),
    "person_returns_overdue": (
        N_("Overdue"),
        N_("Of those, past their deadline."),
    ),
    "reminders_late": (
        N_("Reminders acknowledged late"),
        N_(
            "Reminders due in the period that the person acknowledged only after the window "
            "started, or after they were passed on."
        ),
    ),
    "training": (
        N_("Training"),
        N_("Whether the person holds a valid training certificate, and until when."),
    ),
}

TRAINING_STATES = {
    "certified": N_("Certified"),
    "expired": N_("Certificate expired"),
    "none": N_("Not certified"),
}
