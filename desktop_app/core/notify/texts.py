"""The words of digests, chat notices and invitations, in the language of whoever reads them.

Messages are marked with ``N_`` and translated with the reader's catalog (``translator_for``), and
times are formatted by Babel for that language in the company's time zone — never in the language
or zone of the desk that happened to produce them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from babel.dates import format_datetime, format_time

from desktop_app.core.common.i18n import N_, babel_locale_for, translator_for

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
    """A date and time as a reader expects it, e.g. ``12月8日 10:00`` or ``Dec 8, 10:00``."""
    local = moment.astimezone(zone)
    pattern = "M月d日 HH:mm" if language == "zh_CN" else "MMM d, HH:mm"
    return format_datetime(local, pattern, locale=babel_locale_for(language))


def time_range(start: datetime, end: datetime, zone: tzinfo, language: str) -> str:
    """``12月8日 10:00–12:00``: the start as :func:`short_moment`, the end as a time."""
    end_text = format_time(end.astimezone(zone), "HH:mm", locale=babel_locale_for(language))
    return f"{short_moment(start, zone, language)}–{end_text}"


def translator(language: str) -> Translate:
    return translator_for(language)
