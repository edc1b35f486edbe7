"""The words of digests, chat notices and invitations, in the language of whoever reads them.

Messages are marked with ``N_`` and translated with the reader's catalog (``translator_for``), and
times are formatted by Babel for that language in the company's time zone — never in the language
or zone of the desk that happened to produce them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import N_, translator_for

Translate = Callable[[str], str]

WINDOW_SOON = N_("{bank} is expected to call at {time}; on duty: {person}.")
ESCALATED = N_("Not acknowledged: {bank}'s call at {time} is passed on to {person}.")
MESSAGE_TAKEN = N_("The front desk took a message for {person}: {bank}, call back by {due}.")
COVERAGE_GAP = N_("Nobody designated can take {bank}'s call window at {time}.")
DIGEST_SUBJECT = N_("Callback Desk: your day, {day}")
DIGEST_GREETING = N_("Good morning, {person}. What concerns you today:")
DIGEST_WINDOWS = N_("Banks expected to call")
DIGEST_FOLLOW_UPS = N_("Return calls and follow-ups due")
DIGEST_OVERDUE = N_("overdue")
DIGEST_GAPS = N_("Call windows nobody can take")
DIGEST_CERTIFICATE = N_("Your callback certificate expires on {day}; renew it in Training.")
DIGEST_FOOTER = N_("Sent by Callback Desk. Open the app for details.")
INVITE_SUMMARY = N_("Bank callback: {bank}")
INVITE_DESCRIPTION = N_(
    "{bank} is expected to call in this window{contract}. Be at your phone; the checklist for "
    "the contract is in Callback Desk. Never give loan details to an unverified caller."
)
INVITE_CONTRACT = N_(" about contract {number}")
INVITE_SUBJECT = N_("Invitation: {bank} callback window, {time}")
INVITE_BODY = N_(
    "{person}, you are on duty when {bank} is expected to call: {time}. The invitation is attached."
)
NOBODY = N_("nobody")


def short_moment(moment: datetime, zone: tzinfo, language: str) -> str:
    """A date and time by the format policy, e.g. ``2026年12月8日 10:00``."""
    return formats.date_time_text(moment, zone, language)


def time_range(start: datetime, end: datetime, zone: tzinfo, language: str) -> str:
    """``2026年12月8日周二 10:00–12:00`` by the format policy."""
    return formats.moment_range_text(start, end, zone, language)


def translator(language: str) -> Translate:
    return translator_for(language)
