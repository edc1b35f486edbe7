"""Live updates between two desks on the real PostgreSQL server: from one desk's save to the other
desk's screen, next to the bare database round trips measured in the same run.

A scratch database is created on the server (and dropped at the end). Two processes:

- desk A (this process): the app's context; it saves changes (a follow-up for 李娜) and takes
  messages for 李娜 (``calls.log``), alternately, one every ``--period`` ms;
- desk B (a child process, ``--role screen``): a Qt application (offscreen) running the app's
  ``LiveBridge`` (its own LISTEN connection and thread) into a ``ChangeHub``, and
  ``MessageAlerts`` into an ``AlertWindow`` for 李娜, who acknowledges each message as it appears.
  "On screen" is the moment the hub's ``data_changed`` is delivered in B's event loop with the
  follow-up's id; for a message also the moment its alert was added to the window (which reads
  B's unacknowledged messages first).

The floors, in the same run: a bare ``SELECT 1`` round trip with psycopg, and a bare
``pg_notify`` → ``LISTEN`` between two processes with psycopg (a child, ``--role floor``, waits in
``conn.notifies()``). Times are ``time.monotonic()``, which is one clock for all processes on Linux
(and macOS); each latency runs from just before A's call to B's mark. Prints medians, p90, p99 and
max, the ratios to the floor, and the target: p99 ≤ 500 ms.
Usage: ``python benchmarks/team_live.py [--server URL] [--count N] [--period MS] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TARGET_P99_MS = 500.0
FLOOR_CHANNEL = "callback_desk_bench_floor"
SERVER = os.environ.get(
    "CALLBACK_DESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# -- figures ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p90": percentile(values, 0.90),
        "p99": percentile(values, 0.99),
        "max": max(values),
    }


# -- the child processes ------------------------------------------------------------------------


def run_floor_listener(url: str, count: int, out: Path) -> None:
    """Bare psycopg: LISTEN, and note when each notification arrives."""
    from desktop_app.core.team.live.listener import connect_params

    arrived: dict[str, float] = {}
    with psycopg.connect(autocommit=True, **connect_params(url)) as connection:
        connection.execute(f"LISTEN {FLOOR_CHANNEL}")
        print("ready", flush=True)
        for notify in connection.notifies(timeout=120, stop_after=count):
            arrived[notify.payload] = time.monotonic()
    out.write_text(json.dumps(arrived))


def run_screen(url: str, messages: int, changes: int, out: Path) -> None:
    """Desk B: the app's bridge, hub and message alerts in a Qt event loop."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.common.changes import Area, Changes
    from desktop_app.core.context import open_context
    from desktop_app.core.front_desk.messages import MessageView
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.ui.change_hub import ChangeHub
    from desktop_app.ui.live import LiveBridge
    from desktop_app.ui.message_alerts import MessageAlerts, message_key
    from desktop_app.ui.reminders.alert_window import AlertWindow

    def quiet(_kind: object, _context: object, message: str) -> None:
        if "does not support" not in message:  # the offscreen platform cannot raise windows
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication([])
    ctx = open_context(db=url, data_dir=tempfile.mkdtemp(), secrets=MemoryStore())
    li = ctx.services.identity.actor_named("李娜")
    hub = ChangeHub()
    on_hub: dict[int, float] = {}
    on_alert: dict[int, float] = {}

    def finished() -> bool:
        return len(on_hub) >= messages + changes and len(on_alert) >= messages

    idle = QTimer()  # nothing heard for a while: desk A is done, or something is lost
    idle.setSingleShot(True)
    idle.setInterval(20_000)
    idle.timeout.connect(app.quit)

    def heard(changes_: Changes) -> None:
        idle.start()
        now = time.monotonic()
        for area, identifier in changes_.ids:
            if area == Area.FOLLOW_UPS:
                on_hub.setdefault(identifier, now)
        if finished():
            app.quit()

    def shown(views: list[MessageView]) -> None:
        now = time.monotonic()
        for view in views:
            on_alert.setdefault(view.follow_up_id, now)
            key = message_key(view.follow_up_id)
            QTimer.singleShot(0, lambda k=key: alerts.acknowledged.emit(k))  # 李娜 clicks
        if finished():
            app.quit()

    hub.data_changed.connect(heard)
    alerts = AlertWindow()
    inbox = MessageAlerts(ctx.services.messages, hub, li, alerts, None, ZoneInfo("Asia/Shanghai"))
    inbox.messages_shown.connect(shown)
    token = ctx.publisher.origin.token if ctx.publisher is not None else ""
    bridge = LiveBridge(hub, ctx.engine.url, token)
    bridge.connection_changed.connect(lambda up: up and print("ready", flush=True))
    bridge.start()
    idle.start()
    app.exec()
    bridge.stop()
    ctx.close()
    out.write_text(json.dumps({"hub": on_hub, "alert": on_alert}))


