"""Streaming the rows of an .xlsx workbook with every size checked before it is loaded.

openpyxl's normal mode builds every cell of every sheet in memory (1.9 GB for one cell placed at
row 1,048,576) and its read-only mode pads each row to the sheet's declared width. Here the
package's parts are measured from the zip directory first, then the sheet's XML is parsed as a
stream: each row and cell is checked against the caps as its start tag arrives, merged ranges
as they are met, and only the cells actually present are kept. Values are typed exactly as
openpyxl types them (dates from the workbook's number formats, numbers, text).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from desktop_app.core.common.cell_safety import restore
from desktop_app.core.register.import_export import limits

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW_TAG, CELL_TAG = SHEET_NS + "row", SHEET_NS + "c"
MERGE_TAG, DIMENSION_TAG = SHEET_NS + "mergeCell", SHEET_NS + "dimension"
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


def _cell_position(reference: str | None) -> tuple[int, int] | None:
    if not reference:
        return None
    column, row = coordinate_from_string(reference)
    return row, column_index_from_string(column)


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

    def stream(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """(row number, cells present) for each row, refusing past the caps as tags open."""
        cells_in_row = 0
        row_number = 0
        for event, element in iterparse(self.source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == CELL_TAG:
                    cells_in_row += 1
                    position = _cell_position(element.get("r"))
                    column = position[1] if position else cells_in_row
                    self._check_cell(position[0] if position else row_number, column)
                    if cells_in_row > limits.MAX_COLUMNS:
                        raise limits.too_many_columns(self.file_name)
                elif tag == ROW_TAG:
                    cells_in_row = 0
                    mark = element.get("r")
                    row_number = int(float(mark)) if mark else row_number + 1
                    self._check_cell(row_number, 1)
                elif tag == DIMENSION_TAG:
                    self._check_dimension(element.get("ref"))
                continue
            if tag == ROW_TAG:
                number, cells = self.parse_row(element)
                element.clear()
                yield number, cells
            elif tag == MERGE_TAG:
                self._add_merge(element.get("ref"))
                element.clear()


def read_sheet(book: Any, sheet: Any, name: str, keep_rows: int | None = None) -> SheetRows:
    """The rows of ``sheet`` (a read-only openpyxl worksheet), merged cells filled in.

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


@contextmanager
def open_book(path: Path) -> Iterator[Any]:
    """The workbook in read-only mode, after its package passed :func:`check_package`.

    The file is opened here and closed on every way out: openpyxl leaves it open when the
    workbook turns out to be damaged.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_package(path)
    with path.open("rb") as handle:
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except (InvalidFileException, *DAMAGE) as error:
            raise limits.unreadable(path.name) from error
        try:
            yield book
        finally:
            book.close()
