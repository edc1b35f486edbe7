"""The call log at a million calls: first screen, jump to the end, scrolling, memory, and floors.

Two databases are generated once through the app's schema and reused (``--data-dir``): one with
1,000,000 calls (40 banks, 2,000 people, 4,000 contracts, calls spread over six years) and one with
the same register and no calls, for the memory baseline. Each measurement runs in a fresh process
(``--probe``), in rounds that alternate the programs so that a busy machine slows all alike:

- **ours**: the app's ``CallLogView`` (lazy ``CallLogModel`` over ``CallLogService``), offscreen.
  *first screen*: from handing the filter to the view (``apply_filter``: the first page) until
  the table's viewport has painted; *then the count*: the COUNT that follows the first screen,
  until the rows below it are in and painted; *jump to end*: ``scrollToBottom()`` until painted;
  *page down*: one page of scrolling until painted (200 of them, from a third of the log); then
  jumps to ten random places. Its resident memory after all that is compared with the same program
  on the empty log (target: ≤ 15 MB more).
- **floor-lazy**: the least a lazily fetched view can do — a bare ``QAbstractTableModel`` whose
  ``rowCount`` is one ``COUNT(*)`` and whose cells read 100-row pages with ``LIMIT … OFFSET`` from
  the same file through ``sqlite3`` (no joins, no names), in a ``QTableView`` of the same size.
  Its first screen includes its count: a view with a row count must count before it paints.
- **floor-orm**: loading every call as ORM objects (``session.scalars(select(CallRecord)).all()``),
  the naive way; measured on ``--orm-rows`` calls (100,000 by default) and extrapolated linearly to
  1,000,000 — say ``--orm-rows 1000000`` to load them all.

Targets (issue 6): first screen ≤ 50 ms, jump to the end ≤ 20 ms, memory ≤ 15 MB above an empty
log. Usage: ``python benchmarks/call_log.py [--data-dir DIR] [--rebuild] [--rounds N]
[--orm-rows N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CALLS = 1_000_000
SIZES = {"banks": 40, "people": 2_000, "contracts": 4_000, "calls": CALLS}
STAMP = {"generator": 1, "seed": 20261201, **SIZES}
TARGETS = {"first_screen_ms": 50.0, "end_ms": 20.0, "memory_mb": 15.0}
OUTCOMES = ("transferred", "transferred", "transferred", "answered", "message", "no_one")
TOPICS = ("use_of_funds", "business_condition", "repayment_capacity", "collateral")
START = datetime(2020, 12, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


# ---------------------------------------------------------------- the databases


def _build(path: Path, calls: int) -> None:
    """Create ``path`` through the app's migrations and fill it with Core executemany."""
    from sqlalchemy import insert

    from desktop_app.core.common.clock import FakeClock
    from desktop_app.core.common.text import fold, joined_key
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.models import Bank, BankOfficer, CallRecord, LoanContract, Person
    from desktop_app.core.storage.engine import sqlite_url

    rng = random.Random(STAMP["seed"])
    path.unlink(missing_ok=True)
    app = open_context(
        db=sqlite_url(path),
        data_dir=str(path.parent / "app-data"),
        clock=FakeClock(NOW),
        secrets=MemoryStore(),
    )
    try:
        with app.engine.begin() as connection:
            connection.execute(
                insert(Bank),
                [
                    {"name": f"银行{n:02d}", "short_name": f"行{n:02d}", "notes": "",
                     "active": True, "version": 1}
                    for n in range(SIZES["banks"])
                ],
            )  # fmt: skip
            connection.execute(
                insert(BankOfficer),
                [
                    {"bank_id": 1 + n % SIZES["banks"], "name": f"贷后专员{n}",
                     "role": "post_loan_officer", "phone": "", "mobile": "", "email": "",
                     "active": True}
                    for n in range(SIZES["banks"] * 2)
                ],
            )  # fmt: skip
            connection.execute(
                insert(Person),
                [
                    {"name": f"员工{n:04d}", "search_key": joined_key(f"员工{n:04d}"),
                     "role": "finance", "job_title": "", "extension": "", "mobile": "",
                     "email": "", "os_account": None, "active": True, "notes": "", "version": 1}
                    for n in range(SIZES["people"])
                ],
            )  # fmt: skip
            connection.execute(
                insert(LoanContract),
                [
                    {"bank_id": 1 + n % SIZES["banks"], "contract_number": f"LD-{n:05d}",
                     "number_key": fold(f"LD-{n:05d}"), "title": "", "loan_type": "working_capital",
                     "currency": "CNY", "principal": 1_000_000, "start_date": START.date(),
                     "maturity_date": NOW.date(), "purpose_of_funds": "采购原材料",
                     "clause_text": "", "clause_topics": [], "clause_documents": [],
                     "consequences": "", "status": "active", "notes": "", "created_at": NOW,
                     "updated_at": NOW, "version": 1}
                    for n in range(SIZES["contracts"])
                ],
            )  # fmt: skip
        span = (NOW - START).total_seconds()
        batch = 50_000
        for first in range(0, calls, batch):
            rows = []
            for n in range(first, min(calls, first + batch)):
                contract = rng.randrange(SIZES["contracts"])
                outcome = rng.choice(OUTCOMES)
                rows.append(
                    {"occurred_at": START + timedelta(seconds=int(rng.random() * span)),
                     "direction": "inbound", "bank_id": 1 + contract % SIZES["banks"],
                     "contract_id": 1 + contract, "caller_name": f"贷后专员{contract % 80}",
                     "caller_number": "010 6552 1288", "caller_number_key": "+861065521288",
                     "taken_by_id": None if outcome in ("message", "no_one")
                     else 1 + rng.randrange(SIZES["people"]),
                     "logged_by_id": 1 + n % SIZES["people"], "outcome": outcome,
                     "topics": [rng.choice(TOPICS)], "questions": "", "answers": "",
                     "bank_requests": "", "concerns": "", "notes": "", "exchanges": []}
                )  # fmt: skip
            with app.engine.begin() as connection:
                connection.execute(insert(CallRecord), rows)
            print(f"  {min(calls, first + batch):,} calls", file=sys.stderr, end="\r")
        with app.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        app.close()
    print(file=sys.stderr)


