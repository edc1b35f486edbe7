"""Contact windows themselves (the rules, not their dates) as rows of the Windows tab.

Each window shows its bank, contract, title, rule in words, time of day with its time zone, the
days it is valid and whether it is active; an inactive window is greyed. Times are the window's
own, in the bank's time zone, as the rule is written.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import N_, _, format_day
from desktop_app.core.common.zones import zone_name
from desktop_app.core.windows.service import WindowView
from desktop_app.ui.widgets.rows_model import Column, RowsModel


def times_text(window: WindowView) -> str:
    """ "09:30–11:30 (Asia/Shanghai)"; for an appointment its day too: "Dec 2, 2026 10:00–12:00
    (Asia/Shanghai)"."""
    if window.kind == "one_off" and window.one_off_start and window.one_off_end:
        zone = zoneinfo.ZoneInfo(window.timezone)
        span = formats.moment_range_text(window.one_off_start, window.one_off_end, zone)
    elif window.starts and window.ends:
        span = formats.time_range_text(window.starts, window.ends)
    else:
        return "—"
    return _("{span} ({zone})").format(span=span, zone=zone_name(window.timezone))


def validity_text(window: WindowView) -> str:
    """ "Jan 1, 2026 – …": the first and last day the rule applies, "—" when always."""
    if window.kind == "one_off" or not (window.valid_from or window.valid_until):
        return "—"
    first = format_day(window.valid_from) if window.valid_from else "…"
    last = format_day(window.valid_until) if window.valid_until else "…"
    return f"{first} – {last}"


def _tone(window: WindowView) -> str:
    return "" if window.active else "muted"


class RulesModel(RowsModel[WindowView]):
    """Windows, one per row, inactive ones greyed; the full description in the rule's tooltip."""

    BANK, CONTRACT, TITLE, RULE, TIMES, VALID, STATUS = range(7)
    COLUMNS: Sequence[Column[WindowView]] = (
        Column(N_("Bank"), lambda w: w.bank_name, tone=_tone),
        Column(N_("Contract"), lambda w: w.contract_number or _("All contracts"), tone=_tone),
        Column(N_("Subject"), lambda w: w.title or "—", tone=_tone),
        Column(N_("Rule"), lambda w: w.rule, tone=_tone),
        Column(N_("Time"), times_text, tone=_tone),
        Column(N_("Valid"), validity_text, tone=_tone),
        Column(N_("Status"), lambda w: _("Active") if w.active else _("Inactive"), tone=_tone),
    )

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == self.RULE
            and index.row() < self.rowCount()
        ):
            window = self.row_at(index.row())
            return "\n".join(filter(None, (window.description, window.note)))
        return super().data(index, role)

    def row_of_window(self, window_id: int) -> int:
        """The row showing window ``window_id``, or -1."""
        return next((i for i in range(self.rowCount()) if self.row_at(i).id == window_id), -1)
