"""The core never imports Qt or the UI package: plain Python, usable from the GUI, CLI and tests."""

from __future__ import annotations

import ast
from pathlib import Path

import desktop_app.core

CORE = Path(desktop_app.core.__file__).resolve().parent
FORBIDDEN = ("PySide6", "shiboken6", "desktop_app.ui")


def _package_of(path: Path) -> str:
    """The package a file's relative imports start from (its folder, for ``__init__`` too)."""
    return ".".join(path.relative_to(CORE.parent.parent).parent.parts)


def imported_modules(source: str, package: str) -> set[str]:
    """Every module a source file imports, relative imports resolved against ``package``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def forbidden_in(modules: set[str]) -> set[str]:
    return {m for m in modules for bad in FORBIDDEN if m == bad or m.startswith(bad + ".")}


def test_no_core_module_imports_qt_or_the_ui() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 30
    offenders = {
        str(path.relative_to(CORE)): sorted(bad)
        for path in files
        if (bad := forbidden_in(imported_modules(path.read_text("utf-8"), _package_of(path))))
    }
    assert offenders == {}


def test_the_check_sees_every_way_of_importing() -> None:
    package = "desktop_app.core.services"
    assert forbidden_in(imported_modules("import PySide6.QtCore", package))
    assert forbidden_in(imported_modules("from shiboken6 import isValid", package))
    assert forbidden_in(imported_modules("from desktop_app import ui", package))
    assert forbidden_in(imported_modules("from desktop_app.ui.tray import Tray", package))
    assert forbidden_in(imported_modules("from ...ui import tray", package))
    assert forbidden_in(imported_modules("def f():\n    import PySide6\n", package))
    assert not forbidden_in(imported_modules("from ..phone import normalise", package))
    assert not forbidden_in(imported_modules("import desktop_app.uikit", package))
