"""Streaming the rows of an .xlsx workbook with every size checked before it is loaded.

openpyxl's normal mode builds every cell of every sheet in memory (1.9 GB for one cell placed at
row 1,048,576) and its read-only mode pads each row to the sheet's declared width. Here the
package's parts are measured from the zip directory first, then the sheet's XML is parsed as a
stream: each row and cell is checked against the caps as its start tag arrives, merged ranges
as they are met, and only the cells actually present are kept. Values are typed exactly as
openpyxl types them (dates from the workbook's number formats, numbers, text).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._reader import WorkSheetParser

from desktop_app.core.common.cell_safety import restore
from desktop_app.core.register.import_export import limits

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW_TAG, CELL_TAG = SHEET_NS + "row", SHEET_NS + "c"
MERGE_TAG, DIMENSION_TAG = SHEET_NS + "mergeCell", SHEET_NS + "dimension"
VALUE_TAG, INLINE_TAG = SHEET_NS + "v", SHEET_NS + "is"
TEXT_TAG, RUN_TAG = SHEET_NS + "t", SHEET_NS + "r"
FAST_KINDS = frozenset({"n", "s", "str", "inlineStr"})
# What a damaged package raises on the way: a bad zip, a corrupt deflate stream, broken XML.
DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, ParseError, OSError)


@dataclass
class SheetRows:
    """The rows of one sheet as read: row number → values by column position (from 0)."""

    title: str
    rows: list[list[object]] = field(default_factory=list)  # index = row number - 1
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min col/row, max…


def check_package(path: Path) -> None:
    """Refuse a package whose parts unpack beyond the caps (sizes from the zip directory).

    A zip entry that lies about its size fails its CRC check when read, so the sizes hold.
    """
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except DAMAGE as error:
        raise limits.unreadable(name) from error
    if len(parts) > limits.MAX_PARTS:
        raise limits.too_large(name)
    total = 0
    for part in parts:
        total += part.file_size
        cap = limits.MAX_PART_BYTES
        if part.filename.lower().endswith("sharedstrings.xml"):
            cap = limits.MAX_SHARED_STRINGS_BYTES
        if part.file_size > cap or total > limits.MAX_PACKAGE_BYTES:
            raise limits.too_large(name)


_REFERENCE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


@lru_cache(maxsize=1024)
def _column_number(letters: str) -> int:
    return column_index_from_string(letters)


def _cell_position(reference: str | None) -> tuple[int, int] | None:
    if not reference:
        return None
    match = _REFERENCE.fullmatch(reference)
    if match is not None:  # the usual "B12", without openpyxl's slower general parse
        return int(match[2]), _column_number(match[1])
    column, row = coordinate_from_string(reference)
    return row, column_index_from_string(column)


def _cast_number(value: str) -> int | float:
    """A number cell's text as openpyxl casts it."""
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


def _inline_text(element: Any) -> str:
    """The text of an inline string (``<is>``): its ``<t>`` and each run's, phonetics left out,
    as openpyxl's ``Text.content`` gives it without building a Text object per cell."""
    parts: list[str] = []
    for child in element:
        if child.tag == TEXT_TAG:
            parts.append(child.text or "")
        elif child.tag == RUN_TAG:
            parts.extend(t.text or "" for t in child if t.tag == TEXT_TAG)
    return "".join(parts)


