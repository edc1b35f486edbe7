"""The stack floor: the least a PySide6 + SQLAlchemy program must do to show the app's data.

It imports SQLAlchemy (before PySide6, as the app does), maps the app's tables by importing
``desktop_app.core.models`` (SQLAlchemy declarations only), opens the same SQLite file, runs one
ORM query (active loan contracts joined to their bank) and shows its rows in a QTableView in a
window of the app's size. It prints ``first_paint`` when the window first paints and
``data_shown <epoch seconds>`` to stderr when the table has painted its rows, then quits.
Usage: ``floor_stack.py DATABASE_FILE``; benchmarks/startup.py runs it.
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, contains_eager, undefer_group

from desktop_app.core.models import Bank, LoanContract
from desktop_app.core.models.contracts import LOAN_DETAILS

from PySide6.QtCore import QEvent, QObject  # isort: skip  (after SQLAlchemy on purpose)
from PySide6.QtGui import QStandardItem, QStandardItemModel  # isort: skip
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QWidget  # isort: skip

HEADERS = ("Contract", "Bank", "Loan type", "Principal", "Maturity")


class Markers(QObject):
    """Prints ``first_paint`` on the window's first paint, ``data_shown`` once rows painted."""

    def __init__(self, window: QWidget, table: QTableView) -> None:
        super().__init__(window)
        self._window = window
        self._table = table
        window.installEventFilter(self)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if watched is self._window:
                print(f"first_paint {time.time():.6f}", file=sys.stderr, flush=True)
                watched.removeEventFilter(self)
            elif self._table.model().rowCount() > 0:
                print(f"data_shown {time.time():.6f}", file=sys.stderr, flush=True)
                watched.removeEventFilter(self)
                QApplication.quit()
        return False


def read_rows(database: str) -> list[tuple[str, ...]]:
    """The active contracts and their banks, as text."""
    engine = create_engine(f"sqlite+pysqlite:///{database}")
    query = (
        select(LoanContract)
        .join(LoanContract.bank)
        .options(contains_eager(LoanContract.bank), undefer_group(LOAN_DETAILS))
        .where(LoanContract.status == "active")
        .order_by(Bank.name, LoanContract.contract_number)
    )
    with Session(engine) as session:
        return [
            (
                contract.contract_number,
                contract.bank.name,
                contract.loan_type,
                str(contract.principal),
                contract.maturity_date.isoformat(),
            )
            for contract in session.scalars(query)
        ]


def main() -> int:
    app = QApplication(sys.argv[:1])
    model = QStandardItemModel(0, len(HEADERS))
    model.setHorizontalHeaderLabels(list(HEADERS))
    for row in read_rows(sys.argv[1]):
        model.appendRow([QStandardItem(value) for value in row])
    table = QTableView()
    table.setModel(model)
    window = QMainWindow()
    window.setCentralWidget(table)
    window.resize(1100, 720)
    Markers(window, table)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
