"""``backup FILE`` and ``restore FILE``: the embedded database and its evidence files.

Both work on this computer's embedded SQLite database (``--data-dir`` chooses which); a team
server is backed up with ``pg_dump`` on the server (see the README). Exit codes: 0 done, 1 refused
(a team server, a file that exists), 3 the backup or the database cannot be used.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.output import error
from desktop_app.core.backup.service import make_backup, restore
from desktop_app.core.common.clock import SystemClock
from desktop_app.core.common.errors import StorageError
from desktop_app.core.common.i18n import _
from desktop_app.core.context import choose_database_url
from desktop_app.core.local.paths import AppPaths, resolve_paths
from desktop_app.core.local.settings import LocalSettings
from desktop_app.core.storage.engine import safe_url, sqlite_url

EXIT_REFUSED, EXIT_STORAGE = 1, 3


def add_backup_commands(commands: Any) -> None:
    """``backup FILE`` and ``restore FILE``."""
    backup = commands.add_parser(
        "backup", help=_("back up the embedded database and evidence files into FILE (.zip)")
    )
    backup.add_argument("file", metavar=_("FILE"), help=_("the backup file to write"))
    backup.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    restoring = commands.add_parser(
        "restore",
        help=_("replace the embedded database and evidence files with a backup (close the app)"),
    )
    restoring.add_argument("file", metavar=_("FILE"), help=_("the backup file to restore"))


def _embedded_paths(args: argparse.Namespace) -> AppPaths | None:
    """The data folder's paths, or ``None`` (after saying why) when this desk uses a server."""
    paths = resolve_paths(args.data_dir)
    url = choose_database_url(args.db, LocalSettings.load(paths.settings_file), paths)
    if url != sqlite_url(paths.database_file):
        error(
            _(
                "Backups here are of the embedded database; this desk uses {url}. Back up a "
                "team server with pg_dump (see the README)."
            ).format(url=safe_url(url))
        )
        return None
    return paths


def run_backup(args: argparse.Namespace) -> int:
    paths = _embedded_paths(args)
    if paths is None:
        return EXIT_REFUSED
    target = Path(args.file).expanduser()
    if target.exists() and not args.force:
        error(_("{path} exists already: choose another name or add --force.").format(path=target))
        return EXIT_REFUSED
    if target.is_dir():
        error(_("{path} is a folder: name the backup file.").format(path=target))
        return EXIT_REFUSED
    try:
        manifest = make_backup(paths, target, SystemClock().now())
    except StorageError as problem:
        error(problem.text())
        return EXIT_STORAGE
    done = _("Backed up to {path}: the database (schema {revision}) and {count} evidence files.")
    print(
        done.format(path=target, revision=manifest.revision or "-", count=manifest.evidence_count)
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    paths = _embedded_paths(args)
    if paths is None:
        return EXIT_REFUSED
    try:
        result = restore(paths, Path(args.file).expanduser(), SystemClock().now())
    except StorageError as problem:
        error(problem.text())
        return EXIT_STORAGE
    print(
        _("Restored the backup of {when} (schema {revision}, {count} evidence files).").format(
            when=result.manifest.created_at,
            revision=result.manifest.revision or "-",
            count=result.manifest.evidence_count,
        )
    )
    if result.kept_aside is not None:
        print(_("The data it replaced is kept in {path}.").format(path=result.kept_aside))
    return 0
