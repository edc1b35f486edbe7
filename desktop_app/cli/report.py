"""``report``: the reports on the command line — a table, JSON, an .xlsx workbook or the PDF.

``report [--from DATE] [--to DATE] [--bank NAME] [--json | --xlsx FILE | --pdf FILE]``: by
default from the first day of the current month to today, in the company's time zone, ``--to``
included. The PDF is laid out by Qt's PDF writer like the letters, through an off-screen
``QApplication`` made for the purpose (no window opens).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.output import error, print_json, print_table
from desktop_app.cli.windows import day_argument
from desktop_app.core.common.i18n import _, current_language
from desktop_app.core.common.permissions import Actor
from desktop_app.core.reports.periods import Period
from desktop_app.core.reports.tables import plain_cell, report_tables
from desktop_app.core.services import Services

EXIT_USAGE = 2


def add_report_command(commands: argparse._SubParsersAction[Any]) -> None:
    """``report``."""
    command = commands.add_parser(
        "report", help=_("how well each bank's calls are answered: figures, .xlsx or PDF")
    )
    command.add_argument(
        "--from",
        dest="first_day",
        type=day_argument,
        metavar=_("DATE"),
        help=_("first day (default: the first day of the last day's month)"),
    )
    command.add_argument(
        "--to",
        dest="last_day",
        type=day_argument,
        metavar=_("DATE"),
        help=_("last day, included (default: today)"),
    )
    command.add_argument("--bank", metavar=_("NAME"), help=_("only this bank (name or short name)"))
    output = command.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("print JSON"))
    output.add_argument("--xlsx", metavar=_("FILE"), help=_("write an .xlsx workbook with charts"))
    output.add_argument("--pdf", metavar=_("FILE"), help=_("write the report as a PDF"))


def write_pdf_offscreen(body_html: str, path: Path, title: str) -> None:
    """Write the HTML to PDF with Qt, in an off-screen application when none is running."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.printing import write_pdf

    # A QApplication (not only a QGuiApplication): one process makes one application object,
    # and whatever else runs in it later (the desktop app, the tests) needs the widgets kind.
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "cli"])
    write_pdf(body_html, path, title, current_language())
    del app  # kept alive until the file is written


def run_report(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    reports = services.reports
    last = args.last_day or reports.today()
    first = args.first_day or last.replace(day=1)
    if last < first:
        error(_("The last day is before the first day."))
        return EXIT_USAGE
    period = Period.custom(first, last)
    bank_id = reports.find_bank(actor, args.bank)[0] if args.bank else None
    report = reports.build(actor, period, bank_id)
    zone = reports.zone()
    if args.json:
        print_json(
            {
                **{name: getattr(report, name) for name in report.__dataclass_fields__},
                "answer_rate": report.totals.answer_rate,
                "received": report.totals.received,
            }
        )
        return 0
    if args.xlsx:
        from desktop_app.core.reports.report_xlsx import write_report

        path = Path(args.xlsx).expanduser()
        if path.suffix.lower() != ".xlsx":
            error(_("“{path}” is not an .xlsx file name.").format(path=path))
            return EXIT_USAGE
        sheets = write_report(path, report, zone, current_language())
        print(_("Wrote {count} sheets to {path}.").format(count=sheets, path=path))
        return 0
    if args.pdf:
        from desktop_app.core.reports.document import report_html

        path = Path(args.pdf).expanduser()
        if path.suffix.lower() != ".pdf":
            error(_("“{path}” is not a .pdf file name.").format(path=path))
            return EXIT_USAGE
        title, body = report_html(report, zone, current_language())
        write_pdf_offscreen(body, path, title)
        print(_("Wrote the report to {path}.").format(path=path))
        return 0
    print(period.text() + (f" · {report.bank_filter}" if report.bank_filter else ""))
    for table in report_tables(report, _):
        print()
        print(table.title(_))
        rows = [list(r) for r in table.rows]
        if table.total is not None:
            rows.append([_("All banks"), *table.total[1:]])
        print_table(
            [c.header(_) for c in table.columns],
            [[plain_cell(v, c.kind) for v, c in zip(r, table.columns, strict=True)] for r in rows],
        )
    return 0
