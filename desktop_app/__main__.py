"""Entry point: parse the arguments, then start the desktop app or run a command.

SQLAlchemy is imported before PySide6 on purpose: PySide6 installs an import hook that slows every
later import (it reads each new module's source to look for "PySide6", and keeps it in memory), and
the app needs SQLAlchemy before its first window anyway. For the desktop app the whole core (the
ORM, the models, the services, the database's dialect) is imported before the UI, for the same
reason.
"""

from __future__ import annotations

import argparse
import logging
import sys

from desktop_app import __version__

log = logging.getLogger("desktop_app")


def main(argv: list[str] | None = None) -> int:
    """Run ``callback-desk`` with ``argv`` (default: the process arguments)."""
    import sqlalchemy  # noqa: F401  (imported before PySide6; see the module docstring)

    from desktop_app.cli.argparse_words import install as install_argparse_words
    from desktop_app.cli.parser import build_parser
    from desktop_app.core.common.i18n import SUPPORTED, set_language
    from desktop_app.core.local.paths import resolve_paths
    from desktop_app.core.local.settings import LocalSettings

    _give_windowed_build_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    language = _peek_option(arguments, "--lang")
    if language is not None and language not in SUPPORTED:
        return _unsupported_language(language)
    if language is None:
        paths = resolve_paths(_peek_option(arguments, "--data-dir"))
        language = LocalSettings.load(paths.settings_file).language or None
    set_language(language)
    install_argparse_words()
    args = build_parser().parse_args(arguments)
    if args.self_test:
        from desktop_app.cli.self_test import run_self_test  # its own temporary data folder

        return run_self_test(as_json=args.self_test_json, verbose=args.verbose)
    if args.command == "logs":
        print(resolve_paths(args.data_dir).log_dir)
        return 0
    return _run_logged(args)


def _run_logged(args: argparse.Namespace) -> int:
    """Run the desktop app or a command with the log file open, logging start and stop."""
    from desktop_app.core.common.logs import setup_logging, shutdown_logging
    from desktop_app.core.local.build_info import describe_build
    from desktop_app.core.local.paths import resolve_paths

    paths = resolve_paths(args.data_dir)
    try:
        setup_logging(paths.log_dir, verbose=args.verbose)
    except OSError as problem:  # a read-only or full disk must not stop the app
        from pathlib import Path

        if not (args.data_dir and Path(args.data_dir).is_file()):  # that one the command says
            print(problem, file=sys.stderr)
    what = args.command or "desktop app"
    log.info("Callback Desk %s starting: %s (%s)", __version__, what, describe_build())
    code = 1
    try:
        if args.command is None:
            from desktop_app.core.context import import_dialect  # before PySide6: see docstring

            import_dialect(args.db, args.data_dir)
            from desktop_app.ui.app import run_gui

            code = run_gui(args)
            return code
        from desktop_app.cli.main import run_command

        try:
            code = run_command(args)
        except BrokenPipeError:  # the output went to a pager or `head` that closed early
            sys.stderr.close()
            code = 0
        return code
    except Exception as error:
        log.exception("Callback Desk stopped by an unexpected error")
        if args.command is None:  # a windowed build has no terminal: say it in a dialog
            from desktop_app.ui.error_hook import show_fatal

            show_fatal(error, paths.log_dir)
        raise
    finally:
        log.info("Callback Desk stopped: %s, exit code %s", what, code)
        shutdown_logging()


def _unsupported_language(value: str) -> int:
    """``--lang fr``: one line in the system's language (or the default), exit code 2."""
    from desktop_app.core.common.i18n import _, set_language

    set_language(None)
    message = _("Callback Desk speaks Chinese (zh_CN) and English (en), not “{value}”.")
    print("callback-desk: " + message.format(value=value), file=sys.stderr)
    return 2


def _give_windowed_build_streams() -> None:
    """A windowed Windows build has no standard streams (they are None): give it empty ones, so
    that a print or a warning cannot fail; its errors go to the log file."""
    import os

    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _peek_option(arguments: list[str], name: str) -> str | None:
    """The value of ``name`` before the full parser exists (it needs the language first)."""
    for index, argument in enumerate(arguments):
        if argument == name and index + 1 < len(arguments):
            return arguments[index + 1]
        if argument.startswith(name + "="):
            return argument.split("=", 1)[1]
    return None


if __name__ == "__main__":
    sys.exit(main())
