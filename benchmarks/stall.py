"""The longest time the GUI thread's event loop did not turn during a scripted session.

The app's main window (offscreen) with the demo company, driven like a person would: open each
page, type a few letters into every filter (one key every 30 ms), and save each kind of record
(bank, contract, number, person, contact window) through its editor's Save button, once the
editor holds the choices it reads off the GUI thread; then, with the Today page in front, announce
a change of each area on the change hub, as a save or another desk does ("a change, other pages
behind": what every other screen does with it). A precise 2 ms ``QTimer`` is the
probe: the longest gap between two of its ticks is the longest the window could not repaint or
answer a click. Run twice: on an embedded SQLite file, and on PostgreSQL reached through a
loopback TCP proxy (started here) that holds every packet 10 ms each way — a team server across
an office network.

Targets: no stall over 50 ms on SQLite, none over 100 ms through the proxy. Prints the longest
stall per phase and overall, and the floor (the same probe while the loop is idle, measured in
the same run); ``--check`` exits 1 on a miss.
Usage: ``python benchmarks/stall.py [--server URL] [--delay-ms 10] [--only sqlite|proxy]
[--check] [--json] [--no-bytecode] [--detail]`` (``--detail``: each page, filter and save too).
"""

from __future__ import annotations

import argparse
import contextlib
import heapq
import itertools
import json
import os
import secrets
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A page's screen is imported when it is first shown: read compiled modules, as an installed app
# does, rather than compiling every module again in each run (PYTHONDONTWRITEBYTECODE).
if "--no-bytecode" not in sys.argv:
    sys.dont_write_bytecode = False

