"""How large an imported file may be, and the refusals that say so.

A spreadsheet is a zip of XML: seven kilobytes can claim a cell at XFD1048576, a merged range
over a million rows or shared strings that unpack to hundreds of megabytes. The reader checks
the package's parts, the sheet's declared dimension and every cell actually present against
these caps while it streams, and refuses at the first one passed, before anything piles up in
memory. The caps leave ample room for a real register: 100,000 rows import in well under a
minute.
"""

from __future__ import annotations

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_

MAX_ROWS = 110_000  # spreadsheet rows, header included
MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_MERGED_RANGES = 10_000
MAX_MERGED_ROWS = 1_000_000  # rows spanned by all merged ranges together
MAX_PART_BYTES = 256 * 1024 * 1024  # one part of an .xlsx package, unpacked
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
MAX_PACKAGE_BYTES = 512 * 1024 * 1024  # every part together, unpacked
MAX_PARTS = 10_000
MAX_CSV_BYTES = 64 * 1024 * 1024


def refuse(message: str, **params: object) -> ValidationError:
    """A problem with the file as a whole."""
    return ValidationError.single("file", message, **params)


def too_many_rows(name: str) -> ValidationError:
    return refuse(
        N_("{name} has more than {limit} rows; split it into smaller files."),
        name=name,
        limit=f"{MAX_ROWS:,}",
    )


def too_many_columns(name: str) -> ValidationError:
    return refuse(
        N_("{name} uses more than {limit} columns; keep only the columns to import."),
        name=name,
        limit=f"{MAX_COLUMNS:,}",
    )


def cell_too_long(name: str, row: int) -> ValidationError:
    return refuse(
        N_("A cell in row {row} of {name} holds more than {limit} characters."),
        name=name,
        row=row,
        limit=f"{MAX_CELL_CHARS:,}",
    )


def too_large(name: str) -> ValidationError:
    return refuse(
        N_("{name} is too large to import; split it into smaller files."),
        name=name,
    )


def too_many_merges(name: str) -> ValidationError:
    return refuse(
        N_("{name} has too many or too large merged cells; unmerge them and try again."),
        name=name,
    )


def unreadable(name: str) -> ValidationError:
    return refuse(N_("{name} cannot be read as an Excel workbook."), name=name)
