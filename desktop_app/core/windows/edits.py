"""Two desks editing the same contact window: what the conflict dialog lists, and re-applying.

A stale save of a window becomes a ConflictError through :func:`versions.guarded` with
:data:`WINDOW_EDITS` (the window editor's fields with their labels). Re-applying one's changes
leaves the fields the person did not change as stored; the rule is one piece (its preset, its RRULE
and the numbers they need cannot be mixed from two versions), and the merged window is checked again
as a whole by :func:`reapplied_draft`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit, versions
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.versions import FieldSpec, RecordSpec
from desktop_app.core.models import Bank, ContactWindow
from desktop_app.core.windows.drafts import KINDS, WindowDraft
from desktop_app.core.windows.rules import PRESET_LABELS, WindowPreset, day_of_month_in
from desktop_app.core.windows.views import rule_words, window_view

# The fields of the rule as the editor shows them: taken all from the stored window, or all from
# the form (with the RRULE they are stored as).
RULE_FIELDS = frozenset(
    {
        "kind",
        "preset",
        "day_of_month",
        "custom_rule",
        "first_working_days",
        "after_drawdown_months",
        "working_days_only",
    }
)
_DAY_PRESETS = (WindowPreset.MONTHLY_ON_DAY.value, WindowPreset.QUARTERLY_ON_DAY.value)


def as_edited(values: Mapping[str, Any]) -> dict[str, Any]:
    """A window's plain values with the rule's fields as the editor has them: the day of the
    month of a monthly or quarterly preset, and the RRULE typed for a custom one."""
    rule = str(values.get("rrule") or "")
    preset = values.get("preset")
    return {
        **values,
        "day_of_month": day_of_month_in(rule) if preset in _DAY_PRESETS else None,
        "custom_rule": rule if preset == WindowPreset.CUSTOM.value else "",
    }


def _read_window(session: Session, window_id: int) -> tuple[int, str, dict[str, Any]] | None:
    window = session.get(ContactWindow, window_id)
    if window is None:
        return None
    bank = session.scalar(select(Bank.name).where(Bank.id == window.bank_id)) or ""
    title = window.title or f"{bank} · {rule_words(window)}"
    return window.version, title, audit.snapshot(window)


PRESETS = {preset.value: label for preset, label in PRESET_LABELS.items()}

# What the conflict dialog lists for a contact window, in the editor's order.
WINDOW_EDITS = RecordSpec(
    kind="contact_window",
    message=N_("Someone else changed this contact window meanwhile."),
    fields=(
        FieldSpec("bank_id", N_("Bank"), ref="bank"),
        FieldSpec("contract_id", N_("Contract"), ref="contract"),
        FieldSpec("title", N_("Subject")),
        FieldSpec("kind", N_("Kind"), "choice", KINDS),
        FieldSpec("preset", N_("Rule"), "choice", PRESETS),
        FieldSpec("day_of_month", N_("Day of the month")),
        FieldSpec("first_working_days", N_("Working days")),
        FieldSpec("after_drawdown_months", N_("Months after the drawdown")),
        FieldSpec("custom_rule", N_("Rule (RRULE)")),
        FieldSpec("working_days_only", N_("Working days only"), "flag"),
        FieldSpec("starts", N_("Time of day: from"), "clock"),
        FieldSpec("ends", N_("Time of day: until"), "clock"),
        FieldSpec("one_off_start", N_("Appointment starts"), "moment"),
        FieldSpec("one_off_end", N_("Appointment ends"), "moment"),
        FieldSpec("timezone", N_("Time zone")),
        FieldSpec("valid_from", N_("Valid from"), "date"),
        FieldSpec("valid_until", N_("Valid until"), "date"),
        FieldSpec("note", N_("Note")),
        FieldSpec("active", N_("Active"), "flag"),
    ),
    entities={"contact_window": {}},
    read=_read_window,
    derive=as_edited,
)


def kept_fields(keep: Collection[str]) -> frozenset[str]:
    """``keep`` with the rule whole: when the person changed any part of it, all of it comes
    from their form."""
    keep = frozenset(keep)
    return keep | {"rrule"} if keep >= RULE_FIELDS else keep - RULE_FIELDS


def reapplied_draft(
    window: ContactWindow, values: Mapping[str, Any], keep: Collection[str]
) -> WindowDraft:
    """The form's ``values`` with the fields in ``keep`` as ``window`` stores them, as a draft to
    check again (a one-off made recurring meanwhile keeps no appointment times, and so on)."""
    stored = {name: getattr(window, name) for name in values}
    merged = versions.kept(values, stored, kept_fields(keep))
    draft_of = ContactWindow(id=window.id, active=window.active, version=window.version, **merged)
    return window_view(draft_of, "", "").draft()
