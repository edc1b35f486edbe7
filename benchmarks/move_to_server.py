"""Moving one computer's embedded database to a team server: ours against the bare copy.

The source is the demo company with a year of history (``load_demo(history=True)``) and one
evidence file of ``--mb`` megabytes, in a temporary data folder. Each round makes two scratch
databases on the PostgreSQL server (loopback by default) at the head schema — made before the
clock starts — and, in alternating order, moves the file into one with
:func:`desktop_app.core.team.move.move_to_server` (probe, consistent copy, the emptiness check,
typed Core inserts in batches, sequences, the evidence file hashed and sent in 1 MB chunks, the
audit line) and into the other with the floor: the bare copy — each table's rows read and
inserted with SQLAlchemy Core (the same column types) in one transaction, and the file's bytes as
1 MB ``bytea`` rows (no copy, no checks, no hashing, no sequences). Prints the median of each
and ours / floor (median of paired ratios). Target: ≤ 2× the floor (ours copies the database
first and reads each evidence file twice: the hash, then the upload).
Usage: ``python benchmarks/move_to_server.py [--server URL] [--rounds 3] [--mb 5] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get(
    "CALLBACK_DESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
RATIO_TARGET = 2.0
MB = 1 << 20


def make_source(folder: Path, mb: int) -> Path:
    """The demo company with history and one evidence file of ``mb`` megabytes."""
    from desktop_app.core.common.clock import SystemClock
    from desktop_app.core.context import open_context
    from desktop_app.core.demo.company import load_demo
    from desktop_app.core.local.secrets import MemoryStore

    data = folder / "data"
    context = open_context(data_dir=str(data), clock=SystemClock(), secrets=MemoryStore())
    try:
        actor = load_demo(context.services, "bench-account", history=True)
        contract = context.services.contracts.list(actor)[0]
        item = context.services.checklists.checklist(actor, contract.id).items[0]
        source = folder / "statement.pdf"
        source.write_bytes((b"%PDF-1.4 " + bytes(range(256))) * (mb * MB // 265 + 1))
        context.services.evidence.attach(actor, item.id, source)
    finally:
        context.close()
    return data / "callback-desk.sqlite3"


def floor_move(url: str, source: Path) -> None:
    """The bare copy: each table's rows read and inserted with SQLAlchemy Core (the same column
    types) in one transaction, the evidence bytes as 1 MB rows; no copy, checks or hashing."""
    from sqlalchemy import insert, select

    from desktop_app.core.models import Base, EvidenceChunk
    from desktop_app.core.storage.engine import make_engine, sqlite_url

    reading, writing = make_engine(sqlite_url(source)), make_engine(url)
    try:
        with reading.connect() as origin, writing.begin() as target:
            target.execute(text("DELETE FROM org_setting"))  # the migration's settings_version
            for table in Base.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in origin.execute(select(table))]
                if rows:
                    target.execute(table.insert(), rows)
            files = origin.execute(text("SELECT id, stored_name FROM evidence_file")).all()
            for file_id, stored in files:
                with (source.parent / "evidence" / stored).open("rb") as handle:
                    seq = 0
                    while chunk := handle.read(MB):
                        target.execute(
                            insert(EvidenceChunk).values(file_id=file_id, seq=seq, data=chunk)
                        )
                        seq += 1
    finally:
        reading.dispose()
        writing.dispose()


def ours_move(url: str, source: Path) -> None:
    from desktop_app.core.common.clock import SystemClock
    from desktop_app.core.storage.engine import make_engine
    from desktop_app.core.team.move import move_to_server

    engine = make_engine(url)
    try:
        move_to_server(source, engine, SystemClock())
    finally:
        engine.dispose()


def scratch(server: str) -> str:
    """A new database at the head schema; its URL."""
    from desktop_app.core.storage.engine import make_engine
    from desktop_app.core.storage.migrate import prepare_database

    maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"callback_desk_bench_{secrets.token_hex(4)}"
    with maintenance.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    maintenance.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        with tempfile.TemporaryDirectory() as unused:
            prepare_database(engine, Path(unused), datetime.now(UTC))
    finally:
        engine.dispose()
    return url


def drop(server: str, url: str) -> None:
    maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        name = make_url(url).database
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    maintenance.dispose()


def timed(step: Any, url: str, source: Path) -> float:
    started = time.perf_counter()
    step(url, source)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mb", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    ours: list[float] = []
    floor: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        source = make_source(Path(folder), args.mb)
        with closing(sqlite3.connect(source)) as connection:
            rows = sum(
                connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT IN ('alembic_version') AND name NOT LIKE 'sqlite_%'"
                )
            )
        for round_number in range(args.rounds):
            urls = [scratch(args.server), scratch(args.server)]
            try:
                steps = [(ours_move, ours), (floor_move, floor)]
                if round_number % 2:
                    steps.reverse()
                for (step, times), url in zip(steps, urls, strict=True):
                    times.append(timed(step, url, source))
            finally:
                for url in urls:
                    drop(args.server, url)
    ratios = [a / b for a, b in zip(ours, floor, strict=True)]
    summary = {
        "rows": rows,
        "evidence_mb": args.mb,
        "rounds": args.rounds,
        "ours_median_s": round(statistics.median(ours), 3),
        "floor_median_s": round(statistics.median(floor), 3),
        "ratio_median": round(statistics.median(ratios), 2),
        "ratio_target": RATIO_TARGET,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{rows} rows and a {args.mb} MB evidence file, {args.rounds} rounds")
        print(f"ours  (move_to_server) median {summary['ours_median_s']:.3f} s")
        print(f"floor (bare Core copy) median {summary['floor_median_s']:.3f} s")
        verdict = "ok" if summary["ratio_median"] <= RATIO_TARGET else "ABOVE TARGET"
        print(f"ours / floor: {summary['ratio_median']:.2f} (target ≤ {RATIO_TARGET}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
