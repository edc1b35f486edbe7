"""The idle floor: a bare Qt event loop with one timer armed an hour ahead, and nothing else.

benchmarks/idle.py measures its CPU time beside the app's, over the same minute; it runs until it
is killed (or the hour passes).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication(sys.argv[:1])
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(app.quit)
    timer.start(60 * 60 * 1000)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