TARGETS_MS = {"sqlite": 50.0, "proxy": 100.0}
TICK_MS = 2
KEY_GAP_MS = 30
SERVER = os.environ.get(
    "CALLBACK_DESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# -- a loopback proxy that delays every packet ------------------------------------------------


class DelayProxy:
    """Forwards 127.0.0.1:<port> to ``target``, holding each chunk ``delay`` seconds each way."""

    def __init__(self, target: tuple[str, int], delay: float) -> None:
        self.target = target
        self.delay = delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._pipe(client, server)
            self._pipe(server, client)

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        queue: list[tuple[float, int, bytes]] = []
        ready = threading.Condition()
        order = itertools.count()

        def read() -> None:
            while True:
                try:
                    chunk = source.recv(65536)
                except OSError:
                    chunk = b""
                with ready:
                    heapq.heappush(queue, (time.monotonic() + self.delay, next(order), chunk))
                    ready.notify()
                if not chunk:
                    return

        def write() -> None:
            while True:
                with ready:
                    while not queue:
                        ready.wait()
                    due, _n, chunk = queue[0]
                    wait = due - time.monotonic()
                    if wait > 0:
                        ready.wait(wait)
                        continue
                    heapq.heappop(queue)
                if not chunk:
                    with contextlib.suppress(OSError):
                        sink.shutdown(socket.SHUT_WR)
                    return
                try:
                    sink.sendall(chunk)
                except OSError:
                    return

        threading.Thread(target=read, daemon=True).start()
        threading.Thread(target=write, daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self.listener.close()


# -- the probe and the script -------------------------------------------------------------------


class Probe:
    """A precise timer; ``phase(name)`` records the longest gap between its ticks inside it
    (and, when ``detailed``, under ``"name: part"`` as well: which page, filter or save)."""

    def __init__(self, detailed: bool = False) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.timer.start(TICK_MS)
        self.phases: dict[str, float] = {}
        self.detailed = detailed

    @contextlib.contextmanager
    def phase(self, name: str, part: str = "") -> Iterator[None]:
        self.ticks.clear()
        started = time.perf_counter()
        yield
        ended = time.perf_counter()
        edges = [started, *self.ticks, ended]
        gap = max(b - a for a, b in itertools.pairwise(edges)) * 1000
        self.phases[name] = max(self.phases.get(name, 0.0), gap)
        if self.detailed and part:
            key = f"{name}: {part}"
            self.phases[key] = max(self.phases.get(key, 0.0), gap)


def turn(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(limit_s: float = 30.0) -> None:
    """Run the event loop until every operation started has reported."""
    from desktop_app.ui.operation import idle

    ends = time.monotonic() + limit_s
    while not idle() and time.monotonic() < ends:
        turn(5)


def opened(editor: Any, limit_s: float = 30.0) -> None:
    """Run the event loop until ``editor`` holds the choices it reads off the GUI thread."""
    ends = time.monotonic() + limit_s
    while not getattr(editor, "loaded", True) and time.monotonic() < ends:
        turn(5)


def session(url: str, data_dir: str, detailed: bool = False) -> dict[str, float]:
    """The scripted session on ``url``; the longest stall per phase, ms."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit

    from desktop_app.core.common.changes import Area, Changes
    from desktop_app.core.context import open_context
    from desktop_app.core.demo.company import load_demo
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.ui.app import app_icon
    from desktop_app.ui.controller import DeskController
    from desktop_app.ui.widgets.lazy_page import LazyPage

    app = QApplication.instance() or QApplication([])
    ctx = open_context(db=url, data_dir=data_dir, secrets=MemoryStore())
    try:
        admin = load_demo(ctx.services, "demo-account")
        controller = DeskController(ctx, admin, app_icon())
        window = controller.build_window()
        window.resize(1200, 800)
        window.show()
        turn(300)
        probe = Probe(detailed)
        with probe.phase("idle (floor)"):
            turn(500)
        pages = window.pages
        for index in range(pages.count()):
            with probe.phase("open each page", window.navigation.item(index).text()):
                window.navigation.setCurrentRow(index)
                turn(150)
        for index in range(pages.count()):
            window.navigation.setCurrentRow(index)
            turn(50)
            holder = pages.widget(index)
            page = holder.content() if isinstance(holder, LazyPage) else holder
            filters = [
                edit
                for name, edit in vars(page).items()
                if isinstance(edit, QLineEdit) and ("search" in name or "filter" in name)
            ]
            for edit in filters:
                field = next(name for name, each in vars(page).items() if each is edit)
                with probe.phase("typing in every filter", f"{type(page).__name__}.{field}"):
                    for char in "zh1":
                        QTest.keyClick(edit, char)
                        turn(KEY_GAP_MS)
                    edit.clear()
                    turn(KEY_GAP_MS)
        for name in ("banks_view", "contracts_view", "numbers_view", "people_view"):
            view = getattr(controller, name, None)
            if view is None:
                continue
            window.show_page(view)
            turn(100)
            view.table.selectRow(0)
            with probe.phase("saving each kind of record", name):
                dialog = view.open_editor(view.selected())
                opened(dialog)
                turn(100)
                save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
                if save is not None:
                    save.click()
                settle()
                turn(100)
            if dialog.isVisible():
                dialog.reject()
        windows_view = getattr(controller, "windows_view", None)
        if windows_view is not None:
            window.show_page(windows_view)
            turn(100)
            with probe.phase("saving each kind of record", "windows_view"):
                editor: Any = windows_view.open_editor(None)
                opened(editor)
                turn(100)
                if isinstance(editor, QDialog):
                    editor.title_edit.setText("测试窗口")
                    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
                    settle()
                    turn(100)
                    editor.reject()
        if controller.today_view is not None:
            window.show_page(controller.today_view)
            turn(100)
            settle()
            for area in Area:
                with probe.phase("a change, other pages behind"):
                    controller.hub.announce(Changes.of(area))
                    settle()
                    turn(50)
        probe.timer.stop()
        window.quitting = True
        window.close()
        return probe.phases
    finally:
        ctx.close()
        del app


def on_postgres(server: str, delay_ms: float, run: Callable[[str], dict[str, float]]) -> Any:
    maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"callback_desk_stall_{secrets.token_hex(4)}"
    with maintenance.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    parsed = make_url(server)
    proxy = DelayProxy((parsed.host or "127.0.0.1", parsed.port or 5432), delay_ms / 1000)
    url = parsed.set(database=name, host="127.0.0.1", port=proxy.port)
    try:
        return run(url.render_as_string(hide_password=False))
    finally:
        proxy.close()
        with maintenance.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        maintenance.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=SERVER, help="PostgreSQL maintenance database URL")
    parser.add_argument("--delay-ms", type=float, default=10.0, help="proxy delay each way")
    parser.add_argument("--only", choices=("sqlite", "proxy"))
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--detail", action="store_true", help="also the longest stall per page, filter and save"
    )
    parser.add_argument(
        "--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE (compile anew)"
    )
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "sqlite"):
            db = f"sqlite+pysqlite:///{Path(folder) / 'stall.sqlite3'}"
            results["sqlite"] = session(db, str(Path(folder) / "sqlite"), args.detail)
        if args.only in (None, "proxy"):
            results["proxy"] = on_postgres(
                args.server,
                args.delay_ms,
                lambda url: session(url, str(Path(folder) / "proxy"), args.detail),
            )
    missed = False
    report: dict[str, Any] = {}
    for backend, phases in results.items():
        worst = max(v for k, v in phases.items() if k != "idle (floor)")
        target = TARGETS_MS[backend]
        ok = worst <= target
        missed |= not ok
        report[backend] = {"phases_ms": phases, "worst_ms": worst, "target_ms": target, "ok": ok}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for backend, row in report.items():
            label = "SQLite" if backend == "sqlite" else f"PostgreSQL + {args.delay_ms:g} ms proxy"
            print(f"\n{label}: longest event-loop stall per phase (ms), probe {TICK_MS} ms")
            for phase, value in row["phases_ms"].items():
                print(f"  {phase:<32}{value:>9.1f}")
            floor = row["phases_ms"].get("idle (floor)", 0.0)
            verdict = "PASS" if row["ok"] else "MISS"
            print(
                f"  {'worst':<32}{row['worst_ms']:>9.1f}   target ≤ {row['target_ms']:g}"
                f"   ({row['worst_ms'] / max(floor, 0.1):.1f}× the idle floor)   {verdict}"
            )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
