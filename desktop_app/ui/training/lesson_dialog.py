"""The lesson reader: a lesson's Markdown, "I have read this lesson", and the next one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.training.service import LessonStatus, TrainingService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.training.training_models import local_day


class LessonDialog(QDialog):
    """Shows the lessons of a path one at a time, starting at ``index``."""

    #: Emitted after a lesson was marked as read; carries its code.
    lesson_read = Signal(str)

    def __init__(
        self,
        training: TrainingService,
        hub: ChangeHub,
        actor: Actor,
        lessons: Sequence[LessonStatus],
        index: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._training = training
        self._hub = hub
        self._actor = actor
        self._lessons = list(lessons)
        self._read = {s.lesson.code: s.read_at for s in lessons}
        self.index = index
        self.setAccessibleName(_("Lesson"))
        self.position_label = QLabel()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDocumentMargin(16)
        self.browser.setAccessibleName(_("Lesson text"))
        self.read_label = QLabel()
        self.previous_button = QPushButton(_("&Previous lesson"))
        self.read_button = QPushButton(_("I have &read this lesson"))
        self.read_button.setDefault(True)
        self.next_button = QPushButton(_("&Next lesson"))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.read_label, 1)
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.position_label)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.read_button.clicked.connect(self._on_read_button_clicked)
        self.close_button.clicked.connect(self.accept)
        self.resize(820, 700)
        self.show_lesson(index)

    @property
    def code(self) -> str:
        return self._lessons[self.index].lesson.code

    def show_lesson(self, index: int) -> None:
        """Show the lesson at ``index`` of the path."""
        self.index = max(0, min(index, len(self._lessons) - 1))
        lesson = self._lessons[self.index].lesson
        self.setWindowTitle(lesson.title)
        self.position_label.setText(
            _("Lesson {number} of {total} · about {minutes} minutes").format(
                number=self.index + 1, total=len(self._lessons), minutes=lesson.minutes
            )
        )
        self.browser.setMarkdown(self._training.lesson_text(lesson.code))
        self.browser.setFocus()
        self._update_read()

    def _update_read(self) -> None:
        read_at = self._read.get(self.code)
        self.read_label.setText(
            _("Read on {date}").format(date=local_day(read_at)) if read_at else ""
        )
        self.read_button.setEnabled(read_at is None)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self._lessons) - 1)

    def mark_read(self) -> Operation:
        """Record the lesson shown as read, off the GUI thread."""
        code = self.code
        training, actor = self._training, self._actor
        operation = Operation(self, self._hub, lambda: training.mark_lesson_read(actor, code))
        operation.success(lambda read_at: self._on_marked_read(code, read_at))
        return operation.lock(self.read_button).run()

    def _on_marked_read(self, code: str, read_at: datetime) -> None:
        self._read[code] = read_at
        self._update_read()
        self.lesson_read.emit(code)

    def _on_previous_button_clicked(self) -> None:
        self.show_lesson(self.index - 1)

    def _on_next_button_clicked(self) -> None:
        self.show_lesson(self.index + 1)

    def _on_read_button_clicked(self) -> None:
        index = self.index
        operation = self.mark_read()
        operation.succeeded.connect(lambda _read_at: self._move_on_from(index))

    def _move_on_from(self, index: int) -> None:
        """After "read", the next lesson (unless the person moved elsewhere meanwhile)."""
        if self.index == index and index < len(self._lessons) - 1:
            self.show_lesson(index + 1)
