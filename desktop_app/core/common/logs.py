"""The app's log file: plain ``logging`` into a rotating file in the log folder.

``main()`` calls :func:`setup_logging` once (INFO, or DEBUG with ``--verbose``) and
:func:`shutdown_logging` when it returns. Every module logs through ``logging.getLogger(__name__)``
under the ``desktop_app`` logger. What is logged is what helps someone at another desk find out
what happened — start, stop, version, the kind of database, migrations, backups, team-server
connections, reminders, imports, exports, documents produced and every error — and never a
password, a token or a loan amount: messages name records by number, and the formatter also
masks anything shaped like a password in a URL or a ``password=`` pair, tracebacks included.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "desktop_app"
LOG_FILE_NAME = "callback-desk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d]: %(message)s"

_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][\w+.-]*://[^:/@\s]*:)(?P<secret>[^@\s]+)(?=@)")
_PAIR_SECRET = re.compile(
    r"(?P<head>\b(?:password|passwd|pwd|token|secret)\s*[=:]\s*)(?P<secret>[^\s&;,'\"]+)",
    re.IGNORECASE,
)
MASK = "***"

_handler: RotatingFileHandler | None = None


def redact(text: str) -> str:
    """``text`` with URL passwords and ``password=…``/``token=…`` values replaced by ``***``."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    return _PAIR_SECRET.sub(lambda m: m.group("head") + MASK, text)


class RedactingFormatter(logging.Formatter):
    """Formats a record, traceback included, and masks secrets in the result."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_file(log_dir: Path) -> Path:
    """The current log file in ``log_dir`` (older ones end in .1, .2, …)."""
    return log_dir / LOG_FILE_NAME


def setup_logging(log_dir: Path, verbose: bool = False) -> Path:
    """Send the app's log to a rotating file in ``log_dir``; returns the file.

    Called again (tests run ``main()`` many times) it replaces the previous file handler.
    """
    global _handler
    shutdown_logging()
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_file(log_dir)
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
    )
    handler.setFormatter(RedactingFormatter(FORMAT))
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.addHandler(handler)
    _handler = handler
    return path


def shutdown_logging() -> None:
    """Close the log file (the end of ``main()``); logging after it goes nowhere."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER_NAME).removeHandler(_handler)
        _handler.close()
        _handler = None


def current_log_file() -> Path | None:
    """The file the log goes to now, or None before :func:`setup_logging`."""
    return Path(_handler.baseFilename) if _handler is not None else None
