"""The dialog shown when a save is refused because someone else changed the record meanwhile.

It says who saved it and when, and lists each field the other person changed with their value
and yours; "Reload theirs" refills the editor from the database (after a confirmation, since the
edits in the form are lost) and "Re-apply mine" saves your changes on top of the stored version,
leaving the fields you did not change as the other person saved them. Every editor of a
versioned record uses it through one :class:`ConflictResolver`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.conflicts import EditConflict, FieldChange, same_value
from desktop_app.core.common.errors import ConflictError
from desktop_app.core.common.i18n import N_, _, format_moment
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.tables import make_table

LONGEST = 160  # characters of a value shown in a cell; the rest is elided


def _cell(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _yours(change: FieldChange) -> str:
    if not change.you_changed:
        return _("(you did not change it: theirs is kept)")
    if same_value(change.kind, change.mine, change.theirs):
        return _("(the same as theirs)")
    return _cell(change.show(change.mine))


def _tone(change: FieldChange) -> str:
    clash = change.you_changed and not same_value(change.kind, change.mine, change.theirs)
    return "" if clash else "muted"


class ChangesModel(RowsModel[FieldChange]):
    """Field, their value, your value."""

    FIELD, THEIRS, YOURS = range(3)
    COLUMNS = (
        Column(N_("Field"), lambda c: c.label_text()),
        Column(N_("Their value"), lambda c: _cell(c.show(c.theirs))),
        Column(N_("Your value"), _yours, tone=_tone),
    )


def who_and_when(conflict: EditConflict) -> str:
    """ "Contract HT-1 was saved by 李娜 (desk 财务-2) at …, after you opened it."."""
    if not conflict.changed_by:
        return _("{kind} “{title}” was saved by someone else after you opened it.").format(
            kind=conflict.kind_text(), title=conflict.title
        )
    who = conflict.changed_by
    if conflict.desk:
        who = _("{name} (desk {desk})").format(name=who, desk=conflict.desk)
    return _("{kind} “{title}” was saved by {who} at {when}, after you opened it.").format(
        kind=conflict.kind_text(),
        title=conflict.title,
        who=who,
        when=format_moment(conflict.changed_at),
    )


class ConflictDialog(QDialog):
    """Someone else changed this record: who, when, what; reload theirs or re-apply mine."""

    #: The person chose to reload the stored record (and confirmed losing their edits).
    reload_chosen = Signal()
    #: The person chose to save their changes on top of the stored version.
    reapply_chosen = Signal()

    def __init__(self, error: ConflictError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.conflict = error.conflict
        self.setWindowTitle(_("Someone else changed this record"))
        self.setAccessibleName(_("Someone else changed this record"))
        heading = QLabel(_("Someone else changed this record"))
        heading.setObjectName("pageTitle")
        self.summary = QLabel(who_and_when(self.conflict) if self.conflict else error.text())
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        self.model = ChangesModel(self)
        self.table = make_table(_("What they changed"))
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ChangesModel.FIELD, QHeaderView.ResizeMode.ResizeToContents)
        self.others = QLabel()
        self.others.setWordWrap(True)
        self.others.setObjectName("emptyState")
        if self.conflict is not None:
            self.model.set_rows(self.conflict.changes)
            self.table.setMinimumWidth(680)
            self.table.resizeRowsToContents()
            self._fit_table()
            layout.addWidget(QLabel(_("What they changed:")))
            layout.addWidget(self.table)
            if not self.conflict.changes:
                self.others.setText(
                    _("They changed nothing this form shows (or only what you may not see).")
                )
                layout.addWidget(self.others)
            if len(self.conflict.authors) > 1:
                self.others.setText(
                    _("Saved since by: {names}.").format(names=", ".join(self.conflict.authors))
                )
                layout.addWidget(self.others)
        else:
            self.table.hide()
        explain = QLabel(
            _(
                "Reload theirs: the form shows the record as saved now; your edits are lost. "
                "Re-apply mine: your changes are saved on top of theirs; what you did not "
                "change keeps their value."
            )
            if self.conflict is not None
            else _("Reload theirs: the form shows the record as saved now; your edits are lost.")
        )
        explain.setWordWrap(True)
        explain.setObjectName("infoBanner")
        layout.addWidget(explain)
        self.buttons = QDialogButtonBox()
        self.reload_button = QPushButton(_("Reload theirs"))
        self.reapply_button = QPushButton(_("Re-apply mine"))
        self.cancel_button = QPushButton(_("Keep editing"))
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        if self.conflict is not None:
            self.buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(self._on_reload_clicked)
        self.reapply_button.clicked.connect(self._on_reapply_clicked)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.confirm_box: QMessageBox | None = None
        self.adjustSize()

    def _fit_table(self) -> None:
        """As tall as its rows (up to about ten), so a short list leaves no empty box."""
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        frame = 2 * self.table.frameWidth() + self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(min(frame + max(rows, 26) + 2, 320))

    def _on_reload_clicked(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Reload theirs"),
            _("Your edits in this form will be lost. Reload the record as saved now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(_("Reload theirs"))
        box.button(QMessageBox.StandardButton.No).setText(_("Keep editing"))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(self._on_confirm_finished)
        self.confirm_box = box
        box.open()

    def _on_confirm_finished(self, result: int) -> None:
        self.confirm_box = None
        if result == QMessageBox.StandardButton.Yes:
            self.accept()
            self.reload_chosen.emit()

    def _on_reapply_clicked(self) -> None:
        self.accept()
        self.reapply_chosen.emit()


def _weak(method: Callable[..., object]) -> Callable[[], Callable[..., object] | None]:
    """A weak reference to a bound method (the editor owns its resolver, not the reverse)."""
    if hasattr(method, "__self__"):
        return weakref.WeakMethod(method)
    return lambda: method


class ConflictResolver:
    """Shows the conflict dialog for one editor and carries out the person's choice.

    ``reload`` refills the editor from the database; ``reapply(version, keep)`` saves the form
    again naming ``version`` (the one stored now) and leaving the fields in ``keep`` as stored.
    A second conflict while re-applying simply comes back here and shows the dialog again. The
    editor keeps the resolver; the resolver holds the editor only weakly.
    """

    def __init__(
        self,
        editor: QWidget,
        reload: Callable[[], object],
        reapply: Callable[[int, frozenset[str]], object],  # what it returns is not used
    ) -> None:
        self._editor = weakref.ref(editor)
        self._reload = _weak(reload)
        self._reapply = _weak(reapply)
        self.dialog: ConflictDialog | None = None

    def show(self, error: ConflictError) -> ConflictDialog:
        """Open the dialog for ``error`` (window-modal: the editor stays visible behind it)."""
        dialog = ConflictDialog(error, self._editor())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.reload_chosen.connect(self._on_reload)
        dialog.reapply_chosen.connect(lambda: self._on_reapply(dialog))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: ConflictDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _on_reload(self) -> None:
        reload: Any = self._reload()
        if reload is not None:
            reload()

    def _on_reapply(self, dialog: ConflictDialog) -> None:
        conflict = dialog.conflict
        reapply: Any = self._reapply()
        if conflict is not None and reapply is not None:
            reapply(conflict.current_version, conflict.keep_theirs())
