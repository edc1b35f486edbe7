"""Start-up benchmark: the app against a bare PySide6 window and a PySide6 + SQLAlchemy floor.

One run creates a temporary data folder with the demo database (through the CLI), then starts three
programs in turn, each as a fresh ``sys.executable`` process with ``QT_QPA_PLATFORM=offscreen``,
``--runs`` times (a, b, c, a, b, c, …) so that a machine busy with other work slows all three
alike: (a) floor_bare_window.py, (b) floor_stack.py, (c) the app with its start-up probe. Each
program prints ``first_paint``/``data_shown`` marks (epoch seconds) on stderr; a time is measured
from just before the process is spawned to the mark. Peak memory is the process's ``ru_maxrss``
from ``os.wait4``, and so is its CPU time (user + system), which a busy machine disturbs less than
wall time. It prints medians, p90, peak-memory medians and the paired ratios against the targets
(or all of it as JSON with ``--json``). ``--baseline CHECKOUT`` adds (d), the app run from another
copy of the repository on a demo database of its own, for before/after figures. ``--frozen DIR``
adds (e), the PyInstaller bundle built by packaging/build.py (its folder, its executable, or a
macOS ``.app``), on the same demo database, and the paired ratio frozen / source (target ≤ 1.2).
POSIX only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MARKS = ("first_paint", "data_shown")
TIMEOUT_S = 120.0
PROBE_ENV = "CALLBACK_DESK_STARTUP_PROBE"
# Variables that would point the app at another database or folder than the benchmark's.
CLEARED_ENV = ("CALLBACK_DESK_DB", "CALLBACK_DESK_DATA_DIR")


@dataclass(frozen=True)
class Program:
    """One of the three programs: its key, label, command line and the marks it must print."""

    key: str
    label: str
    argv: list[str]
    marks: tuple[str, ...]
    cwd: Path = ROOT


@dataclass
class Run:
    """One run of one program: ms from spawn to each mark and to exit, peak RSS (MB), CPU ms."""

    round: int
    marks_ms: dict[str, float]
    peak_mb: float
    exit_ms: float
    cpu_ms: float


@dataclass
class Summary:
    """The runs of one program."""

    label: str
    runs: list[Run] = field(default_factory=list)

    def values(self, what: str) -> list[float]:
        """Every run's value of a mark, of ``peak`` (MB) or of ``cpu`` (ms)."""
        found = (measure(run, what) for run in self.runs)
        return [value for value in found if value is not None]


def measure(run: Run, what: str) -> float | None:
    """A run's value of a mark (ms), ``peak`` (MB) or ``cpu`` (ms); None if it has no such mark."""
    if what == "peak":
        return run.peak_mb
    if what == "cpu":
        return run.cpu_ms
    return run.marks_ms.get(what)


@dataclass(frozen=True)
class Ratio:
    """A paired ratio: ours over a floor, run by run in the same round, against its target."""

    name: str
    numerator: tuple[str, str]  # (program key, mark, "peak" or "cpu")
    denominator: tuple[str, str]
    target: float | None  # None: shown for information only


RATIOS = (
    Ratio("time to data: ours / stack floor", ("ours", "data_shown"), ("floor", "data_shown"), 1.1),
    Ratio("first paint: ours / bare window", ("ours", "first_paint"), ("bare", "first_paint"), 1.5),
    Ratio("peak memory: ours / stack floor", ("ours", "peak"), ("floor", "peak"), 1.2),
    Ratio(
        "stack floor / bare window (info)", ("floor", "data_shown"), ("bare", "first_paint"), None
    ),
    Ratio(
        "ours to data / bare window (info)", ("ours", "data_shown"), ("bare", "first_paint"), None
    ),
    Ratio("CPU time: ours / stack floor (info)", ("ours", "cpu"), ("floor", "cpu"), None),
)
# With --frozen: the bundle against the same app run from source, in the same rounds.
FROZEN_RATIOS = (
    Ratio("time to data: frozen / source", ("frozen", "data_shown"), ("ours", "data_shown"), 1.2),
    Ratio(
        "first paint: frozen / source (info)",
        ("frozen", "first_paint"),
        ("ours", "first_paint"),
        None,
    ),
    Ratio("peak memory: frozen / source (info)", ("frozen", "peak"), ("ours", "peak"), None),
    Ratio("CPU time: frozen / source (info)", ("frozen", "cpu"), ("ours", "cpu"), None),
)
# With --baseline: the app now against another checkout of it, run in the same rounds.
BASELINE_RATIOS = (
    Ratio(
        "time to data: ours / baseline", ("ours", "data_shown"), ("baseline", "data_shown"), None
    ),
    Ratio(
        "first paint: ours / baseline", ("ours", "first_paint"), ("baseline", "first_paint"), None
    ),
    Ratio("peak memory: ours / baseline", ("ours", "peak"), ("baseline", "peak"), None),
    Ratio("CPU time: ours / baseline", ("ours", "cpu"), ("baseline", "cpu"), None),
)


