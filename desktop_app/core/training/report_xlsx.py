"""The training progress report as an .xlsx workbook: one sheet per person, one of attempts.

Headers and states are worded in the report's language; dates are real Excel dates in the
organisation's time zone, percentages real numbers, so the file sorts and filters as expected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.common.cell_safety import neutralise_row
from desktop_app.core.common.files import cannot_write, save_workbook
from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.common.permissions import ROLE_LABELS

if TYPE_CHECKING:
    from desktop_app.core.training.team import TeamReport

STATE_WORDS = {
    "valid": N_("Certified"),
    "expiring": N_("Expires soon"),
    "expired": N_("Expired"),
    "none": N_("Not certified"),
}
PEOPLE_HEADERS = (
    N_("Name"),
    N_("Role"),
    N_("Training path"),
    N_("Lessons read"),
    N_("Lessons in path"),
    N_("Quiz attempts"),
    N_("Best score (%)"),
    N_("Last attempt"),
    N_("Last result"),
    N_("Certified until"),
    N_("Certification"),
    N_("Refreshers due"),
    N_("Responder"),
)
ATTEMPT_HEADERS: tuple[str, ...] = (
    N_("Name"),
    N_("Training path"),
    N_("Finished"),
    N_("Score"),
    N_("Of"),
)
ATTEMPT_HEADERS += (N_("Score (%)"), N_("Result"))


def _local(value: datetime | None, zone: tzinfo) -> datetime | None:
    return value.astimezone(zone).replace(tzinfo=None) if value else None


def write_report(path: Path, report: TeamReport, zone: tzinfo) -> int:
    """Write ``report`` to ``path``; returns the number of people in it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    tr: Callable[[str], str] = translator_for(report.language)
    titles = {row.path_code: row.path_title for row in report.rows}
    passed, failed = tr(N_("Passed")), tr(N_("Not passed"))
    book = Workbook()
    people = book.active
    assert people is not None
    people.title = tr(N_("People"))
    people.append([tr(h) for h in PEOPLE_HEADERS])
    for row in report.rows:
        cells: list[Any] = [
            row.name,
            tr(ROLE_LABELS[row.role]),
            row.path_title,
            row.lessons_read,
            row.lessons_total,
            row.attempts,
            row.best_percent,
            _local(row.last_attempt_at, zone),
            None if row.last_passed is None else passed if row.last_passed else failed,
            _local(row.expires_at, zone),
            tr(STATE_WORDS[row.state.value]),
            row.refreshers_due,
            tr(N_("yes")) if row.responder else tr(N_("no")),
        ]
        people.append(neutralise_row(cells))
    attempts = book.create_sheet(tr(N_("All attempts")))
    attempts.append([tr(h) for h in ATTEMPT_HEADERS])
    for attempt in report.attempts:
        attempts.append(
            neutralise_row(
                [
                    attempt.person_name,
                    titles.get(attempt.path_code, attempt.path_code),
                    _local(attempt.finished_at, zone),
                    attempt.score,
                    attempt.total,
                    attempt.percent,
                    passed if attempt.passed else failed,
                ]
            )
        )
    for sheet, date_columns in ((people, ("H", "J")), (attempts, ("C",))):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for letter in date_columns:
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd hh:mm"
        for number, column in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[get_column_letter(number)].width = min(40, max(10, width + 4))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(path, error) from None
    save_workbook(book, path)
    return len(report.rows)
