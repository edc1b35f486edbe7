"""Ring benchmark: from ``callback-desk ring`` starting to the console painted with the route.

It makes a temporary data folder holding the demo database, starts the app there (offscreen,
with ``CALLBACK_DESK_RING_PROBE=1``: the app prints ``ready`` once it listens and
``ring_painted <line> <epoch seconds>`` when the console has painted a ring), then, ``--runs``
times, side by side:

- the floor: a new ``sys.executable -c …`` process that connects to a local (Unix) socket served
  by this script, sends a line and reads the echo — a bare Python start plus a local-socket round
  trip, measured from just before the spawn to the process's exit;
- ours: ``python -m desktop_app --data-dir DIR ring 95588 --line bench-N``, measured from just
  before the spawn to the app's ``ring_painted bench-N`` mark.

It prints the medians and p90 of both, each round's ratio ours / floor and their median, and the
target: ours ≤ 300 ms with the app running. POSIX only (the floor uses an AF_UNIX socket).
"""

from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_MS = 300.0
FLOOR_CODE = (
    "import socket,sys\n"
    "s=socket.socket(socket.AF_UNIX)\n"
    "s.connect(sys.argv[1])\n"
    "s.sendall(b'ring\\n')\n"
    "s.recv(16)\n"
)


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBACK_DESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def echo_server(path: str) -> socket.socket:
    """A local socket answering each line with ``ok``, on its own thread."""
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(8)

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.recv(64)
                connection.sendall(b"ok\n")

    threading.Thread(target=serve, daemon=True).start()
    return server


def start_app(data_dir: Path) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    """The app on the demo database, its stderr lines fed to a queue."""
    env = environment()
    env["CALLBACK_DESK_RING_PROBE"] = "1"
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--lang", "en"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert app.stderr is not None
        for line in app.stderr:
            lines.put(line.strip())

    threading.Thread(target=read, daemon=True).start()
    return app, lines


def wait_for(lines: queue.Queue[str], prefix: str, timeout: float = 60.0) -> float:
    """The epoch seconds of the next mark starting with ``prefix``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line.startswith(prefix):
            return float(line.split()[-1])
    raise SystemExit(f"no mark {prefix!r} from the app within {timeout:.0f} s")


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="paired rounds (default 10)")
    args = parser.parse_args()
    env = environment()
    with tempfile.TemporaryDirectory(prefix="ring-bench-") as folder:
        data_dir = Path(folder) / "data"
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "demo"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server = echo_server(str(Path(folder) / "echo.sock"))
        app, lines = start_app(data_dir)
        try:
            wait_for(lines, "ready", timeout=120)
            floor_ms: list[float] = []
            ours_ms: list[float] = []
            received_ms: list[float] = []
            for round_ in range(args.runs + 1):  # the first round warms up, not counted
                start = time.time()
                subprocess.run(
                    [sys.executable, "-c", FLOOR_CODE, str(Path(folder) / "echo.sock")],
                    env=env,
                    check=True,
                )
                floor = (time.time() - start) * 1000
                line = f"bench-{round_}"
                command = [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir)]
                start = time.time()
                ring = subprocess.Popen([*command, "ring", "95588", "--line", line], env=env)
                received = wait_for(lines, f"ring_received {line}")
                painted = wait_for(lines, f"ring_painted {line}")
                if ring.wait(timeout=60) != 0:
                    raise SystemExit("callback-desk ring failed")
                if round_:
                    floor_ms.append(floor)
                    ours_ms.append((painted - start) * 1000)
                    received_ms.append((received - start) * 1000)
        finally:
            app.terminate()
            app.wait(timeout=30)
            server.close()
    ratios = [o / f for o, f in zip(ours_ms, floor_ms, strict=True)]
    floor_med, ours_med = statistics.median(floor_ms), statistics.median(ours_ms)
    print(f"rounds: {len(ours_ms)} (after one warm-up round)")
    print(f"floor, python start + local socket round trip: median {floor_med:.0f} ms, "
          f"p90 {p90(floor_ms):.0f} ms")  # fmt: skip
    print(f"ring command start → app received the ring:   median "
          f"{statistics.median(received_ms):.0f} ms, p90 {p90(received_ms):.0f} ms")  # fmt: skip
    print(f"ring command start → console painted, routed: median {ours_med:.0f} ms, "
          f"p90 {p90(ours_ms):.0f} ms")  # fmt: skip
    print(f"paired ratio ours / floor: median {statistics.median(ratios):.2f} "
          f"(ratio of medians {ours_med / floor_med:.2f})")  # fmt: skip
    verdict = "MET" if ours_med <= TARGET_MS else "MISSED"
    print(f"target: ring → painted ≤ {TARGET_MS:.0f} ms with the app running: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