def databases(folder: Path, rebuild: bool) -> tuple[Path, Path]:
    """The full and the empty database, generated when missing or stale."""
    folder.mkdir(parents=True, exist_ok=True)
    full, empty = folder / "calls-1m.sqlite3", folder / "calls-empty.sqlite3"
    stamp = folder / "stamp.json"
    if rebuild or not stamp.exists() or json.loads(stamp.read_text()) != STAMP:
        started = time.perf_counter()
        print(f"Generating {CALLS:,} calls in {full} …", file=sys.stderr)
        _build(full, CALLS)
        _build(empty, 0)
        stamp.write_text(json.dumps(STAMP))
        print(f"generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return full, empty


# ---------------------------------------------------------------- the probes (child processes)


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def _drive(table: Any, app: Any, load: Any, settle: Any = None) -> dict[str, Any]:
    """Time the first screen, the jump to the end, paging and random jumps in ``table``.

    ``settle`` is what a program does after its first screen before all rows are there (ours:
    the count); it is timed on its own.
    """
    viewport = table.viewport()
    start = time.perf_counter()
    load()
    viewport.repaint()
    first = _ms(start)
    start = time.perf_counter()
    if settle is not None:
        settle()
        viewport.repaint()
    settled = _ms(start)
    app.processEvents()
    start = time.perf_counter()
    table.scrollToBottom()
    viewport.repaint()
    end = _ms(start)
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    viewport.repaint()
    pages = []
    for _ in range(200):
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        viewport.repaint()
        pages.append(_ms(start))
    rng = random.Random(7)
    jumps = []
    for _ in range(10):
        start = time.perf_counter()
        bar.setValue(rng.randrange(bar.maximum() + 1))
        viewport.repaint()
        jumps.append(_ms(start))
    kept = getattr(table.model(), "cached_pages", lambda: None)()
    again = []
    for _ in range(5):  # the first screen again, with SQLite's pages warm
        bar.setValue(0)
        start = time.perf_counter()
        load()
        viewport.repaint()
        again.append(_ms(start))
    return {
        "first_screen_ms": first,
        "count_after_first_screen_ms": settled,
        "pages_kept": kept,
        "first_screen_warm_ms": statistics.median(again),
        "end_ms": end,
        "page_down_median_ms": statistics.median(pages),
        "page_down_max_ms": max(pages),
        "random_jump_median_ms": statistics.median(jumps),
        "random_jump_max_ms": max(jumps),
    }


def probe_ours(database: Path) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desktop_app.core.common.clock import FakeClock
    from desktop_app.core.common.i18n import set_language
    from desktop_app.core.common.permissions import Actor, Role
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.storage.engine import sqlite_url

    set_language("en")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    context = open_context(
        db=sqlite_url(database),
        data_dir=str(database.parent / "app-data"),
        clock=FakeClock(NOW),
        secrets=MemoryStore(),
    )
    from desktop_app.ui.change_hub import ChangeHub
    from desktop_app.ui.screens import call_log_view

    actor = Actor(1, "benchmark", Role.FINANCE)
    view = call_log_view(context.services, ChangeHub(), actor, context.clock)
    view.loaded = True  # drive the loading by hand, not from showEvent
    view._fill_choices()
    view.resize(1100, 720)
    view.show()
    app.processEvents()
    before = _rss_mb()
    result = _drive(view.table, app, view.apply_filter, view.model.count_now)
    result["rows"] = view.model.count_now()
    result["pages_read"] = view.model.reads
    result["rss_mb"] = round(_rss_mb(), 1)
    result["rss_growth_mb"] = round(result["rss_mb"] - before, 1)
    context.close()
    return result


def probe_floor_lazy(database: Path) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication([])
    connection = sqlite3.connect(str(database))
    columns = "id, occurred_at, direction, outcome, bank_id, contract_id, caller_name, topics"

    class LazyModel(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.total = 0
            self.pages: dict[int, list[tuple[Any, ...]]] = {}

        def load(self) -> None:
            self.beginResetModel()
            self.pages.clear()
            self.total = connection.execute("SELECT count(*) FROM call_record").fetchone()[0]
            self.endResetModel()

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else self.total

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 8

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            number = index.row() // 100
            page = self.pages.get(number)
            if page is None:
                page = connection.execute(
                    f"SELECT {columns} FROM call_record ORDER BY occurred_at DESC, id DESC "
                    "LIMIT 100 OFFSET ?",
                    (number * 100,),
                ).fetchall()
                self.pages[number] = page
            row = page[index.row() % 100]
            return str(row[index.column()])

    model = LazyModel()
    table = QTableView()
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.setModel(model)
    table.resize(1100, 640)
    table.show()
    app.processEvents()
    before = _rss_mb()
    result = _drive(table, app, model.load)
    result["rows"] = model.total
    result["rss_mb"] = round(_rss_mb(), 1)
    result["rss_growth_mb"] = round(result["rss_mb"] - before, 1)
    return result


def probe_floor_orm(database: Path, rows: int) -> dict[str, Any]:
    from sqlalchemy import select

    from desktop_app.core.models import CallRecord
    from desktop_app.core.storage.engine import make_engine, make_session_factory, sqlite_url

    engine = make_engine(sqlite_url(database))
    sessions = make_session_factory(engine)
    before = _rss_mb()
    start = time.perf_counter()
    with sessions() as session:
        loaded = session.scalars(
            select(CallRecord).order_by(CallRecord.occurred_at.desc()).limit(rows)
        ).all()
        seconds = time.perf_counter() - start
        growth = _rss_mb() - before
        count = len(loaded)
    engine.dispose()
    scale = CALLS / max(count, 1)
    return {
        "rows": count,
        "seconds": round(seconds, 2),
        "rss_growth_mb": round(growth, 1),
        "extrapolated_to": CALLS,
        "extrapolated_seconds": round(seconds * scale, 1),
        "extrapolated_mb": round(growth * scale),
        "extrapolated": count < CALLS,
    }


def _child(args: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if completed.returncode != 0:
        raise RuntimeError(f"probe {args} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the report


def query_plans(database: Path) -> list[tuple[str, list[str]]]:
    """SQLite's plan for the statements the log runs: count, first window, last window, keyset."""
    connection = sqlite3.connect(str(database))
    order_desc = "ORDER BY occurred_at DESC, id DESC"
    statements = {
        "count": "SELECT count(*) FROM call_record",
        "first window": f"SELECT id FROM call_record {order_desc} LIMIT 100 OFFSET 0",
        "last window (from the end)": "SELECT id FROM call_record "
        "ORDER BY occurred_at, id LIMIT 100 OFFSET 0",
        "next window (keyset)": "SELECT id FROM call_record WHERE occurred_at <= ? "
        f"AND (occurred_at < ? OR id < ?) {order_desc} LIMIT 100",
        "one bank (count)": "SELECT count(*) FROM call_record WHERE bank_id = 7",
        "one bank (window)": f"SELECT id FROM call_record WHERE bank_id = 7 {order_desc} LIMIT 100",
        "one person (window)": "SELECT id FROM call_record WHERE taken_by_id = 7 "
        f"{order_desc} LIMIT 100",
        "one outcome (window)": "SELECT id FROM call_record WHERE outcome = 'message' "
        f"{order_desc} LIMIT 100",
    }
    moment = "2024-01-01 00:00:00.000000"
    plans = []
    for name, sql in statements.items():
        params: tuple[Any, ...] = (moment, moment, 500_000) if "?" in sql else ()
        steps = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]
        plans.append((name, steps))
    connection.close()
    return plans


def _median(results: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in results), 2)


def measure(full: Path, empty: Path, rounds: int, orm_rows: int) -> dict[str, Any]:
    ours: list[dict[str, Any]] = []
    ours_empty: list[dict[str, Any]] = []
    floor: list[dict[str, Any]] = []
    _child(["--probe", "ours", str(full)])  # a warm-up round, not counted (disk cache)
    _child(["--probe", "floor-lazy", str(full)])
    for _ in range(rounds):
        ours.append(_child(["--probe", "ours", str(full)]))
        floor.append(_child(["--probe", "floor-lazy", str(full)]))
        ours_empty.append(_child(["--probe", "ours", str(empty)]))
    orm = _child(["--probe", "floor-orm", str(full), str(orm_rows)])
    keys = (
        "first_screen_ms",
        "count_after_first_screen_ms",
        "first_screen_warm_ms",
        "end_ms",
        "page_down_median_ms",
        "page_down_max_ms",
        "random_jump_median_ms",
        "random_jump_max_ms",
        "rss_mb",
    )
    summary = {
        "ours": {key: _median(ours, key) for key in keys},
        "floor_lazy": {key: _median(floor, key) for key in keys},
        "ours_empty_log": {key: _median(ours_empty, key) for key in ("first_screen_ms", "rss_mb")},
        "floor_orm": orm,
        "pages_read_by_ours": ours[-1]["pages_read"],
        "pages_kept_by_ours": ours[-1]["pages_kept"],
        "rows": ours[-1]["rows"],
    }
    memory = summary["ours"]["rss_mb"] - summary["ours_empty_log"]["rss_mb"]
    summary["memory_above_empty_mb"] = round(memory, 1)
    summary["verdict"] = {
        "first_screen": summary["ours"]["first_screen_ms"] <= TARGETS["first_screen_ms"],
        "end": summary["ours"]["end_ms"] <= TARGETS["end_ms"],
        "memory": memory <= TARGETS["memory_mb"],
    }
    return summary


def report(result: dict[str, Any]) -> None:
    ours, floor, orm = result["ours"], result["floor_lazy"], result["floor_orm"]
    print(
        f"Call log at {result['rows']:,} calls — SQLite {sqlite3.sqlite_version}; "
        f"{result['rounds']} rounds (medians); load average {result['load']}; "
        f"sum(range(1e6)) {result['reference_ms']} ms"
    )
    print(f"{'':28}{'ours':>10}{'floor-lazy':>12}{'ratio':>8}   target")
    rows = (
        ("first screen, ms", "first_screen_ms", f"≤ {TARGETS['first_screen_ms']:g} ms"),
        ("then the count, ms", "count_after_first_screen_ms", ""),
        ("first screen again, ms", "first_screen_warm_ms", ""),
        ("jump to the end, ms", "end_ms", f"≤ {TARGETS['end_ms']:g} ms"),
        ("page down, median ms", "page_down_median_ms", ""),
        ("page down, worst ms", "page_down_max_ms", ""),
        ("random jump, median ms", "random_jump_median_ms", ""),
        ("random jump, worst ms", "random_jump_max_ms", ""),
        ("resident memory, MB", "rss_mb", ""),
    )
    for label, key, target in rows:
        if not floor[key]:
            print(f"{label:<28}{ours[key]:>10.2f}{'—':>12}{'':>8}   {target}")
            continue
        ratio = ours[key] / floor[key]
        print(f"{label:<28}{ours[key]:>10.2f}{floor[key]:>12.2f}{ratio:>7.2f}×   {target}")
    verdict = result["verdict"]
    print(
        f"memory: ours {ours['rss_mb']:.1f} MB at {result['rows']:,} calls, "
        f"{result['ours_empty_log']['rss_mb']:.1f} MB on an empty log: "
        f"{result['memory_above_empty_mb']:+.1f} MB (target ≤ {TARGETS['memory_mb']:g} MB); "
        f"pages read {result['pages_read_by_ours']}, at most {result['pages_kept_by_ours']} kept"
    )
    print(
        "verdict: first screen "
        + ("PASS" if verdict["first_screen"] else "MISS")
        + ", jump to the end "
        + ("PASS" if verdict["end"] else "MISS")
        + ", memory "
        + ("PASS" if verdict["memory"] else "MISS")
    )
    how = (
        f"measured on {orm['rows']:,} rows and extrapolated linearly to {orm['extrapolated_to']:,}"
        if orm["extrapolated"]
        else "measured on every row"
    )
    print(
        f"floor-orm (every call as an ORM object): {orm['seconds']} s and "
        f"{orm['rss_growth_mb']} MB for {orm['rows']:,} rows → about "
        f"{orm['extrapolated_seconds']} s and {orm['extrapolated_mb']:,} MB for "
        f"{orm['extrapolated_to']:,} ({how})"
    )
    print("\nEXPLAIN QUERY PLAN:")
    for name, steps in result["plans"]:
        print(f"- {name}: " + "; ".join(steps))


def machine_reference() -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sum(range(1_000_000))
        best = min(best, (time.perf_counter() - start) * 1000)
    return round(best, 1)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--probe"]:
        kind, database = argv[1], Path(argv[2])
        if kind == "ours":
            result = probe_ours(database)
        elif kind == "floor-lazy":
            result = probe_floor_lazy(database)
        else:
            result = probe_floor_orm(database, int(argv[3]))
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_dir = Path(tempfile.gettempdir()) / "callback-desk-call-log-bench"
    parser.add_argument("--data-dir", type=Path, default=default_dir, help="where the data lives")
    parser.add_argument("--rebuild", action="store_true", help="generate the databases again")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each program (5)")
    parser.add_argument("--orm-rows", type=int, default=100_000, help="rows for floor-orm")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    full, empty = databases(args.data_dir, args.rebuild)
    result = measure(full, empty, max(args.rounds, 1), max(args.orm_rows, 1))
    result["rounds"] = max(args.rounds, 1)
    result["load"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
    result["reference_ms"] = machine_reference()
    result["plans"] = query_plans(full)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
