"""Reviewing an attempt: every question with the answer given, the right answer and why."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.common.i18n import _, format_moment, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.training.review import AttemptReview, ReviewItem
from desktop_app.core.training.service import TrainingService
from desktop_app.ui.style import colours


def _item_html(item: ReviewItem) -> str:
    e = html.escape
    scheme = colours()
    RIGHT, WRONG = scheme.success, scheme.error  # noqa: N806 (read as the constants they were)
    word = _("Right") if item.correct else _("Wrong")
    verdict = f'<span style="color:{RIGHT if item.correct else WRONG};">{e(word)}</span>'
    parts = [f"<h3>{item.number}. {e(item.prompt)} — {verdict}</h3><ul>"]
    for choice in item.choices:
        marks = []
        if choice.chosen:
            marks.append(_("your answer"))
        if choice.correct:
            marks.append(_("right answer"))
        text = e(choice.text)
        if choice.correct:
            text = f"<b>{text}</b>"
        note = " <i>(" + e(_(", ").join(marks)) + ")</i>" if marks else ""
        colour = RIGHT if choice.correct else WRONG if choice.chosen else scheme.text
        parts.append(f'<li style="color:{colour};">{text}{note}</li>')
    parts.append("</ul>")
    if not any(choice.chosen for choice in item.choices) and item.choices:
        parts.append("<p><i>" + e(_("Not answered.")) + "</i></p>")
    if item.explanation:
        parts.append(f"<p>{e(item.explanation)}</p>")
    return "".join(parts)


def review_html(review: AttemptReview) -> str:
    """The whole review as HTML for a text browser."""
    attempt = review.attempt
    head = _("{score} of {total} right ({percent}%), {when}").format(
        score=attempt.score,
        total=attempt.total,
        percent=attempt.percent,
        when=format_moment(attempt.finished_at),
    )
    body = "".join(_item_html(item) for item in review.items)
    return f"<html><body><p><b>{html.escape(head)}</b></p>{body}</body></html>"


class ReviewDialog(QDialog):
    """Shows one attempt question by question, with the explanations."""

    def __init__(
        self,
        training: TrainingService,
        actor: Actor,
        attempt_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Review of the quiz"))
        self.setAccessibleName(_("Review of the quiz"))
        self.review = training.review(actor, attempt_id)
        wrong = len(self.review.wrong)
        summary = QLabel(
            _("All answers were right.")
            if not wrong
            else ngettext(
                "Every question is listed with its explanation; the one answered wrongly shows "
                "the chosen answer in red.",
                "Every question is listed with its explanation; the {count} answered wrongly "
                "show the chosen answers in red.",
                wrong,
            ).format(count=wrong)
        )
        summary.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(_("Questions, answers and explanations"))
        self.browser.setHtml(review_html(self.review))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)
