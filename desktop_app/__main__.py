"""Entry point: parse the arguments, then start the desktop app or run a command.

SQLAlchemy is imported before PySide6 on purpose: PySide6 installs an import hook that slows every
later import (it reads each new module's source to look for "PySide6", and keeps it in memory), and
the app needs SQLAlchemy before its first window anyway. For the desktop app the whole core (the
ORM, the models, the services, the database's dialect) is imported before the UI, for the same
reason.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run ``callback-desk`` with ``argv`` (default: the process arguments)."""
    import sqlalchemy  # noqa: F401  (imported before PySide6; see the module docstring)

    from desktop_app.cli.parser import build_parser
    from desktop_app.core.common.i18n import set_language
    from desktop_app.core.local.paths import resolve_paths
    from desktop_app.core.local.settings import LocalSettings

    arguments = list(sys.argv[1:] if argv is None else argv)
    language = _peek_option(arguments, "--lang")
    if language is None:
        paths = resolve_paths(_peek_option(arguments, "--data-dir"))
        language = LocalSettings.load(paths.settings_file).language or None
    set_language(language)
    args = build_parser().parse_args(arguments)
    if args.command is None:
        from desktop_app.core.context import import_dialect  # before PySide6: see the docstring

        import_dialect(args.db, args.data_dir)
        from desktop_app.ui.app import run_gui

        return run_gui(args)
    from desktop_app.cli.main import run_command

    try:
        return run_command(args)
    except BrokenPipeError:  # the output went to a pager or `head` that closed early
        sys.stderr.close()
        return 0


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
