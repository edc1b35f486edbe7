"""Entry point: parse the arguments, then start the desktop app or run a command.

The desktop app paints its shell before it imports the database library (see `ui/app.py`), so
nothing on its path imports SQLAlchemy before PySide6: the first paint needs only Qt. (PySide6's
import hook makes the later imports somewhat slower; the ring's start of the app still imports
the database's dialect first, `ui/ring/launch.py`.) The desktop app reads its options with the
small parser of `cli/options.py`: the commands' parser, and the services behind them, are
imported only for a command, and each service only when first used (`core/services.py`).
"""

from __future__ import annotations

import argparse
import logging
import sys

from desktop_app import __version__

log = logging.getLogger("desktop_app")


def main(argv: list[str] | None = None) -> int:
    """Run ``callback-desk`` with ``argv`` (default: the process arguments)."""
    from desktop_app.cli.ring import expand_ring_url, is_ring

    _give_windowed_build_streams()
    arguments = expand_ring_url(list(sys.argv[1:] if argv is None else argv))
    if is_ring(arguments):  # the phone is ringing: the short path (see desktop_app.cli.ring)
        return _ring(arguments)

    from desktop_app.cli.argparse_words import install as install_argparse_words
    from desktop_app.cli.options import parse_gui_options
    from desktop_app.core.common.i18n import SUPPORTED, set_language
    from desktop_app.core.local.paths import resolve_paths
    from desktop_app.core.local.settings import LocalSettings

    language = _peek_option(arguments, "--lang")
    if language is not None and language not in SUPPORTED:
        return _unsupported_language(language)
    if language is None:
        paths = resolve_paths(_peek_option(arguments, "--data-dir"))
        language = LocalSettings.load(paths.settings_file).language or None
    set_language(language)
    install_argparse_words()
    args = parse_gui_options(arguments)  # the desktop app: no command, none of their imports
    if args is None:
        from desktop_app.cli.parser import build_parser

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
        if args.command == "ring":  # to the running app, or the app starts with it
            from desktop_app.ui.ring.launch import run_ring

            code = run_ring(args)
            return code
        if args.command is None:
            from desktop_app.ui import import_scan

            import_scan.install()  # before the GUI's own imports: see ui/import_scan.py
            from desktop_app.ui.app import run_gui  # the shell first: see ui/app.py

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


def _ring(arguments: list[str]) -> int:
    """``callback-desk ring``: parsed with the global options alone, the language read from the
    settings file without the settings module (which imports the database library)."""
    import json

    from desktop_app.cli.ring import ring_fields, ring_parser
    from desktop_app.core.common.i18n import set_language
    from desktop_app.core.local.paths import resolve_paths

    language = _peek_option(arguments, "--lang")
    if language is None:
        settings_file = resolve_paths(_peek_option(arguments, "--data-dir")).settings_file
        try:
            stored = json.loads(settings_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        language = stored.get("language") if isinstance(stored, dict) else None
    set_language(language if isinstance(language, str) and language else None)
    args = ring_parser().parse_args(arguments)
    from desktop_app.core.local.channel import send_ring

    # Handed to the running app without opening the log file (the app logs the ring); only a
    # start of the app with the ring goes through the usual logged start.
    if send_ring(resolve_paths(args.data_dir).data_dir, ring_fields(args)):
        return 0
    return _run_logged(args)


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
