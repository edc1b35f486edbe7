"""Writing a file whole or not at all, with a message a person reads when the disk refuses.

An export is built in memory, written to a temporary file beside the target and renamed over it:
a full disk, a read-only folder or a file-size limit leaves the previous file (or none) instead
of half a spreadsheet, and the failure is a ValidationError naming the file and the system's
reason.
"""

from __future__ import annotations

import gc
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import N_


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cannot_write(path: Path, error: OSError) -> ValidationError:
    """The refusal for ``path``: "report.xlsx cannot be written: No space left on device"."""
    return ValidationError.single(
        "file",
        N_("{name} cannot be written: {reason}"),
        name=path.name,
        reason=error.strerror or str(error),
    )


def save_workbook(book: Any, path: Path) -> None:
    """Save an openpyxl workbook whole (built in memory first) or raise :func:`cannot_write`."""
    failure: OSError | None = None
    with quiet_failed_writers():
        try:
            buffer = io.BytesIO()
            book.save(buffer)
            write_atomically(path, buffer.getvalue())
        except OSError as error:
            # Kept without its traceback: the frames hold openpyxl's failed writer, which must
            # be collected inside quiet_failed_writers().
            failure = OSError(error.errno, error.strerror)
    if failure is not None:
        raise cannot_write(path, failure)


@contextmanager
def quiet_failed_writers() -> Iterator[None]:
    """Let writers that failed on a full disk be collected without printing tracebacks.

    openpyxl streams each sheet through a generator into a temporary file; when that write fails,
    the generator's own clean-up fails again when it is collected and Python prints "Exception
    ignored in …" to standard error. The error itself is reported once, by the caller.
    """
    previous = sys.unraisablehook

    def ignore_os_errors(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, OSError):
            previous(unraisable)

    sys.unraisablehook = ignore_os_errors
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = previous
