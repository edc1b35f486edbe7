"""Training › Clause library: each active contract's callback clause as a study case, and practice
questions made from the company's own contracts.

What a case shows follows the contract service: without the permission to see loan details (the
front desk, trainees) the use of funds, the clause text and the consequences are not even read.
After a change elsewhere the library is re-read off the GUI thread, when the page is shown.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.contracts import (
    CADENCES,
    CALLERS,
    LOAN_TYPES,
    METHODS,
    TOPICS,
    ContractView,
)
from desktop_app.core.training.service import TrainingService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.training.quiz_dialog import QuizDialog
from desktop_app.ui.training.training_models import ClausesModel
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.tables import make_table


def _responders(contract: ContractView) -> str:
    names = []
    for responder in contract.responders:
        rank = (
            _("primary")
            if responder.rank == 1
            else _("backup {number}").format(number=responder.rank - 1)
        )
        label = _("{name} ({rank})").format(name=responder.name, rank=rank)
        if not responder.active:
            label = _("{name} (inactive)").format(name=label)
        names.append(label)
    return " › ".join(names) or _("None assigned")


def case_html(contract: ContractView) -> str:
    """A contract's clause as a study case."""
    e = html.escape
    separator = _(", ")
    topics = separator.join(_(TOPICS[t]) for t in contract.clause_topics if t in TOPICS) or "—"
    documents = separator.join(contract.clause_documents) or "—"
    rows = (
        (_("Who calls"), _(CALLERS.get(contract.clause_caller, CALLERS["other"]))),
        (_("How"), _(METHODS[contract.clause_method])),
        (_("How often"), _(CADENCES[contract.clause_cadence])),
        (_("Topics"), topics),
        (_("Documents to show"), documents),
        (_("Responders"), _responders(contract)),
    )
    parts = [
        f"<h2>{e(contract.contract_number)} · {e(contract.bank_name)}</h2>",
        f"<p>{e(_(LOAN_TYPES[contract.loan_type]))}"
        + (f" — {e(contract.title)}" if contract.title else "")
        + "</p>",
        "<h3>" + e(_("Structured reading")) + "</h3>",
        '<table cellspacing="0" cellpadding="4">',
        *(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows),
        "</table>",
    ]
    if contract.restricted:
        parts.append(
            "<p><i>"
            + e(_("The use of funds, the clause text and amounts are not shown to your role."))
            + "</i></p>"
        )
    else:
        for heading, text in (
            (_("Stated use of funds"), contract.purpose_of_funds),
            (_("Callback clause text"), contract.clause_text),
            (_("Consequences named in the contract"), contract.consequences),
        ):
            parts.append(f"<h3>{e(heading)}</h3><p>{e(text or '—')}</p>")
    active = [r.name for r in contract.responders if r.active]
    points = []
    if active:
        points.append(
            _(
                "When the bank calls about this contract, the front desk puts the call "
                "through to {names}, in that order."
            ).format(names=" › ".join(active))
        )
    else:
        points.append(_("Nobody active answers for this contract: tell the finance manager."))
    if contract.clause_method in ("on_site", "both"):
        points.append(_("The bank also checks on site: expect a visit, not only calls."))
    if contract.clause_documents and not contract.restricted:
        points.append(_("Keep the documents listed above up to date before each contact window."))
    parts.append("<h3>" + e(_("Study points")) + "</h3><ul>")
    parts += [f"<li>{e(point)}</li>" for point in points]
    parts.append("</ul>")
    return "<html><body>" + "".join(parts) + "</body></html>"


class ClauseLibraryPage(QWidget):
    """Active contracts on the left, the selected one's clause as a study case on the right."""

    #: Emitted after the page re-read and showed its data.
    refreshed = Signal()

    def __init__(
        self,
        training: TrainingService,
        hub: ChangeHub,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._training = training
        self._hub = hub
        self._actor = actor
        self.dialog: QuizDialog | None = None
        self.setAccessibleName(_("Clause library"))
        intro = QLabel(
            _(
                "The callback clauses of the company's active contracts, read as study cases. "
                "Practise with questions made from them: who answers, how and how often each "
                "bank checks."
            )
        )
        intro.setWordWrap(True)
        self.model = ClausesModel(self)
        self.table = make_table(_("Active contracts"))
        self.table.setModel(self.model)
        self.case_browser = QTextBrowser()
        self.case_browser.setAccessibleName(_("Study case"))
        self.empty_label = QLabel(
            _("No active contracts yet: the library fills as contracts are added.")
        )
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.case_browser)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.practice_button = QPushButton(_("&Practise on our contracts…"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.practice_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.practice_button.clicked.connect(self._on_practice_button_clicked)
        #: Re-reads the library after a change elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show)
        self.reload()

    def reload(self) -> None:
        """Re-read the active contracts now, keeping the selected one selected."""
        self._show(self._training.clause_library(self._actor))

    def refresh(self) -> None:
        """Re-read after a change elsewhere: off the GUI thread, and only once shown."""
        self.background_read.request()

    def _read(self) -> Callable[[], list[ContractView]]:
        training, actor = self._training, self._actor
        return lambda: training.clause_library(actor)

    def _show(self, contracts: list[ContractView]) -> None:
        selected = self.selected()
        self.model.set_rows(contracts)
        self.table.resizeColumnsToContents()
        self.splitter.setVisible(bool(contracts))
        self.empty_label.setVisible(not contracts)
        self.practice_button.setEnabled(bool(contracts))
        row = next(
            (i for i, c in enumerate(contracts) if selected and c.id == selected.id),
            0 if contracts else -1,
        )
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.case_browser.clear()
        self.refreshed.emit()

    def selected(self) -> ContractView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        contract = self.selected()
        if contract is not None:
            self.case_browser.setHtml(case_html(contract))

    def open_practice(self, seed: int | None = None) -> QuizDialog | None:
        """Start practice questions made from the contracts."""
        try:
            quiz = self._training.start_clause_practice(self._actor, seed=seed)
        except DeskError as error:
            QMessageBox.warning(self, _("Training"), error.text())
            return None
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = QuizDialog(
            self._training, self._hub, self._actor, quiz, _("Practice on our contracts"), self
        )
        self.dialog.open()
        return self.dialog

    def _on_practice_button_clicked(self) -> None:
        self.open_practice()