def peak_mb(maxrss: int) -> float:
    """``ru_maxrss`` in MB: kilobytes on Linux, bytes on macOS."""
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def child_env(bytecode: bool = True) -> dict[str, str]:
    """The programs' environment. With ``bytecode`` they may write and read their compiled
    modules (``__pycache__``, written in the warm-up round), as an installed app does: pip
    compiles a wheel at install and the bundle holds .pyc files. A PYTHONDONTWRITEBYTECODE set
    on the machine would make every run compile every module from source again (≈ 10% of the
    app's start-up, and some of the floor's)."""
    cleared = CLEARED_ENV if not bytecode else (*CLEARED_ENV, "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in cleared}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env[PROBE_ENV] = "1"
    return env


def run_once(program: Program, env: dict[str, str], round_index: int) -> Run:
    """Spawn the program, read its marks from stderr until it exits, reap it with wait4."""
    started = time.time()
    process = subprocess.Popen(
        program.argv,
        cwd=program.cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(TIMEOUT_S, process.kill)
    watchdog.start()
    marks: dict[str, float] = {}
    other: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            parts = line.split()
            if len(parts) == 2 and parts[0] in MARKS and parts[0] not in marks:
                marks[parts[0]] = (float(parts[1]) - started) * 1000
            else:
                other.append(line)
    finally:
        watchdog.cancel()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    exit_ms = (time.time() - started) * 1000
    missing = [mark for mark in program.marks if mark not in marks]
    if process.returncode != 0 or missing:
        detail = "".join(other[-20:])
        raise RuntimeError(
            f"{program.label} exited with {process.returncode}, missing marks {missing}:\n{detail}"
        )
    cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
    return Run(round_index, marks, peak_mb(usage.ru_maxrss), exit_ms, cpu_ms)


def make_demo(data_dir: Path, checkout: Path = ROOT) -> None:
    """Fill ``data_dir`` with the demo database through the CLI of the app in ``checkout``."""
    env = {k: v for k, v in os.environ.items() if k not in (*CLEARED_ENV, PROBE_ENV)}
    subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "demo"],
        cwd=checkout,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def frozen_executable(path: Path) -> Path:
    """The bundle's executable: ``path`` itself, in the folder, or inside a macOS .app."""
    for candidate in (
        path,
        path / "callback-desk",
        path / "Contents" / "MacOS" / "callback-desk",
        path / "Callback Desk.app" / "Contents" / "MacOS" / "callback-desk",
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.resolve()
    raise SystemExit(f"no callback-desk executable in {path}")


def programs(
    data_dir: Path, baseline: tuple[Path, Path] | None = None, frozen: Path | None = None
) -> list[Program]:
    """The programs of one round; ``baseline`` is (checkout, its data folder) for program (d),
    ``frozen`` the bundle's executable for program (e)."""
    python = sys.executable
    database = data_dir / "callback-desk.sqlite3"
    app = [python, "-m", "desktop_app", "--data-dir", str(data_dir)]
    extra = []
    if baseline is not None:
        checkout, its_data = baseline
        argv = [python, "-m", "desktop_app", "--data-dir", str(its_data)]
        marks = ("first_paint", "data_shown")
        extra.append(Program("baseline", "(d) baseline checkout", argv, marks, checkout))
    if frozen is not None:
        argv = [str(frozen), "--data-dir", str(data_dir)]
        marks = ("first_paint", "data_shown")
        extra.append(Program("frozen", "(e) frozen bundle", argv, marks, frozen.parent))
    return [
        Program(
            "bare",
            "(a) bare PySide6 window",
            [python, str(HERE / "floor_bare_window.py")],
            ("first_paint",),
        ),
        Program(
            "floor",
            "(b) stack floor",
            [python, str(HERE / "floor_stack.py"), str(database)],
            ("data_shown",),
        ),
        Program(
            "ours",
            "(c) Callback Desk",
            app,
            ("first_paint", "data_shown"),
        ),
        *extra,
    ]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def p90(values: list[float]) -> float:
    """The nearest-rank 90th percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def paired(summaries: dict[str, Summary], ratio: Ratio) -> list[float]:
    """The ratio of each round whose two runs both have the values."""
    (top_key, top_what), (bottom_key, bottom_what) = ratio.numerator, ratio.denominator
    bottoms = {run.round: measure(run, bottom_what) for run in summaries[bottom_key].runs}
    result = []
    for run in summaries[top_key].runs:
        top, bottom = measure(run, top_what), bottoms.get(run.round)
        if top is not None and bottom:
            result.append(top / bottom)
    return result


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version(), "platform": platform.platform()}
    for name in ("PySide6-Essentials", "SQLAlchemy"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "?"
    found["cpus"] = str(os.cpu_count())
    return found


def report(summaries: dict[str, Summary], runs: int) -> dict[str, object]:
    """Everything measured, summarised, as plain data (what ``--json`` prints)."""
    result: dict[str, object] = {"runs": runs, "versions": versions(), "programs": {}, "ratios": []}
    for key, summary in summaries.items():
        entry: dict[str, object] = {"label": summary.label}
        for mark in MARKS:
            values = summary.values(mark)
            if values:
                entry[mark] = {"median_ms": median(values), "p90_ms": p90(values)}
        peaks, cpu = summary.values("peak"), summary.values("cpu")
        entry["peak_mb"] = {"median": median(peaks), "p90": p90(peaks)}
        entry["cpu_ms"] = {"median": median(cpu), "p90": p90(cpu)}
        entry["exit_ms"] = {"median": median([run.exit_ms for run in summary.runs])}
        entry["runs"] = [asdict(run) for run in summary.runs]
        result["programs"][key] = entry  # type: ignore[index]
    chosen = (
        RATIOS
        + (BASELINE_RATIOS if "baseline" in summaries else ())
        + (FROZEN_RATIOS if "frozen" in summaries else ())
    )
    for ratio in chosen:
        values = paired(summaries, ratio)
        (top_key, top_what), (bottom_key, bottom_what) = ratio.numerator, ratio.denominator
        of_medians = median(summaries[top_key].values(top_what)) / median(
            summaries[bottom_key].values(bottom_what)
        )
        value = median(values)
        result["ratios"].append(  # type: ignore[attr-defined]
            {
                "name": ratio.name,
                "paired_median": value,
                "ratio_of_medians": of_medians,
                "target": ratio.target,
                "passed": None if ratio.target is None else value <= ratio.target,
            }
        )
    return result


def print_text(result: dict[str, object]) -> None:
    found = result["versions"]
    assert isinstance(found, dict)
    print(
        f"Start-up, {result['runs']} runs each, alternated; Python {found['python']}, "
        f"PySide6 {found['PySide6-Essentials']}, SQLAlchemy {found['SQLAlchemy']}, "
        f"{found['cpus']} CPUs, offscreen"
    )
    print(
        f"{'program (medians)':<26}{'first paint ms':>18}{'data shown ms':>18}{'peak RSS MB':>13}"
        f"{'CPU ms':>8}"
    )
    programs_ = result["programs"]
    assert isinstance(programs_, dict)
    for entry in programs_.values():
        cells = []
        for mark in MARKS:
            stats = entry.get(mark)
            cells.append(
                f"{stats['median_ms']:7.0f} (p90 {stats['p90_ms']:4.0f})" if stats else "—"
            )
        print(
            f"{entry['label']:<26}{cells[0]:>18}{cells[1]:>18}{entry['peak_mb']['median']:>13.1f}"
            f"{entry['cpu_ms']['median']:>8.0f}"
        )
    print()
    print(
        f"{'paired ratio (median of per-round ratios)':<44}{'ratio':>7}{'of medians':>12}"
        f"{'target':>9}  result"
    )
    ratios = result["ratios"]
    assert isinstance(ratios, list)
    for ratio in ratios:
        target = f"≤ {ratio['target']:.2f}" if ratio["target"] is not None else ""
        verdict = {True: "PASS", False: "MISS", None: ""}[ratio["passed"]]
        print(
            f"{ratio['name']:<44}{ratio['paired_median']:>7.2f}{ratio['ratio_of_medians']:>12.2f}"
            f"{target:>9}  {verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="measured runs of each program")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="rounds run first and not counted (byte-code and disk caches)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE if set (every run compiles its modules from source)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="CHECKOUT",
        help="also run the app from another copy of the repository (before/after figures)",
    )
    parser.add_argument(
        "--frozen",
        type=Path,
        metavar="DIR",
        help="also run the bundle packaging/build.py made (frozen / source time to data)",
    )
    args = parser.parse_args(argv)
    frozen = frozen_executable(args.frozen) if args.frozen is not None else None
    env = child_env(bytecode=not args.no_bytecode)
    with tempfile.TemporaryDirectory(prefix="callback-desk-bench-") as folder:
        data_dir = Path(folder) / "data"
        make_demo(data_dir)
        baseline = None
        if args.baseline is not None:  # its own database: its schema may differ from ours
            baseline = (args.baseline.resolve(), Path(folder) / "baseline-data")
            make_demo(baseline[1], baseline[0])
        chosen = programs(data_dir, baseline, frozen)
        summaries = {program.key: Summary(program.label) for program in chosen}
        for round_index in range(-args.warmup, args.runs):
            for program in chosen:
                run = run_once(program, env, round_index)
                if round_index >= 0:
                    summaries[program.key].runs.append(run)
            if sys.stderr.isatty():
                done = "warm-up" if round_index < 0 else f"round {round_index + 1}/{args.runs}"
                print(f"\r{done}   ", end="", file=sys.stderr, flush=True)
        if sys.stderr.isatty():
            print(file=sys.stderr)
    result = report(summaries, args.runs)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_text(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
