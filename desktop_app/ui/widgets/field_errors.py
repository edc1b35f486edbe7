"""Shows a ValidationError's problems next to the fields they name, translated."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.core.common.errors import ValidationError
from desktop_app.ui.style import set_tone


def error_label(parent: QWidget | None = None) -> QLabel:
    """A hidden red label to place under a field."""
    label = QLabel(parent)
    label.setProperty("role", "fieldError")
    set_tone(label, "error")
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """Maps field names to their error labels."""

    def __init__(self, labels: dict[str, QLabel], fallback: QLabel) -> None:
        self._labels = labels
        self._fallback = fallback

    def clear(self) -> None:
        for label in [*self._labels.values(), self._fallback]:
            label.clear()
            label.hide()

    def show(self, error: ValidationError) -> None:
        """Show each problem at its field; problems of unknown fields go to the fallback label."""
        self.clear()
        for problem in error.problems:
            label = self._labels.get(problem.field.split(".")[0], self._fallback)
            text = problem.text()
            label.setText(f"{label.text()}\n{text}".strip() if label.text() else text)
            label.show()