def spawn(role: str, url: str, out: Path, *extra: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, __file__, "--role", role, "--url", url, "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != "ready":
        child.kill()
        raise SystemExit(f"the {role} process did not start: {line!r}")
    return child


# -- desk A and the floors ----------------------------------------------------------------------


def floor_round_trips(url: str, count: int) -> list[float]:
    from desktop_app.core.team.live.listener import connect_params

    times = []
    with psycopg.connect(autocommit=True, **connect_params(url)) as connection:
        for _ in range(50):
            connection.execute("SELECT 1").fetchone()
        for _ in range(count):
            started = time.monotonic()
            connection.execute("SELECT 1").fetchone()
            times.append((time.monotonic() - started) * 1000)
    return times


def floor_notify(url: str, count: int, period: float, folder: Path) -> list[float]:
    from desktop_app.core.team.live.listener import connect_params

    out = folder / "floor.json"
    child = spawn("floor", url, out, "--count", str(count))
    sent: dict[str, float] = {}
    with psycopg.connect(autocommit=True, **connect_params(url)) as connection:
        for n in range(count):
            sent[str(n)] = time.monotonic()
            connection.execute("SELECT pg_notify(%s, %s)", (FLOOR_CHANNEL, str(n)))
            time.sleep(period)
    child.wait(timeout=120)
    arrived = json.loads(out.read_text())
    return [(arrived[key] - sent[key]) * 1000 for key in sent if key in arrived]


def prepare(url: str) -> None:
    """The company both desks see: a bank, a contract answered by 李娜, a front desk."""
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.register.banks import BankDraft
    from desktop_app.core.register.contracts import ContractDraft
    from desktop_app.core.register.people import PersonDraft

    ctx = open_context(db=url, data_dir=tempfile.mkdtemp(), secrets=MemoryStore())
    try:
        services = ctx.services
        admin = services.identity.create_first_admin("Admin", "bench-admin").value
        bank = services.banks.create(admin, BankDraft(name="中国工商银行", short_name="工行")).value
        contract = services.contracts.create(
            admin,
            ContractDraft(
                bank_id=bank.id,
                contract_number="0200-2025-LD-0137",
                loan_type="working_capital",
                principal=Decimal("5000000.00"),
                start_date=date(2026, 3, 18),
                maturity_date=date(2036, 3, 18),
            ),
        ).value
        li = services.people.create(admin, PersonDraft(name="李娜", role="finance")).value
        services.people.create(admin, PersonDraft(name="刘洋", role="front_desk"))
        services.responders.set_for_contract(admin, contract.id, [li.id])
    finally:
        ctx.close()


def desk_a(url: str, count: int, period: float, folder: Path) -> dict[str, Any]:
    from desktop_app.core.context import open_context
    from desktop_app.core.front_desk.calls import CallDraft
    from desktop_app.core.local.secrets import MemoryStore

    messages = count // 2
    changes = count - messages
    out = folder / "screen.json"
    child = spawn("screen", url, out, "--messages", str(messages), "--changes", str(changes))
    ctx = open_context(db=url, data_dir=tempfile.mkdtemp(), secrets=MemoryStore())
    services = ctx.services
    desk = services.identity.actor_named("刘洋")
    li = services.identity.actor_named("李娜")
    started: dict[int, float] = {}
    saved: dict[int, float] = {}
    kinds: dict[int, str] = {}
    due = datetime.now(UTC) + timedelta(days=2)
    try:
        contract = services.routing.route(desk, "0200-2025-LD-0137").contracts[0].id
        for n in range(count):
            before = time.monotonic()
            if n % 2 == 0:
                draft = CallDraft("message", f"来电 {n}", "010-6552 1234", contract_id=contract)
                follow_up = services.calls.log(desk, draft).value.follow_up_id
                kinds[follow_up or 0] = "message"
            else:
                follow_up = services.follow_ups.create(
                    desk, "document", f"寄送资料 {n}", due, li.person_id, contract_id=contract
                ).value.id
                kinds[follow_up] = "change"
            after = time.monotonic()
            started[follow_up or 0] = before
            saved[follow_up or 0] = after
            time.sleep(max(0.0, period - (after - before)))
        child.wait(timeout=600)
    finally:
        ctx.close()
        if child.poll() is None:
            child.kill()
    marks = json.loads(out.read_text())
    hub = {int(k): v for k, v in marks["hub"].items()}
    alert = {int(k): v for k, v in marks["alert"].items()}
    return {
        "screen": [(hub[i] - started[i]) * 1000 for i in started if i in hub],
        "screen_change": [
            (hub[i] - started[i]) * 1000 for i in started if i in hub and kinds[i] == "change"
        ],
        "screen_message": [
            (hub[i] - started[i]) * 1000 for i in started if i in hub and kinds[i] == "message"
        ],
        "after_commit": [(hub[i] - saved[i]) * 1000 for i in saved if i in hub],
        "save": [(saved[i] - started[i]) * 1000 for i in started],
        "alert": [(alert[i] - started[i]) * 1000 for i in started if i in alert],
        "missing": [i for i in started if i not in hub]
        + [i for i in started if kinds[i] == "message" and i not in alert],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=SERVER, help="maintenance database URL")
    parser.add_argument("--count", type=int, default=600, help="saves and messages at desk A")
    parser.add_argument("--period", type=float, default=100, help="ms between desk A's saves")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--role", choices=("floor", "screen"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--messages", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--changes", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role == "floor":
        run_floor_listener(args.url, args.count, Path(args.out))
        return 0
    if args.role == "screen":
        run_screen(args.url, args.messages, args.changes, Path(args.out))
        return 0

    maintenance = create_engine(args.server, isolation_level="AUTOCOMMIT")
    name = f"callback_desk_bench_{secrets.token_hex(4)}"
    with maintenance.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.server).set(database=name).render_as_string(hide_password=False)
    period = args.period / 1000
    try:
        with tempfile.TemporaryDirectory() as folder:
            prepare(url)
            round_trip = floor_round_trips(url, max(args.count, 500))
            notify = floor_notify(url, args.count, period, Path(folder))
            ours = desk_a(url, args.count, period, Path(folder))
    finally:
        with maintenance.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        maintenance.dispose()
    report(
        {
            "floor SELECT 1 round trip": summary(round_trip),
            "floor NOTIFY → LISTEN (2 processes)": summary(notify),
            "ours: save → other desk's hub (screen)": summary(ours["screen"]),
            "  of which saved changes": summary(ours["screen_change"]),
            "  of which messages taken": summary(ours["screen_message"]),
            "ours: commit returned → other desk's hub": summary(ours["after_commit"]),
            "ours: the save itself (service call)": summary(ours["save"]),
            "ours: message taken → alert window": summary(ours["alert"]),
        },
        ours["missing"],
        args.json,
    )
    return 0


