"""Writing .xlsx and .csv files: exports, and the import templates with an example row.

An .xlsx export keeps amounts as numbers and dates as dates, and marks text columns as text so
that Excel does not strip the leading zero of a phone number the next time someone edits it. A
CSV is written in UTF-8 with a byte-order mark, which Excel opens correctly on every system.
A template has the headers (required ones marked "*"), one example row, drop-down lists for the
choice columns, and a second sheet explaining each column in the template's language.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.core.common.cell_safety import neutralise
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.files import cannot_write, save_workbook, write_atomically
from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.register.import_export import columns as cols
from desktop_app.core.register.import_export.exporting import (
    Header,
    Row,
    plain_headers,
    responder_headers,
    row_key,
)

FORM_HINTS = {
    cols.TEXT: N_("Text."),
    cols.PHONE: N_("A phone number, such as 010-65521234 or 13911112222."),
    cols.PHONES: N_(
        "Numbers separated by 、 or ;, each with an optional label in brackets: 95588 (hotline)."
    ),
    cols.LIST: N_("Items separated by 、 or ;."),
    cols.CHOICE: N_("One of: {choices}."),
    cols.CHOICES: N_("Any of {choices}, separated by 、 or ;."),
    cols.DAY: N_("A date such as 2026-01-05, 2026/1/5 or 2026年1月5日."),
    cols.MONEY: N_("An amount such as 1,234,567.89 or 500万元."),
    cols.HOURS: N_("Days and hours, such as Mon-Fri 09:00-12:00, 13:30-18:00; Sat 09:00-12:00."),
    cols.NAME: N_("A name as registered in Callback Desk."),
    cols.NAMES: N_("Names in rank order, separated by 、 or >."),
}
KEY_HINTS = {
    ("contracts", "bank"): N_("The bank's name, short name or alias as registered."),
    ("responders", "bank"): N_("The bank's name, short name or alias as registered."),
    ("responders", "contract_number"): N_("Leave it empty to set the bank's default list."),
    ("banks", "rm_name"): N_("Several officers: one a line in each officer column."),
    ("banks", "plo_name"): N_("Several officers: one a line in each officer column."),
    ("contracts", "currency"): N_("A currency code such as CNY or USD; empty means CNY."),
    ("responders", "backup"): N_("Backups in rank order; add more numbered columns as needed."),
    ("numbers", "bank"): N_("The bank's name, short name or alias as registered."),
    ("numbers", "contract_number"): N_("Leave it empty for a number on file for every loan."),
    ("numbers", "extension"): N_("Digits dialled after the number; or write 转808 after it."),
}
EXCEL_TEXT = "@"
TEMPLATE_FOLDER = "templates"
MAX_EXCEL_DIGITS = 15  # a double keeps 15 significant digits exactly


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError.single(
            "file", N_("Only .xlsx and .csv files can be written, not {name}."), name=path.name
        )
    return suffix


def _excel_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        exact = len(value.normalize().as_tuple().digits) <= MAX_EXCEL_DIGITS
        return float(value) if exact else str(value)
    return None if value == "" else neutralise(value)


def _text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(neutralise(str(value)))


def _style_sheet(sheet: Any, headers: list[Header], titles: list[str], rows: int) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    for index, ((column, _number), title) in enumerate(zip(headers, titles, strict=True), 1):
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True, color="C00000" if title.endswith("*") else None)
        letter = get_column_letter(index)
        width = max(len(title.encode("gbk", "replace")), 10)
        sheet.column_dimensions[letter].width = min(width + 2, 40)
        for row in range(2, rows + 2):
            target = sheet.cell(row, index)
            target.alignment = Alignment(wrap_text=True, vertical="top")
            if column.form == cols.DAY:
                target.number_format = "yyyy-mm-dd"
            elif column.form == cols.MONEY:
                target.number_format = "#,##0.00"
            else:
                target.number_format = EXCEL_TEXT


def _workbook(
    kind: str, language: str, headers: list[Header], titles: list[str], rows: list[Row]
) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one (and active) sheet
    sheet.title = cols.TITLES[kind][0 if language == "zh_CN" else 1]
    sheet.append(titles)
    for row in rows:
        sheet.append([_excel_value(row.get(row_key(header))) for header in headers])
    _style_sheet(sheet, headers, titles, len(rows))
    return book


def _save(book: Any, path: Path) -> None:
    """The workbook built in memory, then written whole (or not at all)."""
    save_workbook(book, path)


def write_table(
    path: Path, kind: str, language: str, headers: list[Header], rows: list[Row]
) -> None:
    """Write ``rows`` under ``headers`` to an .xlsx or .csv file, chosen by its suffix."""
    suffix = _check_suffix(path)
    titles = [column.header(language, number) for column, number in headers]
    if suffix == ".xlsx":
        _save(_workbook(kind, language, headers, titles, rows), path)
        return
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(titles)
    for row in rows:
        writer.writerow([_text_value(row.get(row_key(h))) for h in headers])
    try:
        write_atomically(path, text.getvalue().encode("utf-8-sig"))
    except OSError as error:
        raise cannot_write(path, error) from error


def template_file_name(kind: str, language: str) -> str:
    """The name of the template shipped in ``resources/templates/``: ``contracts_zh_CN.xlsx``."""
    return f"{kind}_{language}.xlsx"


def shipped_template(kind: str, language: str) -> Path:
    """The template that ships with the app (made by ``packaging/make_templates.py``)."""
    from desktop_app.core.local.paths import resources_dir

    return resources_dir() / TEMPLATE_FOLDER / template_file_name(kind, language)


def template_headers(kind: str) -> list[Header]:
    if kind == "responders":
        return responder_headers(2)
    return plain_headers(kind)


def _hint(kind: str, column: cols.Column, language: str) -> str:
    gettext = translator_for(language)
    hint = KEY_HINTS.get((kind, column.key)) or FORM_HINTS[column.form]
    labels = "、".join(cols.choice_labels(column.choices, language)) if column.choices else ""
    return gettext(hint).format(choices=labels)


def _typed(column: cols.Column, example: str) -> Any:
    """An example as the type Excel would hold it: dates as dates, amounts as numbers."""
    if column.form == cols.DAY and example:
        return date.fromisoformat(example)
    if column.form == cols.MONEY and example:
        return Decimal(example.replace(",", ""))
    return example


def write_template(path: Path, kind: str, language: str) -> None:
    """An .xlsx (or .csv) file to fill in: headers, an example row and, in .xlsx, instructions."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    suffix = _check_suffix(path)
    headers = template_headers(kind)
    titles = [
        column.header(language, number) + (" *" if column.required else "")
        for column, number in headers
    ]
    example: Row = {
        row_key((column, number)): _typed(column, column.example(language))
        if number in (None, 1)
        else ""
        for column, number in headers
    }
    if suffix == ".csv":
        write_table(path, kind, language, headers, [example])
        return
    book = _workbook(kind, language, headers, titles, [example])
    sheet = book.active
    for index, (column, _number) in enumerate(headers, 1):
        sheet.cell(2, index).font = Font(italic=True, color="808080")
        labels = cols.choice_labels(column.choices, language) if column.form == cols.CHOICE else []
        formula = '"' + ",".join(labels) + '"'
        if labels and len(formula) <= 255:
            letter = sheet.cell(2, index).column_letter
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.showErrorMessage = False  # synonyms are welcome too
            validation.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(validation)
    gettext = translator_for(language)
    notes = book.create_sheet(gettext(N_("Instructions")))
    notes.append([gettext(N_("Column")), gettext(N_("Required")), gettext(N_("How to fill it in"))])
    for column, number in headers:
        if number not in (None, 1):
            continue
        required = gettext(N_("yes")) if column.required else ""
        notes.append([column.header(language), required, _hint(kind, column, language)])
    for letter, width in (("A", 22), ("B", 8), ("C", 90)):
        notes.column_dimensions[letter].width = width
    for cell in notes[1]:
        cell.font = Font(bold=True)
    _save(book, path)
