"""A page built the first time it is shown, so that start-up builds only the home page.

Each screen reads its data when it is built; building the seven other screens at start-up cost
about a quarter of a second before the first paint (benchmarks/startup.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Holds a screen that a factory builds on first show (or first ``content()`` call)."""

    #: Emitted with the screen once it has been built.
    built = Signal(object)

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._content is not None

    def content(self) -> QWidget:
        """The screen, built now if it was not yet."""
        if self._content is None:
            self._content = self._factory()
            self._layout.addWidget(self._content)
            self.built.emit(self._content)
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)
