"""One check of every text value before the database sees it, the same on SQLite and PostgreSQL.

SQLite stores a NUL character and text of any length (after which every export of the record
fails); PostgreSQL refuses both with a raw driver error. Every session checks the text columns
of each record it is about to write (``before_flush``), and bulk writes call
:func:`check_values` themselves: a NUL anywhere, text beyond a ``String(n)`` column's length,
or beyond what one spreadsheet cell holds for an unbounded text column, is refused with a
ValidationError naming the field, before anything reaches the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from sqlalchemy import JSON, Engine, String, Table, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.core.common.errors import FieldProblem, ValidationError
from desktop_app.core.common.i18n import N_

TEXT_LIMIT = 32_767  # what one spreadsheet cell holds: every record stays exportable
SKIPPED_TABLES = frozenset({"audit_entry", "alembic_version"})  # copies of checked values


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _label(name: str) -> str:
    return name.replace("_", " ")


@cache
def _text_columns(table: Table) -> tuple[tuple[str, int], ...]:
    """(column key, most characters) of each text or JSON column of ``table``."""
    if table.name in SKIPPED_TABLES:
        return ()
    found = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, String | JSON):
            length = kind.length if isinstance(kind, String) else None
            found.append((column.key, min(TEXT_LIMIT, length or TEXT_LIMIT)))
    return tuple(found)


def problems_of(
    table: Table, values: Mapping[str, Any], lengths: bool = True
) -> list[FieldProblem]:
    """What is wrong with the text ``values`` for the columns of ``table`` (column key → value).

    ``lengths`` False checks each value against :data:`TEXT_LIMIT` only, not its column's own
    length: for a draft as typed, which its service still trims and normalises (" usd " → USD).
    """
    problems: list[FieldProblem] = []
    for key, column_limit in _text_columns(table):
        limit = column_limit if lengths else TEXT_LIMIT
        value = values.get(key)
        if value is None:
            continue
        for text in (value,) if isinstance(value, str) else _strings(value):
            if "\x00" in text:
                problems.append(
                    FieldProblem(
                        key,
                        N_("“{field}” contains a NUL character, which cannot be stored."),
                        {"field": _label(key)},
                    )
                )
                break
            if len(text) > limit:
                problems.append(
                    FieldProblem(
                        key,
                        N_("“{field}” is too long: {length} characters, at most {limit}."),
                        {"field": _label(key), "length": len(text), "limit": limit},
                    )
                )
                break
    return problems


def check_draft(table: Table, draft: Any) -> None:
    """Check a service's draft (a dataclass whose fields are named as ``table``'s columns).

    Called first by a service's validation, so that the field named is the form's and no
    query runs with text the database cannot take. Column lengths are checked on the clean values
    (by the service, or at the flush).
    """
    values = {name: getattr(draft, name) for name in getattr(draft, "__dataclass_fields__", {})}
    problems = problems_of(table, values, lengths=False)
    if problems:
        raise ValidationError(problems)


def check_values(table: Table, values: Mapping[str, Any]) -> None:
    """Raise ValidationError when a text value cannot be stored as it is."""
    problems = problems_of(table, values)
    if problems:
        raise ValidationError(problems)


def _on_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    problems: list[FieldProblem] = []
    for record in (*session.new, *session.dirty):
        table = getattr(record, "__table__", None)
        if not isinstance(table, Table):
            continue
        # Only what is loaded or set: a deferred column is not read just to be checked.
        loaded = inspect(record).dict
        values = {
            column.key: loaded[column.key]
            for column in table.columns
            if column.key in loaded and isinstance(column.type, String | JSON)
        }
        problems.extend(problems_of(table, values))
    if problems:
        raise ValidationError(problems)


def install(factory: sessionmaker[Session]) -> None:
    """Check every flush of the sessions ``factory`` makes."""
    event.listen(factory, "before_flush", _on_before_flush)


def _parameter_field(name: object) -> str:
    """``name_1`` (a bound parameter SQLAlchemy numbered) → ``name``."""
    text = str(name)
    return re.sub(r"_\d+$", "", text) if not text.isdigit() else ""


def _on_before_cursor_execute(
    _connection: Any,
    _cursor: Any,
    _statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    sets = parameters if executemany else [parameters]
    if not all(isinstance(values, Mapping | list | tuple) for values in sets or ()):
        sets = [parameters]
    # Positional parameters (SQLite's "?") are named by the compiled statement if there is one.
    names = getattr(getattr(context, "compiled", None), "positiontup", None) or ()
    for values in sets:
        plain = values.values() if isinstance(values, Mapping) else (values or ())
        if not any(isinstance(value, str) and "\x00" in value for value in plain):
            continue  # the usual case: no names worked out (an import sends 100,000 rows)
        if isinstance(values, Mapping):
            pairs: Iterable[tuple[object, Any]] = values.items()
        else:
            pairs = ((names[i] if i < len(names) else i, v) for i, v in enumerate(values or ()))
        for name, value in pairs:
            if isinstance(value, str) and "\x00" in value:
                field = _parameter_field(name)
                raise ValidationError.single(
                    field,
                    N_("“{field}” contains a NUL character, which cannot be stored."),
                    field=_label(field) or "?",
                )


def install_engine(engine: Engine) -> None:
    """Refuse a NUL in any statement's parameters, searches included, on either database.

    PostgreSQL cannot even compare with such text (a raw driver error); SQLite would store it.
    Checked before the statement leaves the process, for what no form or flush checked.
    """
    event.listen(engine, "before_cursor_execute", _on_before_cursor_execute)
