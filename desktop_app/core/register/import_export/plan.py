"""An import plan: every row of a file with its draft, its problems and its warnings.

The plan is built before anything is written, so that a person sees every problem of every row
at once, fixes the file and tries again; a plan with any problem is never committed. Problems
name the spreadsheet row and the column header as written in the file, and carry a translatable
message with its parameters like every other problem in the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.core.common.errors import FieldProblem, ValidationError
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.parsing import parse_money
from desktop_app.core.register.banks import BankDraft
from desktop_app.core.register.contracts import ContractDraft
from desktop_app.core.register.import_export import cells
from desktop_app.core.register.import_export.columns import (
    CHOICE_SETS,
    COLUMNS,
    DAY,
    MONEY,
    Column,
    choice_code,
    choice_labels,
    fold_value,
)
from desktop_app.core.register.import_export.reading import SourceColumn
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.register.people import PersonDraft

TOTAL_WORDS = {"合计", "总计", "小计", "total", "subtotal", "grandtotal"}


@dataclass(frozen=True)
class RowProblem(FieldProblem):
    """A problem of one cell (or row, or the whole file when ``row`` is 0)."""

    row: int = 0
    column: str = ""  # the header as written in the file; "" for the row or file as a whole


@dataclass(frozen=True)
class ResponderDraft:
    """A responder list read from a row: a contract's, or a bank's default when no contract."""

    bank_id: int
    contract_id: int | None
    person_ids: tuple[int, ...]
    label: str


Draft = BankDraft | ContractDraft | PersonDraft | ResponderDraft | NumberDraft


class RowCells(Mapping[str, str]):
    """Header → the cell as read, for a preview table: the headers are one tuple shared by
    every row of the file, the texts the same objects the row's draft holds (100,000 rows
    would otherwise hold 100,000 dicts and a second copy of every text)."""

    __slots__ = ("_headers", "_values")

    def __init__(self, headers: tuple[str, ...], values: tuple[str, ...]) -> None:
        self._headers = headers
        self._values = values

    def __getitem__(self, header: str) -> str:
        try:
            return self._values[self._headers.index(header)]
        except ValueError:
            raise KeyError(header) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers)

    def __len__(self) -> int:
        return len(self._headers)


@dataclass(slots=True)
class PlannedRow:
    """One data row of the file: what would be written, and why it cannot be if it cannot."""

    row: int
    label: str
    draft: Draft | None
    cells: Mapping[str, str]  # header → the cell as read, for a preview table
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # service field → header

    @property
    def ok(self) -> bool:
        return not self.problems and self.draft is not None


@dataclass
class ImportPlan:
    """Every row of one file for one kind, checked and not yet written."""

    kind: str
    path: Path
    sheet: str = ""
    header_row: int = 0
    language: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # about the file as a whole
    warnings: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether committing would write every row."""
        return not self.problems and bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def rejected(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.ok]

    def all_problems(self) -> list[RowProblem]:
        return [*self.problems, *(p for row in self.rows for p in row.problems)]

    def all_warnings(self) -> list[RowProblem]:
        return [*self.warnings, *(w for row in self.rows for w in row.warnings)]


@dataclass(frozen=True)
class CreatedRecord:
    """One row written by an import: its row number, the id it got, and what it is."""

    row: int
    id: int
    label: str


@dataclass(frozen=True)
class ImportReport:
    """What a committed import wrote."""

    kind: str
    file: str
    created: tuple[CreatedRecord, ...]


