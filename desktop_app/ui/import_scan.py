"""Spares PySide6's import hook the source of modules that cannot use PySide6.

Once PySide6 is imported, every later import passes its hook, which reads the module's source
(`inspect.getsource`, kept in the line cache) to see whether it mentions "PySide6" — for its
optional `__feature__` switches, which this app never uses. It asks once per module, also for a
module loaded before PySide6 the first time an import statement names it again. The desktop app
imports the database library, the models and the services after its first paint (`ui/app.py`),
so the hook would read and keep all of their source: measured, about 14 MB of peak memory and
some CPU. The core never imports Qt (`tests/core/test_layers.py`), nor do the libraries below
and Python's standard library (which the hook read next: some 300 files, 7 MB in the line cache
at start-up), so for them the answer is known without reading anything; the app's own UI
modules are known to use Qt. Where PySide6 no longer has this hook, nothing changes.
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
        "dateutil",
        "greenlet",
        "holidays",
        "keyring",
        "mako",
        "openpyxl",
        "psycopg",
        "psycopg_binary",
        "pytz",
        "sqlalchemy",
        "typing_extensions",
    }
)


def without_qt(name: str) -> bool:
    """True for a module known never to import Qt: the standard library, the libraries of
    :data:`WITHOUT_QT` and the app's core."""
    top = name.split(".", 1)[0]
    standard = top in sys.stdlib_module_names
    return top in WITHOUT_QT or standard or name.startswith("desktop_app.core.")


def install() -> bool:
    """Import PySide6's core and answer its hook's question for the modules without Qt (see
    :func:`without_qt`); False where PySide6 has no such hook or it was answered already.

    Called before the desktop app's modules are imported, so that the imports of the shell too
    are spared (their standard library modules the hook would read otherwise)."""
    import PySide6.QtCore  # noqa: F401  (the hook exists once PySide6 is imported)

    feature = sys.modules.get("shibokensupport.feature")
    asks: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or asks is None or getattr(asks, "spared", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        if without_qt(name):
            return False
        if name.startswith("desktop_app.ui."):
            return True  # the app's Qt layer (the answer only means "no feature selected")
        return asks(module)

    uses_pyside.spared = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    log.debug("PySide6's import hook spared the source of modules without Qt")
    return True
