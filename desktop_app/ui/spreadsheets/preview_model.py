"""The preview of an import: one line per row of the file, with its problems and warnings."""

from __future__ import annotations

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.register.import_export.plan import PlannedRow
from desktop_app.ui.widgets.rows_model import Column, RowsModel


def _messages(row: PlannedRow) -> str:
    parts = [f"{p.column}: {p.text()}" if p.column else p.text() for p in row.problems]
    parts += [
        _("Note: {text}").format(text=f"{w.column}: {w.text()}" if w.column else w.text())
        for w in row.warnings
    ]
    return " · ".join(parts)


class PreviewModel(RowsModel[PlannedRow]):
    """Rows of the file as they would be imported."""

    ROW, STATE, RECORD, MESSAGES = range(4)
    COLUMNS = (
        Column(N_("Row"), lambda r: str(r.row), align_right=True),
        Column(
            N_("Result"),
            lambda r: _("Ready") if r.ok else _("Problem"),
            tone=lambda r: "" if r.ok else "warning",
        ),
        Column(N_("Record"), lambda r: r.label),
        Column(N_("Problems and notes"), _messages, tone=lambda r: "" if r.ok else "warning"),
    )
