"""Reports at scale: a month's and a year's report, the charts, and the GUI thread while computing.

The database (SQLite, and PostgreSQL unless ``--no-postgres``) is the reminder benchmark's company
(``_reminders_data.fill``: the demo, 40 people, 20 banks × 10 contracts, 200 recurring windows of
every preset, through the services) grown to 40 banks, with 1,000,000 inbound and return calls
over three years and 20,000 return-call follow-ups (made on time, late, or still open), inserted as
rows (SQLite: executemany; PostgreSQL: COPY), then ANALYZE (and VACUUM on PostgreSQL, so index-only
scans are possible, as autovacuum would do on a real server).

Measured, in rounds that alternate ours and the floor so that a busy machine slows both alike:

- **month**: ``ReportService.build`` for November 2026 — what the page shows first: calls by bank
  and outcome, return calls and their working hours, per person, the 12-month trend.
- **standing**: ``ReportService.standing`` for the same report — what the page adds next: each
  bank's contact windows expected and covered in the period (every occurrence's responders
  judged), responders certified, stale numbers, notices, checklist readiness.
- **year**: the same two for the twelve months December 2025 – November 2026.
- **floor**: one ``SELECT count(*)`` of the period's calls — the least any report over the period
  can ask of the database. Printed as a ratio beside the targets.
- **charts**: building the three QtCharts charts of the year's report and painting them
  (offscreen, 1100×700), median of the rounds.
- **GUI thread**: the longest gap between 5 ms timer ticks while a new Reports page computes and
  shows its first report (its first layout and paint), then, the page shown, while it computes
  the year's report on its worker, from ``refresh()`` to ``report_complete`` (median of the
  rounds); beside it, its floor: the longest gap while the page idles as long.

Targets (issue 18): month ≤ 300 ms, year ≤ 1 s (counts, and standing) on both databases,
charts ≤ 50 ms; ``--check`` exits 1 on a miss.
Usage: ``python benchmarks/reports.py [--data-dir DIR] [--rebuild] [--rounds N] [--no-postgres]
[--server URL] [--json] [--check]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CALLS = 1_000_000
FOLLOW_UPS = 20_000
BANKS = 40
STAMP: dict[str, Any] = {"generator": 1, "seed": 20261207, "calls": CALLS, "follow_ups": FOLLOW_UPS}
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
TARGETS = {"month": 300.0, "year": 1000.0, "standing_year": 1000.0, "charts_ms": 50.0}
OUTCOMES = ("transferred",) * 6 + ("answered", "message", "message", "no_one", "wrong_number")
CHUNK = 50_000


def _calls(rng: random.Random, banks: list[int], people: list[int], contracts: dict[int, list[int]]
           ) -> Iterator[list[dict[str, Any]]]:  # fmt: skip
    span = 3 * 365 * 24 * 3600
    chunk: list[dict[str, Any]] = []
    for n in range(CALLS):
        bank = banks[n % len(banks)]
        outcome = rng.choice(OUTCOMES)
        direction = "return" if n % 10 == 9 else "inbound"
        if direction == "return":
            outcome = "answered"
        taken = rng.choice(people) if outcome in ("transferred", "answered") else None
        chunk.append(
            {"occurred_at": NOW - timedelta(seconds=rng.randrange(span)), "direction": direction,
             "bank_id": bank,
             "contract_id": rng.choice(contracts[bank]) if contracts[bank] else None,
             "caller_name": "贷后专员", "caller_number": "010 6552 1288",
             "caller_number_key": "+861065521288", "taken_by_id": taken,
             "logged_by_id": rng.choice(people), "outcome": outcome, "topics": [],
             "questions": "", "answers": "", "bank_requests": "", "concerns": "", "notes": "",
             "exchanges": []}
        )  # fmt: skip
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _follow_ups(rng: random.Random, banks: list[int], people: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in range(FOLLOW_UPS):
        created = NOW - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        due = created + timedelta(hours=rng.choice((2, 3, 18, 26, 66)))
        state = rng.random()
        closed = None if state < 0.03 else created + timedelta(minutes=rng.randrange(20, 6000))
        if closed is not None and closed > NOW:
            closed = None
        rows.append(
            {"kind": "return_call", "bank_id": rng.choice(banks), "assignee_id": rng.choice(people),
             "description": f"回电 {n}", "due_at": due, "status": "open" if closed is None
             else "closed", "escalation_level": 0, "created_at": created, "closed_at": closed,
             "closing_note": ""}
        )  # fmt: skip
    return rows


def build(url: str, folder: Path) -> None:
    """Fill an empty database at ``url`` (migrated by opening it)."""
    from _reminders_data import fill
    from sqlalchemy import insert, select, text

    from desktop_app.core.common.clock import FakeClock
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.models import Bank, CallRecord, FollowUp, LoanContract, Person

    rng = random.Random(STAMP["seed"])
    ctx = open_context(db=url, data_dir=str(folder / "app-data"), clock=FakeClock(NOW),
                       secrets=MemoryStore())  # fmt: skip
    try:
        fill(ctx)
        with ctx.engine.begin() as connection:
            have = connection.execute(select(Bank.id)).scalars().all()
            connection.execute(
                insert(Bank),
                [{"name": f"示例银行{n:02d}", "short_name": "", "notes": "", "active": True,
                  "version": 1} for n in range(BANKS - len(have))],
            )  # fmt: skip
            banks = list(connection.execute(select(Bank.id)).scalars())
            people = list(connection.execute(select(Person.id)).scalars())
            contracts: dict[int, list[int]] = {b: [] for b in banks}
            for bank, contract in connection.execute(select(LoanContract.bank_id, LoanContract.id)):
                contracts[bank].append(contract)
            connection.execute(insert(FollowUp), _follow_ups(rng, banks, people))
        postgres = ctx.engine.dialect.name == "postgresql"
        columns = list(next(_calls(random.Random(0), banks, people, contracts))[0])
        for done, chunk in enumerate(_calls(rng, banks, people, contracts), start=1):
            if postgres:
                raw = ctx.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    names = ", ".join(columns)
                    with cursor.copy(f"COPY call_record ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                        for row in chunk:
                            copy.write_row([json.dumps(row[c]) if c in ("topics", "exchanges")
                                            else row[c] for c in columns])  # fmt: skip
                    raw.commit()
                finally:
                    raw.close()
            else:
                with ctx.engine.begin() as connection:
                    connection.execute(insert(CallRecord), chunk)
            print(f"  {done * CHUNK:,} calls", file=sys.stderr, end="\r")
        print(file=sys.stderr)
        if postgres:
            with ctx.engine.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("VACUUM ANALYZE"))
        else:
            with ctx.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
    finally:
        ctx.close()


def sqlite_database(folder: Path, rebuild: bool) -> str:
    from desktop_app.core.models import Base
    from desktop_app.core.storage.engine import sqlite_url

    # A new index (made by a migration under development) means a new file, not stale plans.
    STAMP["indexes"] = sorted(str(i.name) for t in Base.metadata.tables.values() for i in t.indexes)
    folder.mkdir(parents=True, exist_ok=True)
    path, stamp = folder / "reports.sqlite3", folder / "stamp.json"
    if rebuild or not stamp.exists() or json.loads(stamp.read_text()) != STAMP:
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        print(f"Generating {CALLS:,} calls in {path} …", file=sys.stderr)
        build(sqlite_url(path), folder)
        stamp.write_text(json.dumps(STAMP))
        print(f"generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return sqlite_url(path)


def postgres_database(server: str, folder: Path) -> tuple[str, Callable[[], None]]:
    from team_conflicts import scratch_database

    url, drop = scratch_database(server)
    started = time.perf_counter()
    print(f"Generating {CALLS:,} calls on PostgreSQL …", file=sys.stderr)
    build(url, folder / "pg")
    print(f"generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url, drop


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def measure(url: str, folder: Path, rounds: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from desktop_app.core.common.clock import FakeClock
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.models import CallRecord
    from desktop_app.core.reports.periods import Period

    ctx = open_context(db=url, data_dir=str(folder / "measure"), clock=FakeClock(NOW),
                       secrets=MemoryStore())  # fmt: skip
    try:
        services = ctx.services
        admin = services.identity.actor_for(1)
        month = Period.month(date(2026, 11, 1))
        year = Period.custom(date(2025, 12, 1), date(2026, 11, 30))
        zone = services.reports.zone()
        found: dict[str, list[float]] = {
            k: [] for k in ("month", "year", "floor_month", "floor_year", "standing_month",
                            "standing_year")
        }  # fmt: skip
        services.reports.build(admin, month)  # warm: imports, caches, the checklist seed
        report = None
        for _round in range(rounds):
            for name, period in (("month", month), ("year", year)):
                start = time.perf_counter()
                report = services.reports.build(admin, period, with_standing=False)
                found[name].append(_ms(start))
                start = time.perf_counter()
                report = services.reports.standing(admin, report)
                found[f"standing_{name}"].append(_ms(start))
                first, last = period.bounds(zone)
                statement = (
                    select(func.count())
                    .select_from(CallRecord)
                    .where(CallRecord.occurred_at >= first, CallRecord.occurred_at < last)
                )
                start = time.perf_counter()
                with services.store.read() as session:
                    session.scalar(statement)
                found[f"floor_{name}"].append(_ms(start))
        assert report is not None
        result: dict[str, Any] = {k: statistics.median(v) for k, v in found.items()}
        result["year_calls"] = report.totals.received
        (result["charts_ms"], result["gui_gap_ms"], result["idle_gap_ms"],
         result["first_gap_ms"]) = _gui(services, admin, report, rounds)  # fmt: skip
        result["load"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
        return result
    finally:
        ctx.close()


def _gui(services: Any, admin: Any, report: Any, rounds: int) -> tuple[float, float, float, float]:
    """Charts built and painted; the GUI thread's longest stall while the page computes a year
    (the page shown already), and while it idles as long, medians of ``rounds``; the longest
    stall while the new page computes and shows its first report (first layout and paint)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.change_hub import ChangeHub
    from desktop_app.ui.reports.charts import ChartsPanel
    from desktop_app.ui.reports.reports_view import ReportsView

    app = QApplication.instance() or QApplication([])
    panel = ChartsPanel()
    panel.resize(1100, 700)
    panel.show()
    app.processEvents()
    painted = []
    for _round in range(rounds + 1):
        panel.forget()  # the same report again: built again all the same
        start = time.perf_counter()
        panel.show_report(report)
        for view in panel.views.values():
            view.viewport().repaint()
        painted.append(_ms(start))
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    view = ReportsView(services.reports, services.banks, ChangeHub(), admin)
    view.show()
    loop = QEventLoop()
    view.report_complete.connect(loop.quit)
    timer.start()
    last[0] = time.perf_counter()
    loop.exec()  # the page's first report, both parts, computed when it was built
    first_report = max(gaps, default=0.0)  # its first layout and paint on the GUI thread too
    computing, idle = [], []
    for _round in range(rounds):
        gaps.clear()
        view.set_period("year", date(2026, 6, 1))
        started = last[0] = time.perf_counter()
        loop.exec()  # both parts: the counts, then the windows and standing figures
        computing.append(max(gaps, default=0.0))
        # The floor: the same ticks for as long again with nothing to compute (a busy machine
        # stalls an idle GUI thread too).
        gaps.clear()
        QTimer.singleShot(int((time.perf_counter() - started) * 1000), loop.quit)
        last[0] = time.perf_counter()
        loop.exec()
        idle.append(max(gaps, default=0.0))
    timer.stop()
    return (statistics.median(painted[1:]), statistics.median(computing),
            statistics.median(idle), first_report)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) /
                                                  "callback-desk-reports-bench"))  # fmt: skip
    parser.add_argument("--rebuild", action="store_true", help="generate the SQLite file again")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    folder = Path(args.data_dir)
    results = {"sqlite": measure(sqlite_database(folder, args.rebuild), folder, args.rounds)}
    if not args.no_postgres:
        url, drop = postgres_database(args.server, folder)
        try:
            results["postgresql"] = measure(url, folder / "pg", args.rounds)
        finally:
            drop()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'database':<12}{'month ms':>10}{'floor':>8}{'ratio':>7}{'year ms':>10}{'floor':>8}"
          f"{'ratio':>7}{'charts ms':>11}{'GUI gap/idle ms':>17}"
          f"{'standing m/y ms':>18}")  # fmt: skip
    for name, r in results.items():
        month_ratio, year_ratio = r["month"] / r["floor_month"], r["year"] / r["floor_year"]
        print(
            f"{name:<12}{r['month']:>10.1f}{r['floor_month']:>8.1f}{month_ratio:>7.1f}"
            f"{r['year']:>10.1f}{r['floor_year']:>8.1f}{year_ratio:>7.1f}"
            f"{r['charts_ms']:>11.1f}{r['gui_gap_ms']:>10.1f}/{r['idle_gap_ms']:<6.1f}"
            f"{r['standing_month']:>9.0f}/{r['standing_year']:.0f}"
        )
    print()
    missed = False
    for name, r in results.items():
        for key, target in TARGETS.items():
            verdict = "ok" if r[key] <= target else "MISS"
            missed = missed or verdict == "MISS"
            print(f"{name:<12}{key:<14} {r[key]:8.1f} ms / target {target:6.0f} ms  "
                  f"({r[key] / target:.2f} of it) {verdict}")  # fmt: skip
        ratio = r["gui_gap_ms"] / r["idle_gap_ms"]
        print(f"{name:<12}GUI gap while computing a year: {ratio:.1f} × idle; while the page "
              f"computes and shows its first report {r['first_gap_ms']:.0f} ms; "
              f"load {r['load']}")  # fmt: skip
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
