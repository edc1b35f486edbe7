"""Reading .xlsx and .csv files into the rows of raw cell values under their matched columns.

Real spreadsheets carry a merged title row above the headers, headers merged over two rows,
blank rows at the end, and CSV files saved by Chinese Excel in GBK. The header row is the one
among the first ten that names the most known columns; a merged cell counts as holding its
top-left value in each of its rows. Values stay as openpyxl gives them (numbers, datetimes, text)
so that the parsers see an Excel serial date or a number that lost its leading zero as such.
Files are read as streams and refused at the first size cap they pass (``limits``), so a crafted
file costs neither memory nor minutes.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.core.common.cell_safety import restore
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import DEFAULT_LANGUAGE, N_
from desktop_app.core.register.import_export import limits
from desktop_app.core.register.import_export.cells import cell_text, is_blank
from desktop_app.core.register.import_export.columns import COLUMNS, Column, match_header

HEADER_SEARCH_ROWS = 10
# The approval block finance puts under a table: 制表人：张三  审核：李四  日期：2026年1月5日.
_SIGNATURE = re.compile(
    r"^(?:制表人?|填表人?|编制人?|审核人?|复核人?|审批人?|批准人?|核准人?|经办人?|负责人"
    r"|财务负责人|部门负责人|会计主管|主管领导|签字|签名|签章|盖章|单位盖章|公章|日期|填报日期"
    r"|制表日期|打印日期|prepared\s*by|reviewed\s*by|checked\s*by|approved\s*by|signature"
    r"|signed\s*by|date)\s*(?:[:：]|$|\s)",
    re.IGNORECASE,
)
SIGNATURE_ROW_CELLS = 2  # other cells a row inside the block may hold (a name, a date alone)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")

Grid = list[list[object]]
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class SourceColumn:
    """A column of the file that feeds a field."""

    index: int  # position in the row, from 0
    header: str  # as written in the file
    column: Column
    number: int  # for a numbered column (备用接听人2 → 2), else 0
    unit: Decimal  # 10000 when the header says the amounts are in 万元


@dataclass
class Table:
    """What a file holds for one kind: its matched columns and its non-blank data rows."""

    sheet: str
    header_row: int  # spreadsheet row number, from 1
    language: str  # the language most headers are written in
    columns: list[SourceColumn]
    rows: list[tuple[int, list[object]]]  # (spreadsheet row number, raw values)
    ignored: list[str] = field(default_factory=list)  # headers this kind does not know
    repeated: list[str] = field(default_factory=list)  # headers of a column already seen
    signature_rows: list[int] = field(default_factory=list)  # the approval block under the table


def _refuse(message: str, **params: object) -> ValidationError:
    return ValidationError.single("file", message, **params)


def _xlsx_grids(path: Path, kind: str) -> list[tuple[str, Grid]]:
    """The best-fitting sheet's rows; the others are only read as far as a header could be."""
    from desktop_app.core.register.import_export import xlsx_stream  # openpyxl: slow to import

    try:
        with xlsx_stream.open_book(path) as book:
            sheets = book.worksheets
            if len(sheets) == 1:
                rows = xlsx_stream.read_sheet(book, sheets[0], path.name)
                return [(rows.title, rows.rows)]
            best: tuple[int, Any] | None = None
            for sheet in sheets:
                # Merged ranges come after the rows: the whole sheet streams past, 10 rows kept.
                head = xlsx_stream.read_sheet(book, sheet, path.name, HEADER_SEARCH_ROWS)
                score, _index = _find_header(head.rows, kind)
                if score and (best is None or score > best[0]):
                    best = (score, sheet)
            if best is None:
                return []
            rows = xlsx_stream.read_sheet(book, best[1], path.name)
            return [(rows.title, rows.rows)]
    except xlsx_stream.DAMAGE as error:
        raise limits.unreadable(path.name) from error


def _encoding(path: Path) -> str:
    """The file's encoding, checked over the whole file in chunks (nothing kept in memory)."""
    with path.open("rb") as handle:
        head = handle.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"  # Excel's "Unicode text"
    for encoding in ("utf-8-sig", "gb18030"):  # Chinese Excel saves CSV in GBK
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _refuse(N_("{name} is neither UTF-8 nor GBK text."), name=path.name)


def _csv_grid(path: Path) -> Grid:
    try:
        if path.stat().st_size > limits.MAX_CSV_BYTES:
            raise limits.too_large(path.name)
        encoding = _encoding(path)
        with path.open(encoding=encoding, newline="") as handle:
            sample = "\n".join(handle.read(65536).splitlines()[:HEADER_SEARCH_ROWS])
            delimiter = max(",;\t", key=sample.count) if any(d in sample for d in ",;\t") else ","
            handle.seek(0)
            return _csv_rows(path.name, csv.reader(handle, delimiter=delimiter))
    except (OSError, UnicodeError) as error:
        raise _refuse(N_("{name} cannot be read."), name=path.name) from error
    except csv.Error as error:
        raise _refuse(N_("{name} cannot be read as CSV."), name=path.name) from error


