"""Attaching and opening a 20 MB evidence file on the team server, with the window responsive.

A scratch database on the PostgreSQL server (loopback by default) gets the schema, an
administrator, a bank, a contract and its checklist. Desk A attaches a 20 MB file; desk B (its own
data folder, so an empty cache) opens it — fetched from the server, its SHA-256 checked, written to
B's cache; then B opens it again (from the cache, checked again). Each step runs the way the
checklist panel runs it: an ``Operation`` on the UI's worker thread, while a precise 2 ms
``QTimer`` on the GUI thread is the stall probe (the longest gap between two ticks is the longest
the window could not repaint). Rounds alternate ours and the floors, so a busy machine slows both.

Floors, in the same run: the same 20 MB written as 1 MB ``bytea`` rows in one transaction and read
back a row per query with plain psycopg (no app, no hashing), and the stall probe with the loop
idle. Prints the median and max of each time, the stall, and ours / floor (median of paired
ratios). Targets: stall ≤ 100 ms while the file moves; attach and open each ≤ 2× the floor.
Usage: ``python benchmarks/team_files.py [--server URL] [--rounds 5] [--mb 20] [--json]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get(
    "CALLBACK_DESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TICK_MS = 2
STALL_TARGET_MS = 100.0
RATIO_TARGET = 2.0


def probe(run: Callable[[], Any]) -> tuple[float, float]:
    """Run ``run`` (which starts work and returns an event loop's exec) while the stall probe
    ticks; return (seconds taken, longest tick gap in ms)."""
    from PySide6.QtCore import Qt, QTimer

    ticks: list[float] = []
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start(TICK_MS)
    started = time.perf_counter()
    run()
    ended = time.perf_counter()
    ticker.stop()
    edges = [started, *ticks, ended]
    return ended - started, max(b - a for a, b in itertools.pairwise(edges)) * 1000


def in_operation(work: Callable[[], Any]) -> Callable[[], Any]:
    """A step as the panel runs it: an Operation, the GUI loop turning until it reports."""
    from PySide6.QtCore import QEventLoop

    from desktop_app.ui.operation import Operation

    def run() -> Any:
        loop = QEventLoop()
        result: list[Any] = []
        operation = Operation(None, None, work)
        operation.succeeded.connect(lambda value: (result.append(value), loop.quit()))
        operation.failed.connect(lambda error: (result.append(error), loop.quit()))
        operation.run()
        loop.exec()
        if isinstance(result[0], Exception):
            raise result[0]
        return result[0]

    return run


def floor_steps(url: str, source: Path) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """Plain psycopg: write the file as 1 MB bytea rows in one transaction; read them back."""
    import psycopg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS floor_chunk (seq int, data bytea)")

    def write() -> None:
        with psycopg.connect(dsn) as connection, source.open("rb") as reading:
            connection.execute("DELETE FROM floor_chunk")
            seq = 0
            while chunk := reading.read(1 << 20):
                connection.execute("INSERT INTO floor_chunk VALUES (%s, %s)", (seq, chunk))
                seq += 1

    def read() -> None:
        with psycopg.connect(dsn) as connection:
            count = connection.execute("SELECT count(*) FROM floor_chunk").fetchone()
            for seq in range(count[0] if count else 0):
                connection.execute("SELECT data FROM floor_chunk WHERE seq = %s", (seq,)).fetchone()

    return write, read


def measure(url: str, folder: Path, rounds: int, size_mb: int) -> dict[str, list[float]]:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.register.banks import BankDraft
    from desktop_app.core.register.contracts import ContractDraft

    app = QCoreApplication.instance() or QCoreApplication([])
    source = folder / "voucher-20MB.pdf"
    with source.open("wb") as writing:
        for _ in range(size_mb):
            writing.write(os.urandom(1 << 20))
    desk_a = open_context(db=url, data_dir=str(folder / "a"), secrets=MemoryStore())
    services = desk_a.services
    admin = services.identity.create_first_admin("Admin", "bench").value
    bank = services.banks.create(admin, BankDraft(name="中国工商银行")).value
    draft = ContractDraft(
        bank_id=bank.id,
        contract_number="0200-2025-LD-0137",
        loan_type="working_capital",
        principal=Decimal("5000000.00"),
        start_date=date(2026, 3, 18),
        maturity_date=date(2027, 3, 18),
    )
    contract = services.contracts.create(admin, draft).value
    item = services.checklists.checklist(admin, contract.id).items[0]
    floor_write, floor_read = floor_steps(url, source)
    found: dict[str, list[float]] = {k: [] for k in ("attach", "open", "cached", "fw", "fr")}
    stalls: dict[str, list[float]] = {"attach": [], "open": [], "cached": [], "idle": []}
    try:
        for round_ in range(rounds):
            desk_b = open_context(
                db=url, data_dir=str(folder / f"b{round_}"), secrets=MemoryStore()
            )
            try:
                seconds, stall = probe(
                    in_operation(lambda: services.evidence.attach(admin, item.id, source))
                )
                found["attach"].append(seconds)
                stalls["attach"].append(stall)
                file_id = services.checklists.checklist(admin, contract.id).items[0].files[-1].id
                fetch = desk_b.services.evidence.path_of
                for label in ("open", "cached"):
                    seconds, stall = probe(
                        in_operation(lambda fetch=fetch, file_id=file_id: fetch(admin, file_id))
                    )
                    found[label].append(seconds)
                    stalls[label].append(stall)
            finally:
                desk_b.close()
            found["fw"].append(probe(floor_write)[0])
            found["fr"].append(probe(floor_read)[0])

            def idle() -> None:
                loop = QEventLoop()
                QTimer.singleShot(500, loop.quit)
                loop.exec()

            stalls["idle"].append(probe(idle)[1])
    finally:
        desk_a.close()
    del app
    return {**found, **{f"stall {k}": v for k, v in stalls.items()}}


def report(found: dict[str, list[float]], size_mb: int) -> dict[str, Any]:
    def ratio(ours: str, floor: str) -> float:
        return statistics.median(a / b for a, b in zip(found[ours], found[floor], strict=True))

    summary: dict[str, Any] = {
        "size_mb": size_mb,
        "attach_s": statistics.median(found["attach"]),
        "open_s": statistics.median(found["open"]),
        "open_cached_s": statistics.median(found["cached"]),
        "floor_write_s": statistics.median(found["fw"]),
        "floor_read_s": statistics.median(found["fr"]),
        "attach_ratio": ratio("attach", "fw"),
        "open_ratio": ratio("open", "fr"),
        "stall_max_ms": {k: max(found[f"stall {k}"]) for k in ("attach", "open", "cached", "idle")},
    }
    print(f"{size_mb} MB evidence file on the team server, {len(found['attach'])} rounds")
    print(f"{'step':<34}{'median s':>10}{'max s':>8}{'stall max ms':>14}")
    for label, key, stall in (
        ("ours: attach (desk A)", "attach", "attach"),
        ("ours: open, empty cache (desk B)", "open", "open"),
        ("ours: open again, from cache", "cached", "cached"),
        ("floor: psycopg write 1 MB rows", "fw", None),
        ("floor: psycopg read them back", "fr", None),
    ):
        column = f"{max(found[f'stall {stall}']):>14.1f}" if stall else f"{'':>14}"
        print(f"{label:<34}{statistics.median(found[key]):>10.3f}{max(found[key]):>8.3f}{column}")
    print(f"{'idle loop (stall floor)':<52}{summary['stall_max_ms']['idle']:>14.1f}")
    moving = max(summary["stall_max_ms"][k] for k in ("attach", "open", "cached"))
    print(
        f"\nratios (median of paired rounds): attach / floor write {summary['attach_ratio']:.2f} "
        f"(target ≤ {RATIO_TARGET}), open / floor read {summary['open_ratio']:.2f} "
        f"(target ≤ {RATIO_TARGET}); stall while the file moves {moving:.1f} ms "
        f"(target ≤ {STALL_TARGET_MS:.0f})"
    )
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    maintenance = create_engine(args.server, isolation_level="AUTOCOMMIT")
    name = f"callback_desk_bench_{secrets.token_hex(4)}"
    with maintenance.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.server).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as folder:
            found = measure(url, Path(folder), args.rounds, args.mb)
    finally:
        with maintenance.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        maintenance.dispose()
    summary = report(found, args.mb)
    if args.json:
        print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
