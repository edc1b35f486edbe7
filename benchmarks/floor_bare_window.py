"""The bare-window floor: a PySide6 main window of the app's weight, with no data and no database.

A QMainWindow with a menu bar, a navigation list, a stack of pages holding a table over an empty
model, and a status bar, the same size as the app's window. It prints ``first_paint <epoch
seconds>`` to stderr when the window first paints, then quits. benchmarks/startup.py runs it.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

HEADERS = ("Contract", "Bank", "Loan type", "Responders", "Answers now")


class FirstPaint(QObject):
    """Prints the marker on the window's first paint and quits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"first_paint {time.time():.6f}", file=sys.stderr, flush=True)
            watched.removeEventFilter(self)
            QApplication.quit()
        return False


def build_window() -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    navigation = QListWidget()
    navigation.setFixedWidth(180)
    navigation.addItem("Today")
    pages = QStackedWidget()
    page = QWidget()
    page_layout = QVBoxLayout(page)
    page_layout.addWidget(QLabel("Today"))
    model = QStandardItemModel(0, len(HEADERS), page)
    model.setHorizontalHeaderLabels(list(HEADERS))
    table = QTableView()
    table.setModel(model)
    page_layout.addWidget(table)
    pages.addWidget(page)
    central = QWidget()
    layout = QHBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(navigation)
    layout.addWidget(pages, 1)
    window.setCentralWidget(central)
    file_menu = window.menuBar().addMenu("&File")
    quit_action = QAction("&Quit", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    file_menu.addAction(quit_action)
    go_menu = window.menuBar().addMenu("&Go")
    go_menu.addAction(QAction("Today", window))
    window.menuBar().addMenu("&Help").addAction(QAction("&About", window))
    window.statusBar().addPermanentWidget(QLabel("Person · Role"))
    window.statusBar().addPermanentWidget(QLabel("Embedded database"))
    window.resize(1100, 720)
    return window


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = build_window()
    probe = FirstPaint(window)
    window.installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