class RowReader:
    """The cells of one row by field, and the problems and warnings met while reading them."""

    def __init__(
        self, kind: str, number: int, values: list[Any], columns: list[SourceColumn], language: str
    ) -> None:
        self.kind = kind
        self.number = number
        self.language = language
        self.problems: list[RowProblem] = []
        self.warnings: list[RowProblem] = []
        self.field_columns: dict[str, str] = {}  # service field → header, beyond the plain keys
        self._values = values
        self.sources = columns  # the file's columns, one list shared by every row
        self._texts: dict[int, str] = {}  # column position → its text, read once per row
        self._columns: dict[str, SourceColumn] = {}
        self._numbered: dict[str, list[SourceColumn]] = {}
        for source in columns:
            if source.column.numbered:
                self._numbered.setdefault(source.column.key, []).append(source)
            else:
                self._columns.setdefault(source.column.key, source)
        for group in self._numbered.values():
            group.sort(key=lambda s: (s.number, s.index))

    # Reading cells --------------------------------------------------------------------------

    def _value(self, source: SourceColumn | None) -> Any:
        if source is None or source.index >= len(self._values):
            return None
        return self._values[source.index]

    def has(self, key: str) -> bool:
        return key in self._columns or key in self._numbered

    def raw(self, key: str) -> Any:
        return self._value(self._columns.get(key))

    def text(self, key: str) -> str:
        source = self._columns.get(key)
        return "" if source is None else self._text(source)

    def _text(self, source: SourceColumn) -> str:
        text = self._texts.get(source.index)
        if text is None:
            text = self._texts[source.index] = cells.cell_text(self._value(source))
        return text

    def code(self, key: str) -> str:
        """An identifier (contract number, e-mail, account) with every full-width form folded."""
        return cells.folded(self.text(key))

    def header(self, key: str) -> str:
        """The header of ``key`` as the file writes it (or as the file's language would)."""
        source = self._columns.get(key)
        if source is not None:
            return source.header
        known = [c for c in COLUMNS[self.kind] if c.key == key]
        return known[0].header(self.language) if known else ""

    def cells(self) -> RowCells:
        order = _shown_order(self.sources, self._columns, self._numbered)
        return RowCells(order[1], tuple(self._text(s) for s in order[0]))

    def items(self, key: str, names: bool = False) -> list[str]:
        return cells.split_items(self.text(key), names)

    def lines(self, key: str) -> list[str]:
        """The lines of a cell, blank ones kept in place (they align officers' details)."""
        value = self.raw(key)
        text = value if isinstance(value, str) else cells.cell_text(value)
        lines = [cells.cell_text(line) for line in text.splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def numbered(self, key: str) -> list[tuple[str, str]]:
        """(header, text) of every column of a numbered group, in number order."""
        return [(s.header, cells.cell_text(self._value(s))) for s in self._numbered.get(key, [])]

    def phone(self, key: str, text: str | None = None) -> str:
        """A phone number, its lost leading zero restored (with a warning)."""
        text = self.text(key) if text is None else text
        restored = cells.restore_leading_zero(text)
        if restored is None:
            return text
        self.warn(
            key,
            N_("{value} had lost its leading zero (stored as a number); read as {number}."),
            value=text,
            number=restored,
        )
        return restored

    def phones(self, key: str) -> list[str]:
        return [self.phone(key, item) for item in self.items(key)]

    def money(self, key: str) -> Decimal | str:
        """An amount; a plain number under a header in 万元 is multiplied out."""
        source = self._columns.get(key)
        value = cells.money_value(self.raw(key))
        if source is None or source.unit == 1 or value == "":
            return value
        if isinstance(value, str) and cells.has_own_unit(value):
            return value
        try:
            return parse_money(value, key) * source.unit
        except ValidationError:
            return value  # the service says what is wrong with it

    def day(self, key: str) -> date | str:
        return cells.day_value(self.raw(key))

    def choice(self, key: str, choices: str, default: str, guess: bool = True) -> str:
        """The code a choice cell means; an empty cell is ``default`` unless required.

        ``guess=False``: an empty cell of a column the file has is a problem too — the app
        cannot know it (a callback cadence), so the person fills it in rather than getting a
        default they never chose. A file without the column is warned about as a whole.
        """
        text = self.text(key)
        if not text:
            if _column(self.kind, key).required or (not guess and self.has(key)):
                self.problem(key, N_("Enter one of: {choices}."), choices=self._labels(choices))
            return default
        code = choice_code(choices, text)
        if code is None:
            self.problem(
                key,
                N_("“{value}” is not one of: {choices}."),
                value=text,
                choices=self._labels(choices),
            )
            return default
        return code

    def choice_list(self, key: str, choices: str) -> list[str]:
        codes = []
        for item in self.items(key):
            code = choice_code(choices, item)
            if code is None:
                self.problem(
                    key,
                    N_("“{value}” is not one of: {choices}."),
                    value=item,
                    choices=self._labels(choices),
                )
            else:
                codes.append(code)
        return codes

    def _labels(self, choices: str) -> str:
        return "、".join(choice_labels(choices, self.language)) if choices in CHOICE_SETS else ""

    # Recognising rows -----------------------------------------------------------------------

    def is_total(self, key: str) -> bool:
        """A 合计/Total row under the data: it has a total word and no value in ``key``."""
        if self.text(key):
            return False  # the usual case, decided without reading every cell
        words = {fold_value(cells.cell_text(v)) for v in self._values}
        return bool(words & TOTAL_WORDS)

    def is_example(self) -> bool:
        """The example row of a template, left in by mistake.

        Every column must read as in the example, and where the kind has a notes column, the
        note that says "example row" must be there: real data may well match the rest.
        """
        notes = [c for c in COLUMNS[self.kind] if c.key == "notes"]
        if notes and "notes" not in self._columns:
            return False
        compared = 0
        for source in self._columns.values():
            if source.column.form in (MONEY, DAY):
                continue  # typed in Excel, they no longer read as the example's text
            example = {fold_value(source.column.example(lang)) for lang in ("zh_CN", "en")}
            example.discard("")
            text = fold_value(cells.cell_text(self._value(source)))
            if example and text:
                if text not in example:
                    return False
                compared += 1
        return compared >= 2

    # Problems -------------------------------------------------------------------------------

    def _problem(
        self, key: str, message: str, params: dict[str, Any], header: str | None
    ) -> RowProblem:
        column = self.header(key) if header is None else header
        return RowProblem(key, message, params, row=self.number, column=column)

    def problem(self, key: str, message: str, header: str | None = None, **params: Any) -> None:
        self.problems.append(self._problem(key, message, params, header))

    def warn(self, key: str, message: str, header: str | None = None, **params: Any) -> None:
        self.warnings.append(self._problem(key, message, params, header))

    def adopt(self, problems: Iterable[FieldProblem], aliases: dict[str, str]) -> None:
        """Take a service's field problems as this row's, each under its column's header."""
        for problem in problems:
            header = self.column_of(problem.field, aliases)
            params = dict(problem.params)
            self.problems.append(
                RowProblem(problem.field, problem.message, params, self.number, header)
            )

    def column_of(self, field_name: str, aliases: dict[str, str]) -> str:
        """The header a service field's problem belongs under ("" for the row as a whole)."""
        if field_name in self.field_columns:
            return self.field_columns[field_name]
        key = aliases.get(field_name, field_name.split(".")[0])
        return self.header(key) if any(c.key == key for c in COLUMNS[self.kind]) else ""


def _index(source: SourceColumn) -> int:
    return source.index


# The file's column list (by identity) → its shown columns and headers; a few files at most.
_ORDER: dict[int, tuple[list[SourceColumn], tuple[SourceColumn, ...], tuple[str, ...]]] = {}


def _shown_order(
    sources: list[SourceColumn],
    columns: dict[str, SourceColumn],
    numbered: dict[str, list[SourceColumn]],
) -> tuple[tuple[SourceColumn, ...], tuple[str, ...]]:
    """The columns a preview shows, in file order, with their headers; worked out once per
    file (every row of a file shares its column list)."""
    known = _ORDER.get(id(sources))
    if known is None or known[0] is not sources:
        shown = [*columns.values(), *(s for g in numbered.values() for s in g)]
        ordered = tuple(sorted(shown, key=_index))
        if len(_ORDER) > 8:
            _ORDER.clear()
        known = _ORDER[id(sources)] = (sources, ordered, tuple(s.header for s in ordered))
    return known[1], known[2]


def _column(kind: str, key: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.key == key)
