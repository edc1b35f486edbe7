"""What a reminder says and which snoozes it offers, worked out when it is read.

Rows keep only facts (kind, bank, window times, names in ``details``); the title and body are
translated here, in the language active when the desk reads them, and the snooze presets are
those that still make sense at that moment.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import (
    _,
    babel_locale_for,
    current_language,
    format_clock,
    format_day,
)
from desktop_app.core.models import Reminder
from desktop_app.core.reminders.types import (
    BEFORE_WINDOW_MARGIN,
    ReminderKind,
    ReminderState,
    ReminderView,
    SnoozePreset,
)

_MORNING = time(9, 0)


def join_names(names: list[str]) -> str:
    """Names as a list in the active language: "A, B and C" / "A、B和C"."""
    if not names:
        return ""
    from babel.lists import format_list

    return format_list(names, locale=babel_locale_for(current_language()))


def tomorrow_morning(now: datetime, zone: ZoneInfo) -> datetime:
    """09:00 on the next calendar day in ``zone``, as UTC-aware."""
    local = now.astimezone(zone)
    moment = datetime.combine(local.date() + timedelta(days=1), _MORNING, tzinfo=zone)
    return moment.astimezone(now.tzinfo)


def snooze_end(
    preset: SnoozePreset, now: datetime, window_starts_at: datetime | None, zone: ZoneInfo
) -> datetime | None:
    """When a snooze with ``preset`` ends; ``None`` when the preset has no meaning here."""
    if preset is SnoozePreset.TEN_MINUTES:
        return now + timedelta(minutes=10)
    if preset is SnoozePreset.ONE_HOUR:
        return now + timedelta(hours=1)
    if preset is SnoozePreset.BEFORE_WINDOW:
        return None if window_starts_at is None else window_starts_at - BEFORE_WINDOW_MARGIN
    return tomorrow_morning(now, zone)


def is_urgent(row: Reminder) -> bool:
    """The last warning before a window, or one passed on: it must not be snoozed past the start."""
    return bool(row.urgent) or row.kind in (ReminderKind.BE_AT_PHONE, ReminderKind.ESCALATED)


def snooze_presets(row: Reminder, now: datetime, zone: ZoneInfo) -> tuple[SnoozePreset, ...]:
    """The presets that still make sense for ``row`` now.

    A snooze must end before the reminder stops making sense (the window's end, the certificate's
    expiry); BEFORE_WINDOW only while more than 10 minutes are left before the window starts, and
    TOMORROW_MORNING only when tomorrow 09:00 is still before the window starts. An urgent one
    (the last warning, or one passed on) must be back before the window starts — else nobody is
    warned while the bank may call — so once the window runs it offers no snooze at all, and
    never tomorrow 09:00.
    """
    if row.state in (ReminderState.ACKNOWLEDGED, ReminderState.EXPIRED):
        return ()
    offered = []
    for preset in SnoozePreset:
        end = snooze_end(preset, now, row.window_starts_at, zone)
        if end is None or end <= now:
            continue
        if is_urgent(row) and (
            preset is SnoozePreset.TOMORROW_MORNING
            or (row.window_starts_at is not None and end >= row.window_starts_at)
        ):
            continue
        if row.expires_at is not None and end >= row.expires_at:
            continue
        if preset is SnoozePreset.BEFORE_WINDOW and (
            row.window_starts_at is None or row.window_starts_at - now <= BEFORE_WINDOW_MARGIN
        ):
            continue
        if (
            preset is SnoozePreset.TOMORROW_MORNING
            and row.window_starts_at is not None
            and end >= row.window_starts_at
        ):
            continue
        offered.append(preset)
    return tuple(offered)


def _span(row: Reminder, zone: ZoneInfo) -> dict[str, str]:
    """The window's name, day and times as the texts fill them in (in the org's time zone)."""
    details: dict[str, Any] = row.details or {}
    starts = row.window_starts_at.astimezone(zone) if row.window_starts_at else None
    ends = row.window_ends_at.astimezone(zone) if row.window_ends_at else None
    if starts is not None and ends is not None:
        when = formats.moment_range_text(starts, ends, zone)
    else:
        when = "—"
    return {
        "bank": row.bank_name,
        "window": details.get("title") or _("Contact window"),
        "when": when,
        "time": format_clock(starts) if starts else "—",
        "day": format_day(starts.date()) if starts else "—",
        "contract": details.get("contract_number") or "",
    }


def _sentences(*parts: str) -> str:
    """Sentences one after the other (with a space in English, none in Chinese)."""
    text = parts[0]
    for part in parts[1:]:
        text = _("{first} {second}").format(first=text, second=part)
    return text


def _about(span: dict[str, str]) -> str:
    """The window in one sentence, with its contract when it has one."""
    if span["contract"]:
        return _("{window} ({contract}): {when}.").format(**span)
    return _("{window}: {when}.").format(**span)


def title_and_body(row: Reminder, zone: ZoneInfo) -> tuple[str, str]:
    """The reminder's title and body in the active language."""
    details: dict[str, Any] = row.details or {}
    kind = row.kind
    if kind == ReminderKind.CERTIFICATION:
        expires = row.expires_at
        day = format_day(expires.astimezone(zone).date()) if expires else "—"
        return (
            _("Your certificate expires on {day}").format(day=day),
            _(
                "Take the quiz again on the Training page before then, "
                "or you can no longer be on duty for a bank's call."
            ),
        )
    span = _span(row, zone)
    about = _about(span)
    if kind == ReminderKind.COVERAGE_GAP:
        names = list(details.get("suggestions") or [])
        if names:
            advice = _("Could cover: {names}.").format(names=join_names(names))
        else:
            advice = _("Nobody else is available and certified for all of it.")
        title = _("Nobody can take {bank}'s window on {day}").format(**span)
        return (title, _sentences(about, advice))
    if kind == ReminderKind.ESCALATED:
        passed = _("{name} has not confirmed being at the phone; you are next.").format(
            name=details.get("from_name") or "—"
        )
        return (
            _("Please cover: {bank} may call from {time}").format(**span),
            _sentences(passed, about),
        )
    if kind == ReminderKind.BE_AT_PHONE:
        return (_("Be at your phone: {bank} may call from {time}").format(**span), about)
    parts = [about, _("Have the checklist and its evidence ready.")]
    on_duty = details.get("on_duty")
    if on_duty and details.get("backup"):
        parts.append(_("{name} is on duty; you are a backup.").format(name=on_duty))
    return (_("Prepare for {bank}'s call on {day}").format(**span), _sentences(*parts))


def reminder_view(row: Reminder, now: datetime, zone: ZoneInfo) -> ReminderView:
    """The row as the desk shows it."""
    title, body = title_and_body(row, zone)
    snoozed = row.state == ReminderState.SNOOZED and row.snoozed_until is not None
    return ReminderView(
        id=row.id,
        kind=row.kind,
        person_id=row.person_id,
        due_at=row.snoozed_until if snoozed else row.due_at,  # type: ignore[arg-type]
        title=title,
        body=body,
        occurrence_key=row.occurrence_key,
        window_starts_at=row.window_starts_at,
        window_ends_at=row.window_ends_at,
        contract_id=row.contract_id,
        bank_name=row.bank_name,
        state=row.state,
        missed=row.shown_missed or (row.state == ReminderState.EXPIRED and row.shown_at is None),
        urgent=row.urgent,
        snooze_presets=snooze_presets(row, now, zone),
    )