def _csv_rows(name: str, records: Iterator[list[str]]) -> Grid:
    grid: Grid = []
    for record in records:
        if len(grid) >= limits.MAX_ROWS:
            raise limits.too_many_rows(name)
        if len(record) > limits.MAX_COLUMNS:
            raise limits.too_many_columns(name)
        if record and max(map(len, record)) > limits.MAX_CELL_CHARS:
            raise limits.cell_too_long(name, len(grid) + 1)
        grid.append([restore(value) if value[:1] == "'" else value for value in record])
    return grid


def _score(row: list[object], kind: str) -> int:
    keys = set()
    for value in row:
        match = match_header(kind, cell_text(value)) if not is_blank(value) else None
        if match is not None:
            keys.add((match.column.key, match.number))
    return len(keys)


def _find_header(grid: Grid, kind: str) -> tuple[int, int]:
    """(score, row index) of the best header row; later rows win ties (two-row headers)."""
    best = (0, -1)
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        score = _score(row, kind)
        if score and score >= best[0]:
            best = (score, index)
    return best


def _table(sheet: str, grid: Grid, header_index: int, kind: str) -> Table:
    columns: list[SourceColumn] = []
    ignored: list[str] = []
    repeated: list[str] = []
    seen: set[tuple[str, int]] = set()
    languages = {"zh_CN": 0, "en": 0}
    for index, value in enumerate(grid[header_index]):
        header = cell_text(value)
        if not header:
            continue
        match = match_header(kind, header)
        if match is None:
            ignored.append(header)
            continue
        if (match.column.key, match.number) in seen:
            repeated.append(header)
            continue
        seen.add((match.column.key, match.number))
        if match.language:
            languages[match.language] += 1
        columns.append(SourceColumn(index, header, match.column, match.number, match.unit))
    language = max(languages, key=lambda k: languages[k])
    if languages["zh_CN"] == languages["en"]:
        language = DEFAULT_LANGUAGE
    rows = [
        (number, values)
        for number, values in enumerate(grid[header_index + 1 :], start=header_index + 2)
        if any(not is_blank(v) for v in values)
    ]
    rows, signature = _without_signature_block(rows)
    return Table(sheet, header_index + 1, language, columns, rows, ignored, repeated, signature)


def _filled(values: list[object]) -> list[str]:
    return [cell_text(value) for value in values if not is_blank(value)]


def _is_signature_row(values: list[object]) -> bool:
    # Only the first filled cell matters: the rest of a long data row is not read.
    for value in values:
        text = cell_text(value)
        if text:
            return _SIGNATURE.match(text) is not None
    return False


def _without_signature_block(
    rows: list[tuple[int, list[object]]],
) -> tuple[list[tuple[int, list[object]]], list[int]]:
    """The data rows without the signature/approval block under them, and its row numbers.

    The block starts at the first row opening with 制表人, 审核, 日期, Prepared by… and holds
    only such rows and short ones (a name or a date on a line of its own) to the end; anything
    else after it means it was data after all, and every row is kept.
    """
    for start, (_number, values) in enumerate(rows):
        if not _is_signature_row(values):
            continue
        rest = rows[start:]
        if all(_is_signature_row(v) or len(_filled(v)) <= SIGNATURE_ROW_CELLS for _n, v in rest):
            return rows[:start], [number for number, _v in rest]
        break
    return rows, []


def read_table(path: Path, kind: str) -> Table:
    """Read the sheet of ``path`` that fits ``kind`` best; raises ValidationError on "file"."""
    if not path.is_file():
        raise _refuse(N_("The file {name} does not exist."), name=str(path))
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        grids = _xlsx_grids(path, kind)
    elif suffix in CSV_SUFFIXES:
        grids = [("", _csv_grid(path))]
    elif suffix == ".xls":
        message = N_("Old .xls workbooks cannot be read: save {name} as .xlsx in Excel first.")
        raise _refuse(message, name=path.name)
    else:
        raise _refuse(N_("Only .xlsx and .csv files can be imported, not {name}."), name=path.name)
    best: tuple[int, str, Grid, int] | None = None
    for sheet, grid in grids:
        score, index = _find_header(grid, kind)
        if score and (best is None or score > best[0]):
            best = (score, sheet, grid, index)
    if best is None:
        examples = "、".join(f"{c.zh} / {c.en}" for c in COLUMNS[kind] if c.required)
        raise _refuse(
            N_("No header row: none of the first {count} rows names a column such as {examples}."),
            count=HEADER_SEARCH_ROWS,
            examples=examples,
        )
    _score_value, sheet, grid, index = best
    return _table(sheet, grid, index, kind)
