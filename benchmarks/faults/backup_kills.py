"""Random SIGKILL during daily backups: no backup that looks finished is ever corrupt.

A data folder holds a migrated database with enough call records to make a backup take a while,
and a few evidence files. Each trial starts a child process that makes the automatic backup of
a new day (``run_automatic``: online backup, zip, checks, rename, pruning, the stored time) and
kills it with SIGKILL at a random moment within 1.3 times what one backup takes. Afterwards every
automatic backup in the folder must pass :func:`verify` (hashes, integrity check, schema), the
database must pass SQLite's integrity check, and the stored time of the last backup must name a
backup that exists (or an older one). A left-over ``.partial`` is counted, not an error: the next
backup replaces it, and it never has a backup's name.

    .venv/bin/python benchmarks/faults/backup_kills.py --trials 30

POSIX only (SIGKILL). Prints the figures; exit 1 when any backup or the database is corrupt.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop_app.core.backup.archive import SCRATCH_PREFIX, verify  # noqa: E402
from desktop_app.core.backup.service import auto_backups, last_backup  # noqa: E402
from desktop_app.core.common.errors import StorageError  # noqa: E402
from desktop_app.core.local.paths import AppPaths, resolve_paths  # noqa: E402
from desktop_app.core.local.settings import LocalSettings  # noqa: E402
from desktop_app.core.storage.engine import make_engine, sqlite_url  # noqa: E402
from desktop_app.core.storage.migrate import prepare_database  # noqa: E402
from desktop_app.core.storage.sqlite_file import integrity_problems  # noqa: E402

START = datetime(2026, 11, 25, 2, tzinfo=UTC)
CHILD = """
import sys
from datetime import datetime
from desktop_app.core.backup.service import run_automatic
from desktop_app.core.local.paths import resolve_paths
run_automatic(resolve_paths(sys.argv[1]), datetime.fromisoformat(sys.argv[2]))
"""


def prepare(folder: Path, calls: int) -> AppPaths:
    paths = resolve_paths(folder)
    paths.ensure()
    engine = make_engine(sqlite_url(paths.database_file))
    try:
        prepare_database(engine, paths.backup_dir, START)
    finally:
        engine.dispose()
    with closing(sqlite3.connect(paths.database_file)) as connection:
        connection.executemany(
            "INSERT INTO call_record (direction, occurred_at, caller_name, caller_number, "
            "caller_number_key, outcome, topics, questions, answers, bank_requests, concerns, "
            "notes, exchanges, record_notes) VALUES ('inbound', ?, ?, '95588', '95588', "
            "'answered', '[]', ?, ?, '', '', ?, '[]', '')",
            [
                (
                    (START - timedelta(minutes=i)).isoformat(),
                    f"caller {i}",
                    "资金用途？" * 20,
                    "采购原材料" * 20,
                    f"note {i} " * 10,
                )
                for i in range(calls)
            ],
        )
        connection.commit()
    for index in range(5):
        target = paths.evidence_dir / str(index) / f"voucher-{index}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(os.urandom(512 * 1024))
    return paths


def run_child(paths: AppPaths, now: datetime, kill_after: float | None) -> bool:
    """Run one backup; kill it after ``kill_after`` s. True if it ran to the end."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.data_dir), now.isoformat()],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if kill_after is None:
        _out, err = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(err.decode())
        return True
    try:
        process.wait(timeout=kill_after)
        return process.returncode == 0
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return False


def check(paths: AppPaths) -> tuple[int, int, int]:
    """(sound backups, corrupt backups, left-over partial files)."""
    sound = corrupt = 0
    for _made, path in auto_backups(paths.backup_dir):
        try:
            verify(path)
            sound += 1
        except StorageError:
            corrupt += 1
    partials = sum(
        1
        for p in paths.backup_dir.iterdir()
        if p.name.endswith(".partial") or p.name.startswith(SCRATCH_PREFIX)
    )
    return sound, corrupt, partials


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--calls", type=int, default=60000, help="call records in the database")
    parser.add_argument("--seed", type=int, default=1729)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="backup-kills-"))
    try:
        paths = prepare(folder / "data", args.calls)
        size = paths.database_file.stat().st_size
        began = time.perf_counter()
        run_child(paths, START, None)  # one whole backup: how long one takes
        duration = time.perf_counter() - began
        finished = killed = corrupt_total = 0
        worst_partials = 0
        stale_time = 0
        for trial in range(1, args.trials + 1):
            now = START + timedelta(days=trial)
            # Up to 1.3 times one backup's time: most are killed somewhere inside it (start-up,
            # online backup, zip, checks, rename, pruning), some run to the end.
            if run_child(paths, now, rng.uniform(0.0, 1.3 * duration)):
                finished += 1
            else:
                killed += 1
            sound, corrupt, partials = check(paths)
            corrupt_total += corrupt
            worst_partials = max(worst_partials, partials)
            stored = last_backup(LocalSettings.load(paths.settings_file))
            names = {made for made, _path in auto_backups(paths.backup_dir)}
            if stored is not None and stored not in names and stored > max(names, default=stored):
                stale_time += 1
        database_problems = integrity_problems(paths.database_file)
        sound, corrupt, partials = check(paths)
        print(f"database: {size / 1e6:.1f} MB, {args.calls} call records, 5 evidence files")
        print(f"one backup (child process, start to end): {duration:.2f} s")
        print(f"trials: {args.trials}  killed mid-backup: {killed}  ran to the end: {finished}")
        print(f"corrupt backups seen after a kill: {corrupt_total}")
        print(f"backups kept at the end: {sound} sound, {corrupt} corrupt (7 daily + 4 weekly)")
        print(
            f"left-over .partial files and scratch folders at most: {worst_partials} "
            "(never a backup's name; a backup removes those over an hour old)"
        )
        print(f"stored last-backup time naming no backup: {stale_time}")
        print(f"database integrity problems: {len(database_problems)}")
        bad = corrupt_total or corrupt or database_problems or stale_time
        print("RESULT:", "FAIL" if bad else "ok (corrupt 0)")
        return 1 if bad else 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
