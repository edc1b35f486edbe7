"""Taking a quiz: one question at a time, then the result and a review with the explanations.

Everything works from the keyboard: Tab and the arrow keys move between choices, Space ticks one,
the keys 1–9 (or A–I) tick a choice directly, Enter goes to the next question, Alt+B goes back.
Long choices wrap: each choice is a button named after its text (for screen readers) beside a
label that can be clicked too. Nothing is stored until the answers are submitted; Escape does not
throw the answers away by accident.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.training.quiz import PATH_QUIZ, Quiz, QuizQuestion
from desktop_app.core.training.service import QuizSubmission, TrainingService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.training.review import review_html
from desktop_app.ui.training.training_models import local_day

LETTERS = "ABCDEFGHI"


class ChoiceLabel(QLabel):
    """A wrapping label that ticks its choice when clicked."""

    #: Emitted when the label is clicked.
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class QuizDialog(QDialog):
    """Asks the questions of ``quiz`` and submits the answers."""

    #: Emitted after the answers were stored; carries the QuizSubmission.
    quiz_submitted = Signal(object)
    #: Emitted when the person asks for the certificate the quiz earned; carries its id.
    certificate_requested = Signal(int)

    def __init__(
        self,
        training: TrainingService,
        hub: ChangeHub,
        actor: Actor,
        quiz: Quiz,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._training = training
        self._hub = hub
        self._actor = actor
        self.quiz = quiz
        self.answers: dict[str, set[int]] = {}
        self.index = 0
        self.submission: QuizSubmission | None = None
        self._buttons: list[QAbstractButton] = []
        self._group: QButtonGroup | None = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        self.title_label = QLabel(title)
        self.title_label.setObjectName("pageTitle")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_question_page())
        self.pages.addWidget(self._build_result_page())
        self.pages.addWidget(self._build_review_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.pages, 1)
        self.resize(760, 560)
        self.show_question(0)

    # ------------------------------------------------------------------ building

    def _build_question_page(self) -> QWidget:
        page = QWidget()
        self.position_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, self.quiz.total)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(6)
        self.progress_bar.setAccessibleName(_("Questions answered"))
        self.scenario_label = QLabel(_("Scenario"))
        self.scenario_label.setObjectName("infoBanner")
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.prompt_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("emptyState")
        self.choices_box = QWidget()
        self.choices_layout = QVBoxLayout(self.choices_box)
        self.choices_layout.setContentsMargins(0, 0, 0, 0)
        self.answered_label = QLabel()
        self.back_button = QPushButton(_("&Back"))
        self.next_button = QPushButton(_("&Next"))
        self.submit_button = QPushButton(_("&Submit answers"))
        self.leave_button = QPushButton(_("Leave the quiz"))
        self.back_button.setAccessibleName(_("Previous question"))
        self.next_button.setAccessibleName(_("Next question"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.leave_button)
        buttons.addWidget(self.answered_label, 1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.submit_button)
        top = QHBoxLayout()
        top.addWidget(self.position_label)
        top.addStretch(1)
        top.addWidget(self.scenario_label)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addSpacing(8)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.choices_box)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.submit_button.clicked.connect(self._on_submit_button_clicked)
        self.leave_button.clicked.connect(self.reject)
        return page

    def _build_result_page(self) -> QWidget:
        page = QWidget()
        self.result_label = QLabel()
        self.result_label.setObjectName("pageTitle")
        self.result_label.setWordWrap(True)
        self.result_detail = QLabel()
        self.result_detail.setWordWrap(True)
        self.review_button = QPushButton(_("&Review answers"))
        self.certificate_button = QPushButton(_("&Certificate…"))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.certificate_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result_detail)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.certificate_button.clicked.connect(self._on_certificate_button_clicked)
        self.close_button.clicked.connect(self.accept)
        return page

    def _build_review_page(self) -> QWidget:
        page = QWidget()
        self.review_browser = QTextBrowser()
        self.review_browser.setAccessibleName(_("Questions, answers and explanations"))
        back = QPushButton(_("Back to the result"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(back)
        buttons.addWidget(close)
        layout = QVBoxLayout(page)
        layout.addWidget(self.review_browser, 1)
        layout.addLayout(buttons)
        return page

    # ------------------------------------------------------------------ questions

    @property
    def question(self) -> QuizQuestion:
        return self.quiz.questions[self.index]

    def show_question(self, index: int) -> None:
        """Show question ``index`` (0-based) with the answer given so far ticked."""
        self.index = max(0, min(index, self.quiz.total - 1))
        question = self.question
        self.position_label.setText(
            _("Question {number} of {total}").format(number=self.index + 1, total=self.quiz.total)
        )
        self.scenario_label.setVisible(question.scenario)
        self.prompt_label.setText(question.prompt)
        self.hint_label.setText(
            _("Choose every answer that applies.") if question.multiple else _("Choose one answer.")
        )
        while self.choices_layout.count():
            item = self.choices_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deletion waits for the event loop
                widget.deleteLater()
        if self._group is not None:
            self._group.buttonToggled.disconnect(self._on_group_button_toggled)
            self._group.deleteLater()
        self._group = QButtonGroup(self.choices_box)
        self._group.setExclusive(not question.multiple)
        self._buttons = []
        chosen = self.answers.get(question.id, set())
        for position, choice in enumerate(question.choices):
            button: QAbstractButton = (
                QCheckBox(LETTERS[position])
                if question.multiple
                else QRadioButton(LETTERS[position])
            )
            button.setAccessibleName(choice.text)
            button.setAccessibleDescription(question.prompt)
            button.setChecked(choice.key in chosen)
            label = ChoiceLabel(choice.text)
            label.setWordWrap(True)
            label.clicked.connect(button.click)
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 2, 0, 2)
            row_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            row_layout.addWidget(label, 1)
            self._group.addButton(button, choice.key)
            self._buttons.append(button)
            self.choices_layout.addWidget(row)
        self._group.buttonToggled.connect(self._on_group_button_toggled)
        if self._buttons:
            self._buttons[0].setFocus()
        last = self.index == self.quiz.total - 1
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setVisible(not last)
        self.submit_button.setVisible(last)
        (self.submit_button if last else self.next_button).setDefault(True)
        self._update_answered()

    def choose(self, position: int) -> None:
        """Tick (or, for a multiple-answer question, toggle) the choice at ``position``."""
        if 0 <= position < len(self._buttons):
            button = self._buttons[position]
            if self.question.multiple:
                button.toggle()
            else:
                button.setChecked(True)
            button.setFocus()

    def _update_answered(self) -> None:
        answered = sum(1 for keys in self.answers.values() if keys)
        self.progress_bar.setValue(answered)
        self.answered_label.setText(
            _("{answered} of {total} answered").format(answered=answered, total=self.quiz.total)
        )

    def _on_group_button_toggled(self, button: QAbstractButton, _checked: bool) -> None:
        assert self._group is not None
        self.answers[self.question.id] = {
            self._group.id(b) for b in self._group.buttons() if b.isChecked()
        }
        self._update_answered()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().upper()
        if self.pages.currentIndex() == 0 and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            if text and text in "123456789":
                self.choose(int(text) - 1)
                return
            if text and text in LETTERS:
                self.choose(LETTERS.index(text))
                return
            if event.key() == Qt.Key.Key_Escape:
                return  # answers are only left behind with "Leave the quiz"
        super().keyPressEvent(event)

    def _on_back_button_clicked(self) -> None:
        self.show_question(self.index - 1)

    def _on_next_button_clicked(self) -> None:
        self.show_question(self.index + 1)

    # ------------------------------------------------------------------ result

    def submit(self) -> Operation:
        """Store the answers given (off the GUI thread) and show the result."""
        training, actor, quiz = self._training, self._actor, self.quiz
        answers = {question: set(keys) for question, keys in self.answers.items()}  # a copy
        operation = Operation(self, self._hub, lambda: training.submit(actor, quiz, answers))
        return operation.success(self._on_submitted).lock(self.submit_button).run()

    def _on_submitted(self, submission: QuizSubmission) -> None:
        self.submission = submission
        self._show_result(submission)
        self.quiz_submitted.emit(submission)

    def _on_submit_button_clicked(self) -> None:
        self.submit()

    def _show_result(self, submission: QuizSubmission) -> None:
        result = submission.result
        scored = _("{score} of {total} right ({percent}%)").format(
            score=result.score, total=result.total, percent=result.percent
        )
        if self.quiz.kind != PATH_QUIZ:
            headline = _("Done: {score}").format(score=scored)
        elif result.passed:
            headline = _("Passed: {score}").format(score=scored)
        else:
            headline = _("Not passed: {score}").format(score=scored)
        details = []
        if self.quiz.kind == PATH_QUIZ:
            details.append(_("The pass mark is {percent}%.").format(percent=self.quiz.pass_percent))
        if submission.certificate is not None:
            details.append(
                _("Your certificate is valid until {date}.").format(
                    date=local_day(submission.certificate.expires_at)
                )
            )
        elif self.quiz.kind == PATH_QUIZ:
            details.append(
                _("Review the explanations, then take the quiz again when you are ready.")
            )
        wrong = len(result.wrong)
        if wrong:
            details.append(
                ngettext(
                    "The question you got wrong will come back as a short refresher.",
                    "The {count} questions you got wrong will come back as short refreshers.",
                    wrong,
                ).format(count=wrong)
            )
        self.result_label.setText(headline)
        self.result_detail.setText("\n".join(details))
        self.certificate_button.setVisible(submission.certificate is not None)
        self.review_browser.setHtml(
            review_html(self._training.review(self._actor, submission.attempt.id))
        )
        self.pages.setCurrentIndex(1)
        self.review_button.setFocus()

    def _on_review_button_clicked(self) -> None:
        self.pages.setCurrentIndex(2)
        self.review_browser.setFocus()

    def _on_certificate_button_clicked(self) -> None:
        if self.submission is not None and self.submission.certificate is not None:
            self.certificate_requested.emit(self.submission.certificate.id)
