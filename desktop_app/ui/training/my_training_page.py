"""Training › My training: my path and its lessons, the quiz, my certificate, my refreshers and
my past attempts. After a change elsewhere they are re-read off the GUI thread, once shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.training.quiz import Quiz
from desktop_app.core.training.records import AttemptView, CertState
from desktop_app.core.training.service import PathProgress, TrainingService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.training.certificate_dialog import CertificateDialog
from desktop_app.ui.training.lesson_dialog import LessonDialog
from desktop_app.ui.training.quiz_dialog import QuizDialog
from desktop_app.ui.training.review import ReviewDialog
from desktop_app.ui.training.training_models import AttemptsModel, LessonsModel, local_day
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.tables import make_table

Dialog = LessonDialog | QuizDialog | ReviewDialog


class MyTrainingPage(QWidget):
    """The acting person's own training."""

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
        self.progress: PathProgress | None = None
        self.dialog: Dialog | None = None
        self.certificate_dialog: CertificateDialog | None = None
        self.setAccessibleName(_("My training"))

        self.path_combo = QComboBox()
        self.path_combo.setAccessibleName(_("Training path"))
        course = training.course()
        for path in course.paths:
            self.path_combo.addItem(path.title, path.code)
        self.path_combo.setCurrentIndex(
            max(0, self.path_combo.findData(training.default_path(actor.role)))
        )
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(_("Lessons read"))
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(8)
        path_row = QHBoxLayout()
        path_row.addWidget(QLabel(_("Training path")))
        path_row.addWidget(self.path_combo)
        path_row.addSpacing(16)
        path_row.addWidget(self.progress_label)
        path_row.addWidget(self.progress_bar, 1)

        self.lessons_model = LessonsModel(self)
        self.lessons_table = make_table(_("Lessons"))
        self.lessons_table.setModel(self.lessons_model)
        self.read_button = QPushButton(_("&Read the lesson…"))
        self.quiz_button = QPushButton(_("Take the &quiz…"))
        self.refresher_button = QPushButton()
        self.certificate_button = QPushButton(_("Certi&ficate…"))
        self.certificate_button.setAccessibleName(_("Certificate and PDF"))
        actions = QHBoxLayout()
        for button in (
            self.read_button,
            self.quiz_button,
            self.refresher_button,
            self.certificate_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        lessons_box = QGroupBox(_("Lessons"))
        lessons_layout = QVBoxLayout(lessons_box)
        lessons_layout.addWidget(self.lessons_table)
        lessons_layout.addLayout(actions)

        self.attempts_model = AttemptsModel(self)
        self.attempts_model.path_titles = {p.code: p.title for p in course.paths}
        self.attempts_table = make_table(_("My attempts"))
        self.attempts_table.setModel(self.attempts_model)
        self.attempts_empty = QLabel(_("No attempts yet."))
        self.attempts_empty.setObjectName("emptyState")
        self.review_button = QPushButton(_("Re&view…"))
        self.review_button.setAccessibleName(_("Review the attempt"))
        review_row = QHBoxLayout()
        review_row.addStretch(1)
        review_row.addWidget(self.review_button)
        attempts_box = QGroupBox(_("My attempts"))
        attempts_layout = QVBoxLayout(attempts_box)
        attempts_layout.addWidget(self.attempts_table)
        attempts_layout.addWidget(self.attempts_empty)
        attempts_layout.addLayout(review_row)

        layout = QVBoxLayout(self)
        layout.addLayout(path_row)
        layout.addWidget(self.description_label)
        layout.addWidget(self.status_label)
        layout.addWidget(lessons_box, 3)
        layout.addWidget(attempts_box, 2)

        self.path_combo.currentIndexChanged.connect(self._on_path_combo_changed)
        self.read_button.clicked.connect(self._on_read_button_clicked)
        self.lessons_table.activated.connect(self._on_lessons_table_activated)
        self.quiz_button.clicked.connect(self._on_quiz_button_clicked)
        self.refresher_button.clicked.connect(self._on_refresher_button_clicked)
        self.certificate_button.clicked.connect(self._on_certificate_button_clicked)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.attempts_table.activated.connect(self._on_attempts_table_activated)
        self.attempts_table.selectionModel().selectionChanged.connect(self._update_buttons)
        #: Re-reads my progress after a change elsewhere, off the GUI thread.
        self.background_read = BackgroundRead(self, self._read, self._show_read)
        self.reload()

    @property
    def path_code(self) -> str:
        return str(self.path_combo.currentData())

    def reload(self) -> None:
        """Re-read my progress on the chosen path and my attempts, now."""
        self._show_read(self._read()())

    def refresh(self) -> None:
        """Re-read after a change elsewhere: off the GUI thread, and only once shown."""
        self.background_read.request()

    def _read(self) -> Callable[[], tuple[str, PathProgress, list[AttemptView]]]:
        training, actor, path = self._training, self._actor, self.path_code
        return lambda: (path, training.progress(actor, path), training.attempts(actor))

    def _show_read(self, read: tuple[str, PathProgress, list[AttemptView]]) -> None:
        path, progress, attempts = read
        if path != self.path_code:
            return  # another path was chosen meanwhile, and read then
        self.progress = progress
        self.description_label.setText(progress.path.description)
        self.lessons_model.set_rows(progress.lessons)
        self.lessons_table.resizeColumnsToContents()
        self.progress_bar.setRange(0, progress.lessons_total)
        self.progress_bar.setValue(progress.lessons_read)
        self.progress_label.setText(
            _("{read} of {total} lessons read").format(
                read=progress.lessons_read, total=progress.lessons_total
            )
        )
        self._show_status(progress)
        self.attempts_model.set_rows(attempts)
        self.attempts_table.resizeColumnsToContents()
        self.attempts_table.setVisible(bool(attempts))
        self.attempts_empty.setVisible(not attempts)
        due = progress.refreshers_due
        self.refresher_button.setText(
            ngettext(
                "Refresher: {count} question due…", "Refresher: {count} questions due…", due
            ).format(count=due)
            if due
            else _("No refresher due")
        )
        self._update_buttons()
        self.refreshed.emit()

    def _show_status(self, progress: PathProgress) -> None:
        certificate = progress.certificate
        until = local_day(certificate.expires_at) if certificate else ""
        if progress.state == CertState.VALID:
            text = _("Certified until {date}.").format(date=until)
            name = "infoBanner"
        elif progress.state == CertState.EXPIRING:
            text = _(
                "Your certificate expires on {date}. Take the quiz again to renew it; you keep "
                "the days left."
            ).format(date=until)
            name = "warningBanner"
        elif progress.state == CertState.EXPIRED:
            text = _("Your certificate expired on {date}. Take the quiz again to renew it.").format(
                date=until
            )
            name = "warningBanner"
        elif progress.ready_for_quiz:
            text = _("Every lesson is read: take the quiz to get your certificate.")
            name = "infoBanner"
        else:
            text = _(
                "Not certified yet. Read the lessons of your path, then pass its quiz "
                "({percent}% to pass)."
            ).format(percent=progress.path.pass_percent)
            name = "infoBanner"
        self.status_label.setObjectName(name)
        self.status_label.setText(text)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def _update_buttons(self, *_args: object) -> None:
        progress = self.progress
        self.quiz_button.setEnabled(progress is not None and progress.ready_for_quiz)
        self.quiz_button.setToolTip(
            "" if self.quiz_button.isEnabled() else _("Read every lesson of the path first.")
        )
        self.refresher_button.setEnabled(progress is not None and progress.refreshers_due > 0)
        self.certificate_button.setEnabled(
            progress is not None and progress.certificate is not None
        )
        self.review_button.setEnabled(self.attempts_table.currentIndex().isValid())

    # ------------------------------------------------------------------ dialogs

    def _replace_dialog(self, dialog: Dialog) -> Dialog:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_lesson(self, index: int) -> LessonDialog | None:
        """Open the reader at the ``index``-th lesson of the path."""
        if self.progress is None or not self.progress.lessons:
            return None
        dialog = LessonDialog(
            self._training, self._hub, self._actor, self.progress.lessons, index, self
        )
        self._replace_dialog(dialog)
        return dialog

    def _open_quiz(self, quiz: Quiz, title: str) -> QuizDialog:
        dialog = QuizDialog(self._training, self._hub, self._actor, quiz, title, self)
        dialog.certificate_requested.connect(self._on_dialog_certificate_requested)
        self._replace_dialog(dialog)
        return dialog

    def open_quiz(self, seed: int | None = None) -> QuizDialog | None:
        """Start the chosen path's quiz."""
        try:
            quiz = self._training.start_quiz(self._actor, self.path_code, seed=seed)
        except DeskError as error:
            QMessageBox.warning(self, _("Training"), error.text())
            return None
        assert self.progress is not None
        return self._open_quiz(quiz, _("Quiz: {path}").format(path=self.progress.path.title))

    def open_refresher(self, seed: int | None = None) -> QuizDialog | None:
        """Start a refresher of the questions due."""
        try:
            quiz = self._training.start_refresher(self._actor, seed=seed)
        except DeskError as error:
            QMessageBox.warning(self, _("Training"), error.text())
            return None
        return self._open_quiz(quiz, _("Refresher"))

    def open_certificate(self, certificate_id: int | None = None) -> CertificateDialog | None:
        """Show a certificate (mine on this path by default) to save it as PDF."""
        if certificate_id is None:
            if self.progress is None or self.progress.certificate is None:
                return None
            certificate_id = self.progress.certificate.id
        # Kept apart from the other dialogs: it may open over the quiz that earned it.
        if self.certificate_dialog is not None:
            self.certificate_dialog.deleteLater()
        self.certificate_dialog = CertificateDialog(
            self._training, self._actor, certificate_id, self
        )
        self.certificate_dialog.open()
        return self.certificate_dialog

    def open_review(self, attempt_id: int) -> ReviewDialog:
        dialog = ReviewDialog(self._training, self._actor, attempt_id, self)
        return self._replace_dialog(dialog)  # type: ignore[return-value]

    # ------------------------------------------------------------------ handlers

    def _on_path_combo_changed(self, _index: int) -> None:
        self.reload()

    def _on_read_button_clicked(self) -> None:
        index = self.lessons_table.currentIndex()
        if index.isValid():
            self.open_lesson(index.row())
            return
        unread = [
            i for i, s in enumerate(self.progress.lessons if self.progress else ()) if not s.read_at
        ]
        self.open_lesson(unread[0] if unread else 0)

    def _on_lessons_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_lesson(index.row())

    def _on_quiz_button_clicked(self) -> None:
        self.open_quiz()

    def _on_refresher_button_clicked(self) -> None:
        self.open_refresher()

    def _on_certificate_button_clicked(self) -> None:
        self.open_certificate()

    def _on_dialog_certificate_requested(self, certificate_id: int) -> None:
        self.open_certificate(certificate_id)

    def _on_review_button_clicked(self) -> None:
        index = self.attempts_table.currentIndex()
        if index.isValid():
            self.open_review(self.attempts_model.row_at(index.row()).id)

    def _on_attempts_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_review(self.attempts_model.row_at(index.row()).id)