class _GuardedParser(WorkSheetParser):
    """openpyxl's sheet parser, checking each row and cell as its tag opens."""

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.file_name = name
        self.merges: list[tuple[int, int, int, int]] = []
        self.merged_rows = 0

    def _check_cell(self, row: int, column: int) -> None:
        if row > limits.MAX_ROWS:
            raise limits.too_many_rows(self.file_name)
        if column > limits.MAX_COLUMNS:
            raise limits.too_many_columns(self.file_name)

    def _check_dimension(self, reference: str | None) -> None:
        if not reference:
            return
        corners = reference.split(":")
        for corner in corners:
            position = _cell_position(corner)
            if position is not None:
                self._check_cell(*position)

    def _add_merge(self, reference: str | None) -> None:
        if not reference:
            return
        min_col, min_row, max_col, max_row = range_boundaries(reference)
        if min_col is None or min_row is None or max_col is None or max_row is None:
            raise limits.too_many_merges(self.file_name)
        self._check_cell(max_row, max_col)
        self.merged_rows += max_row - min_row + 1
        self.merges.append((min_col, min_row, max_col, max_row))
        if len(self.merges) > limits.MAX_MERGED_RANGES or self.merged_rows > limits.MAX_MERGED_ROWS:
            raise limits.too_many_merges(self.file_name)

    def parse_cell(self, element: Any) -> dict[str, Any]:
        """A cell as openpyxl's parser reads it, its common kinds (numbers, dates, shared and
        inline text) read directly: openpyxl builds a Text object for each inline string."""
        kind = element.get("t", "n")
        if kind not in FAST_KINDS:
            return super().parse_cell(element)
        style = element.get("s")
        style_id = int(style) if style else 0
        position = _cell_position(element.get("r"))
        if position is None:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        else:
            row, column = position
            self.col_counter = column
        value: Any
        if kind == "inlineStr":
            child = element.find(INLINE_TAG)
            if child is None:
                return super().parse_cell(element)
            value, kind = _inline_text(child), "s"
        else:
            value = element.findtext(VALUE_TAG, None) or None
            if value is None:
                pass
            elif kind == "s":
                value = self.shared_strings[int(value)]
            elif kind == "str":
                kind = "s"
            else:
                value = _cast_number(value)
                if style_id in self.date_formats:
                    try:
                        value = from_excel(
                            value, self.epoch, timedelta=style_id in self.timedelta_formats
                        )
                    except (OverflowError, ValueError):
                        return super().parse_cell(element)
                    kind = "d"
        return {
            "row": row,
            "column": column,
            "value": value,
            "data_type": kind,
            "style_id": style_id,
        }

    def stream(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """(row number, cells present) for each row, refusing past the caps as each cell, row,
        dimension or merge is read (one event per element: the end of its tag)."""
        cells: list[dict[str, Any]] = []
        for _event, element in iterparse(self.source, events=("end",)):
            tag = element.tag
            if tag == CELL_TAG:
                cell = self.parse_cell(element)
                # A cell without a reference is in the row after the last one read.
                row = cell["row"] if element.get("r") else self.row_counter + 1
                self._check_cell(row, cell["column"])
                cells.append(cell)
                if len(cells) > limits.MAX_COLUMNS:
                    raise limits.too_many_columns(self.file_name)
                element.clear()
            elif tag == ROW_TAG:
                mark = element.get("r")
                number = int(float(mark)) if mark else self.row_counter + 1
                self._check_cell(number, 1)
                self.row_counter, self.col_counter = number, 0
                element.clear()
                yield number, cells
                cells = []
            elif tag == MERGE_TAG:
                self._add_merge(element.get("ref"))
                element.clear()
            elif tag == DIMENSION_TAG:
                self._check_dimension(element.get("ref"))


def read_sheet(book: Book, sheet: Sheet, name: str, keep_rows: int | None = None) -> SheetRows:
    """The rows of ``sheet``, merged cells filled in.

    With ``keep_rows`` only the first rows are kept, but the whole sheet is still checked
    (its merged ranges come after the rows).
    """
    result = SheetRows(sheet.title)
    with book._archive.open(sheet._worksheet_path) as source:
        parser = _GuardedParser(
            name,
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.stream():
            if keep_rows is not None and number > keep_rows:
                continue
            values: list[object] = []
            for cell in cells:
                value = cell["value"]
                if isinstance(value, str):
                    if len(value) > limits.MAX_CELL_CHARS:
                        raise limits.cell_too_long(name, number)
                    value = restore(value)
                column = cell["column"]
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values[column - 1] = value
            if number > len(result.rows):
                result.rows.extend([] for _ in range(number - len(result.rows)))
            result.rows[number - 1] = values
        result.merges = parser.merges
    fill_merges(result)
    return result


def fill_merges(sheet: SheetRows) -> None:
    """A merged cell counts as holding its top-left value in each of its rows.

    Down the merge's first column only: a note merged across columns must not spill into the
    neighbouring fields, but a bank merged over rows is every row's.
    """
    grid = sheet.rows
    for min_col, min_row, _max_col, max_row in sheet.merges:
        if min_row > len(grid):
            continue
        first = grid[min_row - 1]
        value = first[min_col - 1] if min_col <= len(first) else None
        for row in range(min_row, min(max_row, len(grid)) + 1):
            values = grid[row - 1]
            if min_col > len(values):
                values.extend([None] * (min_col - len(values)))
            values[min_col - 1] = value


@dataclass(frozen=True)
class Sheet:
    """A worksheet of the package: its title, its part and the workbook's shared strings."""

    title: str
    _worksheet_path: str
    _shared_strings: list[Any]


@dataclass
class Book:
    """What reading a sheet needs of a workbook, loaded without openpyxl's worksheets: each
    of those parses its whole sheet on creation when the sheet states no dimension first."""

    _archive: zipfile.ZipFile
    epoch: Any
    _date_formats: set[int]
    _timedelta_formats: set[int]
    worksheets: list[Sheet]

    def close(self) -> None:
        self._archive.close()


def _load(handle: Any) -> Book:
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(handle, read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            Sheet(sheet.name, rel.target, reader.shared_strings)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in (rel.Type or "")
        ]
    except BaseException:
        reader.archive.close()
        raise
    wb: Any = reader.wb  # the format sets are openpyxl's private attributes
    return Book(reader.archive, wb.epoch, wb._date_formats, wb._timedelta_formats, sheets)


@contextmanager
def open_book(path: Path) -> Iterator[Book]:
    """The workbook, after its package passed :func:`check_package`.

    The file is opened here and closed on every way out: openpyxl leaves it open when the
    workbook turns out to be damaged.
    """
    from openpyxl.utils.exceptions import InvalidFileException

    check_package(path)
    with path.open("rb") as handle:
        try:
            book = _load(handle)
        except (InvalidFileException, *DAMAGE) as error:
            raise limits.unreadable(path.name) from error
        try:
            yield book
        finally:
            book.close()
