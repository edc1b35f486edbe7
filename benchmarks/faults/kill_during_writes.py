"""Random SIGKILL during writes, imports and schema upgrades on SQLite: corrupt 0, lost 0.

Each trial starts a child process that works on a database file and prints what it committed
(after each commit returns) to its standard output; the parent kills it with SIGKILL after a
random delay, then opens the file itself and checks it: ``PRAGMA integrity_check`` must say
"ok" (else: corrupt), every row the child reported committed must be there (else: lost), and an
import must have written all its rows or none (else: partial). The kinds:

- ``writes``: front-desk calls logged one after another (``services.calls.log``);
- ``imports``: one 3,000-row contracts import (preview, then commit in one transaction);
- ``upgrades``: opening a database at schema ``0008_team`` holding banks, which upgrades it.

Then ``busy``: two 3,000-row imports and 200 front-desk calls at once, from three processes on one
file, without kills: every import and every call must be there (lost 0).

Usage: ``python benchmarks/faults/kill_during_writes.py [--trials 30] [--kinds writes,imports,…]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

IMPORT_ROWS = 3000
BUSY_CALLS = 200
OLD_REVISION = "0008_team"
# Seconds from the child's "ready" to the kill, spanning its work on a busy machine.
DELAYS = {"writes": (0.1, 3.0), "imports": (0.1, 8.0), "upgrades": (0.0, 1.2)}


def _open(folder: Path, migrate: bool = True) -> Any:
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.storage.engine import sqlite_url

    return open_context(
        db=sqlite_url(folder / "desk.sqlite3"),
        data_dir=str(folder / "app"),
        secrets=MemoryStore(),
        migrate=migrate,
    )


def _contracts_csv(path: Path, prefix: str, rows: int = IMPORT_ROWS) -> Path:
    lines = ["合同编号,贷款银行,贷款类型,贷款金额,起始日,到期日"]
    row = "{prefix}-{n:05d},工行,流动资金贷款,1000000,2026-01-05,2027-01-05"
    lines += [row.format(prefix=prefix, n=n) for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def prepare(folder: Path, kind: str) -> None:
    """A database for one trial: the first administrator and one bank (at an old schema for
    ``upgrades``)."""
    if kind == "upgrades":
        from desktop_app.core.storage.engine import make_engine, sqlite_url
        from desktop_app.core.storage.migrate import upgrade

        engine = make_engine(sqlite_url(folder / "desk.sqlite3"))
        upgrade(engine, OLD_REVISION)
        with engine.begin() as connection:
            for n in range(200):
                connection.exec_driver_sql(
                    "INSERT INTO bank (name, short_name, notes, active, version)"
                    " VALUES (?, ?, '', 1, 1)",
                    (f"银行{n}", f"行{n}"),
                )
        engine.dispose()
        return
    from desktop_app.core.register.banks import BankDraft

    app = _open(folder)
    admin = app.services.identity.create_first_admin("Admin", "admin-account").value
    app.services.banks.create(admin, BankDraft(name="中国工商银行", short_name="工行"))
    app.close()
    _contracts_csv(folder / "A.csv", "A")
    _contracts_csv(folder / "B.csv", "B")


def child(folder: Path, kind: str, job: str) -> None:
    """What the killed process does; prints each commit as one JSON line."""
    if kind == "upgrades":
        from desktop_app.core.context import open_context  # noqa: F401 - imported before "ready"

        print(json.dumps({"ready": True}), flush=True)
        app = _open(folder)
        print(json.dumps({"upgraded": True}), flush=True)
        app.close()
        return
    from desktop_app.core.front_desk.calls import CallDraft

    app = _open(folder, migrate=False)
    admin = app.services.identity.actor_for(1)
    print(json.dumps({"ready": True}), flush=True)
    if kind == "imports":
        plan = app.services.imports.preview(admin, "contracts", folder / f"{job}.csv")
        app.services.imports.commit(admin, plan)
        print(json.dumps({"imported": job}), flush=True)
    else:
        count = BUSY_CALLS if kind == "busy" else 10**9
        for n in range(count):
            call = app.services.calls.log(admin, CallDraft("no_one", f"来电{n}")).value
            print(json.dumps({"call": call.id}), flush=True)
    app.close()


def _spawn(folder: Path, kind: str, job: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--folder", str(folder), "--job", job],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def inspect(folder: Path, reported: list[dict[str, Any]], kind: str) -> dict[str, int]:
    """corrupt / lost / partial for one trial, read with the sqlite3 module directly."""
    database = sqlite3.connect(folder / "desk.sqlite3")
    try:
        corrupt = int(database.execute("PRAGMA integrity_check").fetchone()[0] != "ok")
        calls = {row[0] for row in database.execute("SELECT id FROM call_record")}
        lost = sum(1 for r in reported if "call" in r and r["call"] not in calls)
        partial = 0
        if kind in ("imports", "busy"):
            for job in ("A", "B"):
                query = "SELECT count(*) FROM loan_contract WHERE contract_number LIKE ?"
                rows = database.execute(query, (f"{job}-%",)).fetchone()[0]
                partial += int(rows not in (0, IMPORT_ROWS))
                lost += int(any(r.get("imported") == job for r in reported) and rows == 0)
        if kind == "upgrades":
            banks = database.execute("SELECT count(*) FROM bank").fetchone()[0]
            lost += 200 - banks
    finally:
        database.close()
    if kind == "upgrades":  # the interrupted upgrade must finish at the next start
        app = _open(folder)
        app.close()
    return {"corrupt": corrupt, "lost": lost, "partial": partial}


def _reported(process: subprocess.Popen[str], first: str = "") -> list[dict[str, Any]]:
    out, _err = process.communicate()
    lines = [first, *out.splitlines()]
    found = [json.loads(line) for line in lines if line.startswith("{")]
    return [entry for entry in found if "ready" not in entry]


def trial(kind: str, rng: random.Random) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"kill-{kind}-") as name:
        folder = Path(name)
        prepare(folder, kind)
        process = _spawn(folder, kind, "A")
        assert process.stdout is not None
        first = process.stdout.readline()  # the child has started (imports done, file open)
        delay = rng.uniform(*DELAYS[kind])
        time.sleep(delay)  # a benchmark, not a test: the delay is the point
        finished = process.poll() is not None
        if not finished:
            os.kill(process.pid, signal.SIGKILL)
        reported = _reported(process, first)
        result = inspect(folder, reported, kind)
        result.update(delay=round(delay, 2), finished=finished, committed=len(reported))
        return result


def busy() -> dict[str, Any]:
    """Two imports and the front desk's calls at once, from three processes; nothing killed."""
    with tempfile.TemporaryDirectory(prefix="busy-") as name:
        folder = Path(name)
        prepare(folder, "busy")
        processes = [_spawn(folder, "imports", "A"), _spawn(folder, "imports", "B")]
        processes.append(_spawn(folder, "busy"))
        reported: list[dict[str, Any]] = []
        failures = 0
        for process in processes:
            reported += _reported(process)
            failures += int(process.returncode != 0)
        result = inspect(folder, reported, "busy")
        calls = sum(1 for r in reported if "call" in r)
        imports = sum(1 for r in reported if "imported" in r)
        result.update(failed_processes=failures, calls=calls, imports=imports)
        result["lost"] += (BUSY_CALLS - calls) + (2 - imports)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--kinds", default="writes,imports,upgrades,busy")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--job", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.folder), args.child, args.job)
        return 0
    rng = random.Random(args.seed)
    bad = 0
    for kind in args.kinds.split(","):
        if kind == "busy":
            result = busy()
            print(f"busy: {json.dumps(result)}")
            bad += result["corrupt"] + result["lost"] + result["partial"]
            continue
        totals = {"corrupt": 0, "lost": 0, "partial": 0, "finished": 0, "committed": 0}
        for _n in range(args.trials):
            result = trial(kind, rng)
            for key in totals:
                totals[key] += int(result[key])
        print(
            f"{kind}: {args.trials} kills — corrupt {totals['corrupt']}, committed rows lost "
            f"{totals['lost']}, partial imports {totals['partial']} "
            f"(commits reported {totals['committed']}, finished before the kill "
            f"{totals['finished']})"
        )
        bad += totals["corrupt"] + totals["lost"] + totals["partial"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
