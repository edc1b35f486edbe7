"""Spares PySide6's import hook the source of modules that cannot use PySide6.

Once PySide6 is imported, every later import passes its hook, which reads the new module's source
(`inspect.getsource`, kept in the line cache) to see whether it mentions "PySide6" — for its
optional `__feature__` switches, which this app never uses. The desktop app imports the database
library, the models and the services after its first paint (`ui/app.py`), so the hook would read
and keep all of their source: measured, about 14 MB of peak memory and some CPU. The core never
imports Qt (`tests/core/test_layers.py`) and neither do the libraries below, so for them the
answer is known without reading anything. Where PySide6 no longer has this hook, nothing changes.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import ModuleType

log = logging.getLogger(__name__)

#: Packages that never import Qt (their top-level names), and the app's core.
WITHOUT_QT = frozenset(
    {
        "alembic",
        "babel",
        "chinese_calendar",
        "greenlet",
        "holidays",
        "keyring",
        "mako",
        "openpyxl",
        "psycopg",
        "psycopg_binary",
        "sqlalchemy",
        "typing_extensions",
    }
)


def without_qt(name: str) -> bool:
    """True for a module known never to import Qt."""
    return name.split(".", 1)[0] in WITHOUT_QT or name.startswith("desktop_app.core.")


def install() -> bool:
    """Answer the hook's question for the modules of :data:`WITHOUT_QT`; False where PySide6
    has no such hook (then nothing is changed)."""
    feature = sys.modules.get("shibokensupport.feature")
    asks: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or asks is None or getattr(asks, "spared", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        if without_qt(getattr(module, "__name__", "")):
            return False
        return asks(module)

    uses_pyside.spared = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    log.debug("PySide6's import hook spared the source of modules without Qt")
    return True