def report(rows: dict[str, dict[str, float]], missing: list[int], as_json: bool) -> None:
    screen = rows["ours: save → other desk's hub (screen)"]
    alert = rows["ours: message taken → alert window"]
    floor = rows["floor NOTIFY → LISTEN (2 processes)"]
    delivery = rows["ours: commit returned → other desk's hub"]
    ratios = {
        "delivery p99 / NOTIFY floor p99": delivery["p99"] / floor["p99"],
        "delivery median / NOTIFY floor median": delivery["median"] / floor["median"],
        "screen p99 / NOTIFY floor p99": screen["p99"] / floor["p99"],
        "screen median / NOTIFY floor median": screen["median"] / floor["median"],
        "alert p99 / NOTIFY floor p99": alert["p99"] / floor["p99"],
    }
    verdict = "PASS" if max(screen["p99"], alert["p99"]) <= TARGET_P99_MS else "MISS"
    if as_json:
        print(
            json.dumps(
                {
                    "figures": rows,
                    "ratios": ratios,
                    "missing": missing,
                    "target_p99_ms": TARGET_P99_MS,
                    "verdict": verdict,
                },
                indent=2,
            )
        )
        return
    print(f"{'figure (ms)':44} {'n':>5} {'median':>8} {'p90':>8} {'p99':>8} {'max':>8}")
    for label, row in rows.items():
        print(
            f"{label:44} {row['n']:5.0f} {row['median']:8.2f} {row['p90']:8.2f} "
            f"{row['p99']:8.2f} {row['max']:8.2f}"
        )
    print()
    for label, value in ratios.items():
        print(f"{label:44} {value:8.1f}×")
    print(f"missing on screen: {len(missing)}")
    print(f"target: p99 ≤ {TARGET_P99_MS:.0f} ms end to end — {verdict}")


if __name__ == "__main__":
    raise SystemExit(main())
