"""``callback-desk --self-test [--json]``: proves that this installation works, frozen or not.

In a temporary data folder (removed afterwards; the person's own data is never touched) it
creates and migrates a database with the demo company, loads both catalogs and Qt's Chinese
translation, renders the main window offscreen and opens each of its pages, writes a PDF with
Chinese text and reads it back, routes a sample number, reads a bundled .xlsx, expands a
recurring window on the Chinese working calendar, reports the keyring backend and loads psycopg.
It prints what passed and failed (a table, or JSON) and exits 0 only when everything passed, 1
otherwise.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from desktop_app.cli.output import print_table
from desktop_app.core.common.i18n import _
from desktop_app.core.local.selfcheck import MARKS, CheckResult

EXIT_FAILED = 1
log = logging.getLogger(__name__)


def run_self_test(as_json: bool = False, verbose: bool = False) -> int:
    """Run every check in a temporary data folder; print the results; 0 when all passed."""
    from desktop_app.core.common.logs import setup_logging, shutdown_logging

    # Offscreen unless told otherwise: CI machines and a bundle started over SSH have no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="callback-desk-self-test-") as folder:
        data_dir = Path(folder)
        setup_logging(data_dir / "logs", verbose=verbose)
        try:
            results = _run_checks(data_dir)
        finally:
            shutdown_logging()
    passed = all(result.ok for result in results)
    if as_json:
        print(
            json.dumps(
                {
                    "passed": passed,
                    "checks": [{"name": r.name, "ok": r.ok, "detail": r.detail} for r in results],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print_table(
            [_("Check"), _("Result"), _("Details")],
            [[r.name, _(MARKS[r.ok]), r.detail] for r in results],
        )
        print(_("All checks passed.") if passed else _("Some checks FAILED."))
    return 0 if passed else EXIT_FAILED


def _run_checks(data_dir: Path) -> list[CheckResult]:
    """Every check in order; the ones that need the database are skipped (failed) without it."""
    from desktop_app.core.local import self_test as core
    from desktop_app.core.local.build_info import build_info
    from desktop_app.core.local.secrets import MemoryStore

    info = build_info()
    results = [
        CheckResult(
            _("Version"),
            True,
            _("{version}, commit {commit}").format(
                version=info.version, commit=info.commit or _("source checkout")
            ),
        ),
        core.guarded(_("Catalogs (zh_CN, en)"), core.check_catalogs),
    ]
    from desktop_app.core.context import open_context
    from desktop_app.core.demo.company import load_demo
    from desktop_app.core.storage.migrate import HEAD_REVISION, current_revision

    try:
        # An in-memory secret store: the self-test must not write into the person's keyring.
        ctx = open_context(data_dir=str(data_dir), secrets=MemoryStore())
    except Exception as error:  # every failure is reported, not raised
        results.append(CheckResult(_("Database created and migrated"), False, str(error)))
        return results + _without_database_checks()
    try:
        revision = current_revision(ctx.engine)
        results.append(
            core.guarded(
                _("Database created and migrated"),
                lambda: core.check_database_file(ctx.paths.database_file, revision, HEAD_REVISION),
            )
        )
        actor = load_demo(ctx.services, ctx.os_account)
        results += _qt_checks(ctx, actor, data_dir)
        results.append(
            core.guarded(
                _("Routing a sample number"), lambda: core.check_routing(ctx.services, actor)
            )
        )
        results.append(core.guarded(_("Reading a sample .xlsx"), core.check_spreadsheet))
        results.append(
            core.guarded(_("Chinese working calendar"), lambda: core.check_calendar(ctx.services))
        )
    except Exception as error:  # e.g. the demo company could not be loaded
        log.exception("Self-test stopped")
        results.append(CheckResult(_("Demo company"), False, f"{type(error).__name__}: {error}"))
    finally:
        ctx.close()
    results += _without_database_checks()
    for result in results:
        log.info(
            "Self-test %s: %s (%s)", "passed" if result.ok else "FAILED", result.name, result.detail
        )
    return results


def _qt_checks(ctx: object, actor: object, data_dir: Path) -> list[CheckResult]:
    """Qt's translation, the main window and the PDF: they need a QApplication."""
    from desktop_app.core.local import self_test as core

    try:
        from desktop_app.ui import self_test as ui
        from desktop_app.ui.app import make_application
    except Exception as error:  # Qt itself failed to load: every Qt check fails with the reason
        detail = f"{type(error).__name__}: {error}"
        return [CheckResult(_("Qt"), False, detail)]
    app = make_application(sys.argv[:1])
    results = [core.guarded(_("Qt's Chinese translation"), lambda: ui.check_qt_translation(app))]
    try:
        window = ui.WindowChecks(ctx, actor)  # type: ignore[arg-type]
    except Exception as error:  # every failure is reported, not raised
        results.append(
            CheckResult(_("Main window rendered"), False, f"{type(error).__name__}: {error}")
        )
    else:
        try:
            results.append(core.guarded(_("Main window rendered"), window.rendered))
            results.append(core.guarded(_("Every page opened"), window.every_page))
        finally:
            window.close()
    results.append(
        core.guarded(_("PDF with Chinese text"), lambda: ui.check_pdf(data_dir / "documents"))
    )
    return results


def _without_database_checks() -> list[CheckResult]:
    from desktop_app.core.local import self_test as core

    return [
        core.guarded(_("Keyring backend"), core.check_keyring),
        core.guarded(_("PostgreSQL driver (psycopg)"), core.check_psycopg),
    ]
