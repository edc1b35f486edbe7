"""The self-test behind ``callback-desk check``: database, schema, catalogs, resources."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.core.common.errors import DeskError, StorageError
from desktop_app.core.common.i18n import N_, SUPPORTED, _
from desktop_app.core.local.paths import resources_dir, translations_dir
from desktop_app.core.models import EvidenceFile
from desktop_app.core.storage.engine import describe_database, make_engine, parse_url
from desktop_app.core.storage.migrate import HEAD_REVISION, current_revision
from desktop_app.core.storage.sqlite_file import integrity_problems, probe, read_only

REQUIRED_RESOURCES = (
    "icons/app.png",
    "icons/tray.png",
    *(
        f"templates/{kind}_{lang}.xlsx"
        for kind in ("banks", "contracts", "people", "responders")
        for lang in ("zh_CN", "en")
    ),
    "training/course.toml",
    *(
        f"training/{lang}/{name}.toml"
        for lang in ("zh_CN", "en")
        for name in ("texts", "questions")
    ),
)


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, whether it passed, and what was found."""

    name: str
    ok: bool
    detail: str


def run_checks(database_url: str, evidence_dir: Path | None = None) -> list[CheckResult]:
    """Run every check; never raises for a failed check.

    An SQLite file is probed and checked read-only (SQLite's integrity check), never upgraded
    or switched to WAL; with ``evidence_dir`` every evidence file is re-hashed as well.
    """
    results: list[CheckResult] = []
    try:
        path = _sqlite_file(database_url)
        if path is not None:
            found = probe(path)
            if not found.exists:
                raise StorageError(N_("There is no database at {path}."), path=str(path))
            revision = found.revision
            problems = integrity_problems(path)
            results.append(
                CheckResult(
                    _("Database integrity"),
                    not problems,
                    "; ".join(problems[:5]) if problems else _("SQLite's integrity check: ok"),
                )
            )
        else:
            engine = make_engine(database_url)
            try:
                revision = current_revision(engine)
            finally:
                engine.dispose()
        if revision == HEAD_REVISION:
            results.append(
                CheckResult(
                    _("Database"),
                    True,
                    _("{where}, up to date").format(where=describe_database(database_url)),
                )
            )
        else:
            results.append(
                CheckResult(
                    _("Database"),
                    False,
                    _(
                        "{where} was written by an older version (schema {found}); "
                        "start the app to bring it up to date"
                    ).format(where=describe_database(database_url), found=revision or _("none")),
                )
            )
    except DeskError as error:
        results.append(CheckResult(_("Database"), False, error.text()))
    if evidence_dir is not None:
        results.append(check_evidence(database_url, evidence_dir))
    try:
        folder = translations_dir()
        missing = [
            lang
            for lang in SUPPORTED
            if not (folder / lang / "LC_MESSAGES" / "messages.mo").is_file()
        ]
        results.append(
            CheckResult(
                _("Translations"),
                not missing,
                _("missing: {languages}").format(languages=", ".join(missing))
                if missing
                else str(folder),
            )
        )
    except FileNotFoundError:
        results.append(
            CheckResult(_("Translations"), False, _("the translations folder is missing"))
        )
    try:
        folder = resources_dir()
        missing = [name for name in REQUIRED_RESOURCES if not (folder / name).is_file()]
        results.append(
            CheckResult(
                _("Resources"),
                not missing,
                _("missing: {files}").format(files=", ".join(missing)) if missing else str(folder),
            )
        )
    except FileNotFoundError:
        results.append(CheckResult(_("Resources"), False, _("the resources folder is missing")))
    return results


MARKS = {True: N_("ok"), False: N_("FAILED")}


def _sqlite_file(database_url: str) -> Path | None:
    parsed = parse_url(database_url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _evidence_rows(database_url: str) -> list[tuple[str, str]]:
    """(stored name, SHA-256) of every evidence file; an SQLite file is read read-only."""
    query = select(EvidenceFile.stored_name, EvidenceFile.sha256)
    path = _sqlite_file(database_url)
    if path is not None:
        with read_only(path) as connection:
            sql = "SELECT stored_name, sha256 FROM evidence_file"
            return [(str(a), str(b)) for a, b in connection.execute(sql)]
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return [(str(a), str(b)) for a, b in connection.execute(query)]
    finally:
        engine.dispose()


def check_evidence(database_url: str, folder: Path) -> CheckResult:
    """Re-hash every evidence file this computer holds against the hash recorded for it."""
    name = _("Evidence files")
    try:
        rows = _evidence_rows(database_url)
    except (SQLAlchemyError, DeskError, OSError, sqlite3.Error) as error:
        return CheckResult(name, False, (str(error) or repr(error)).splitlines()[0])
    # On a team server the files attached at other desks are on their computers, not here.
    elsewhere_ok = _sqlite_file(database_url) is None
    root = folder.resolve()
    bad: list[str] = []
    for stored, expected in rows:
        path = (root / stored).resolve()
        if not path.is_relative_to(root):
            bad.append(stored)
        elif not path.is_file():
            if not elsewhere_ok:
                bad.append(stored)
        elif _digest(path) != expected:
            bad.append(stored)
    if bad:
        return CheckResult(
            name,
            False,
            _("{count} of {total} missing or altered: {names}").format(
                count=len(bad), total=len(rows), names=", ".join(bad[:5])
            ),
        )
    return CheckResult(name, True, _("{total} files match their hashes").format(total=len(rows)))
