"""The Qt-free checks of ``callback-desk --self-test``: does this installation hold what it needs?

Each check runs one real piece of the app on a temporary data folder — a database created and
migrated, both catalogs, a number routed, a bundled spreadsheet read, a recurring window expanded
on the Chinese working calendar, the keyring backend, the PostgreSQL driver — and returns a
:class:`~desktop_app.core.local.selfcheck.CheckResult` instead of raising, so a frozen bundle
that lacks a file or a module says which one. The checks that need Qt live in
``desktop_app.ui.self_test``; ``desktop_app.cli.self_test`` runs them all.
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import DOMAIN, SUPPORTED, _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.local.paths import resources_dir, translations_dir
from desktop_app.core.local.selfcheck import CheckResult
from desktop_app.core.services import Services

SAMPLE_NUMBER = "95588"  # the demo company's first bank's hotline
# 1 October 2025 is National Day: a monthly window on the 1st, working days only, moves to the
# first working day after the holiday week, 9 October.
SAMPLE_RULE = "FREQ=MONTHLY;BYMONTHDAY=1"
HOLIDAY_MONTH = (date(2025, 10, 1), date(2025, 10, 31))
EXPECTED_DAY = date(2025, 10, 9)


def guarded(name: str, check: Callable[[], tuple[bool, str]]) -> CheckResult:
    """Run ``check`` (returning passed and details); any exception is a failure naming it."""
    try:
        ok, detail = check()
    except Exception as error:  # a self-test reports every failure, whatever it is
        return CheckResult(name, False, f"{type(error).__name__}: {error}")
    return CheckResult(name, ok, detail)


def check_catalogs() -> tuple[bool, str]:
    """Both catalogs load, and the Chinese one translates the app's name."""
    folder = translations_dir()
    found = []
    for language in SUPPORTED:
        catalog = gettext.translation(DOMAIN, localedir=str(folder), languages=[language])
        found.append(f"{language}: {catalog.gettext('Callback Desk')}")
    chinese = gettext.translation(DOMAIN, localedir=str(folder), languages=["zh_CN"])
    return chinese.gettext("Callback Desk") != "Callback Desk", "; ".join(found)


def check_routing(services: Services, actor: Actor) -> tuple[bool, str]:
    """The demo bank's hotline routes to that bank and to someone to transfer to."""
    result = services.routing.route(actor, SAMPLE_NUMBER)
    if not result.banks:
        return False, _("no bank found for {number}").format(number=SAMPLE_NUMBER)
    names = ", ".join(candidate.name for candidate in result.candidates[:2])
    return bool(result.candidates), f"{SAMPLE_NUMBER} → {result.banks[0].name} → {names}"


def check_spreadsheet() -> tuple[bool, str]:
    """The bundled contracts template (.xlsx) reads with its columns matched."""
    from desktop_app.core.register.import_export.reading import read_table

    path = resources_dir() / "templates" / "contracts_zh_CN.xlsx"
    table = read_table(path, "contracts")
    detail = _("{file}: {columns} columns, {rows} example rows").format(
        file=path.name, columns=len(table.columns), rows=len(table.rows)
    )
    return bool(table.columns) and bool(table.rows), detail


def check_calendar(services: Services) -> tuple[bool, str]:
    """A monthly working-day window skips the National Day holiday week of 2025."""
    from desktop_app.core.windows.rules import RuleSpec, expand_days

    spec = RuleSpec(
        rule=SAMPLE_RULE, first_day=date(2025, 1, 1), last_day=None, working_days_only=True
    )
    days = expand_days(spec, *HOLIDAY_MONTH, services.calendar.is_workday)
    shown = _(", ").join(formats.date_text(day) for day in days) or _("none")
    return days == [EXPECTED_DAY], f"{SAMPLE_RULE} → {shown}"


# The system's own keyring backend on each system: (module, class).
SYSTEM_KEYRINGS = {
    "linux": ("keyring.backends.SecretService", "Keyring"),
    "win32": ("keyring.backends.Windows", "WinVaultKeyring"),
    "darwin": ("keyring.backends.macOS", "Keyring"),
}
# What keyring says when the system backend's own packages are missing (a bundle without
# secretstorage or cryptography, or without pywin32-ctypes): the installation is broken.
MISSING_PACKAGE = ("SecretStorage required", "SecretStorage 3.2 or newer", "Requires Windows")


def check_keyring() -> tuple[bool, str]:
    """The keyring backend in use, and whether this system's own backend could be used: its
    packages must load (this fails in a bundle that lacks them); a keyring service that is not
    running here (no D-Bus session on a build machine) is reported, not failed."""
    import importlib

    import keyring

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    system = SYSTEM_KEYRINGS.get("linux" if sys.platform.startswith("linux") else sys.platform)
    if system is None:
        return True, name
    module_name, class_name = system
    backend_class = getattr(importlib.import_module(module_name), class_name)
    try:
        backend_class.priority  # noqa: B018 (a class property that tries the backend)
    except Exception as error:  # keyring reports every reason as an exception
        reason = str(error)
        missing = reason.startswith(MISSING_PACKAGE)
        return not missing, f"{name}; {module_name}: {reason}"
    return True, f"{name}; {module_name}: " + _("usable")


def check_psycopg() -> tuple[bool, str]:
    """psycopg and its compiled implementation load (the team server's driver)."""
    import psycopg

    implementation = psycopg.pq.__impl__
    return implementation in ("binary", "c"), f"psycopg {psycopg.__version__} ({implementation})"


def check_database_file(path: Path, revision: str | None, head: str) -> tuple[bool, str]:
    """The temporary database exists and is at the newest schema."""
    return path.is_file() and revision == head, _("{name} at schema {revision}").format(
        name=path.name, revision=revision or _("none")
    )
