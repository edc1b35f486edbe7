"""The layers hold: the core never imports Qt or the UI package (plain Python, usable from the GUI,
CLI and tests), and the UI and the CLI never import the database library (its errors stay below
the services, which raise the project's own)."""

from __future__ import annotations

import ast
from pathlib import Path

import desktop_app.core

CORE = Path(desktop_app.core.__file__).resolve().parent
FORBIDDEN = ("PySide6", "shiboken6", "desktop_app.ui")
ABOVE_THE_SERVICES = (CORE.parent / "ui", CORE.parent / "cli")
STORAGE_LIBRARIES = ("sqlalchemy", "alembic", "psycopg", "psycopg2", "sqlite3")


def _package_of(path: Path) -> str:
    """The package a file's relative imports start from (its folder, for ``__init__`` too)."""
    return ".".join(path.relative_to(CORE.parent.parent).parent.parts)


def imported_modules(source: str, package: str, at_run_time: bool = False) -> set[str]:
    """Every module a source file imports, relative imports resolved against ``package``;
    ``at_run_time``: leaving out those under ``if TYPE_CHECKING:`` (annotations only)."""
    found: set[str] = set()
    tree = ast.parse(source)
    if at_run_time:
        tree = _without_type_checking_blocks(tree)
    for node in ast.walk(tree):
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


def _without_type_checking_blocks(tree: ast.Module) -> ast.Module:
    class Remover(ast.NodeTransformer):
        def visit_If(self, node: ast.If) -> ast.AST | list[ast.stmt]:
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                return [self.visit(statement) for statement in node.orelse]
            self.generic_visit(node)
            return node

    return Remover().visit(tree)


def forbidden_in(modules: set[str], forbidden: tuple[str, ...] = FORBIDDEN) -> set[str]:
    return {m for m in modules for bad in forbidden if m == bad or m.startswith(bad + ".")}


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


def test_no_ui_or_cli_module_imports_the_database_library() -> None:
    """The screens and commands catch only the errors of ``core.common.errors``: the storage layer
    (``Store.write/read/connect``) turns the database library's errors into those. An import
    under ``if TYPE_CHECKING:`` is allowed: it only annotates an object the core hands over (a
    parsed URL, an engine) and brings no exception class to catch at run time."""
    files = sorted(path for folder in ABOVE_THE_SERVICES for path in folder.rglob("*.py"))
    assert len(files) > 30
    offenders = {
        str(path.relative_to(CORE.parent)): sorted(bad)
        for path in files
        if (
            bad := forbidden_in(
                imported_modules(path.read_text("utf-8"), _package_of(path), at_run_time=True),
                STORAGE_LIBRARIES,
            )
        )
    }
    assert offenders == {}


def test_the_database_library_check_sees_run_time_imports_only() -> None:
    package = "desktop_app.ui.reminders"

    def storage(source: str) -> set[str]:
        found = imported_modules(source, package, at_run_time=True)
        return forbidden_in(found, STORAGE_LIBRARIES)

    assert storage("from sqlalchemy.exc import SQLAlchemyError")
    assert storage("import sqlalchemy")
    assert storage("def f():\n    from sqlalchemy.engine import make_url\n")
    assert storage("if TYPE_CHECKING:\n    pass\nelse:\n    import sqlalchemy\n")
    assert storage("if ready:\n    import psycopg\n")
    assert not storage("if TYPE_CHECKING:\n    from sqlalchemy.engine import URL\n")
    assert not storage("if typing.TYPE_CHECKING:\n    import sqlalchemy\n")
    assert not storage("from desktop_app.core.storage.engine import parse_url")
    assert not storage("import sqlalchemyish")
