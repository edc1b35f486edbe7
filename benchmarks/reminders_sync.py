"""Reminder checks at team size: what one scheduler check costs with 200 windows and 40 people.

The scheduler runs ``ReminderService.sync``, ``escalate_unacknowledged`` and ``take_due`` at each
check (then ``next_due_at`` to re-arm; the tray's tooltip asks ``upcoming``). This script builds
an SQLite database through the services (``_reminders_data.py``: the demo company, 40 more people
with office hours, absences and certificates, 200 contracts and 200 recurring windows of every
preset), keeps a pristine copy, and in each round opens a fresh copy at the same fixed moment
(a FakeClock: Wednesday 2026-11-25 10:00 Beijing, as the tests) and times, in this process:

* ``sync`` on the fresh copy (it creates the coming reminders) and again (nothing to create);
* ``escalate_unacknowledged`` and ``take_due`` (as the busiest responder), ``next_due_at``;
* one whole check (sync + escalate + take_due) — **target ≤ 100 ms**;
* the same check 4 h 15 min later, when the morning's "be at your phone" reminders nobody
  acknowledged pass on (escalation writes);
* ``upcoming`` (the tray), ``CoverageService.gaps`` over ``coverage_days_ahead``, and
  ``WindowService.occurrences`` for 30 and 90 days.

Two floors, measured in the same run: one plain ``SELECT`` of the whole reminder table through
the same engine (for the database-bound calls), and expanding the same windows' rules into dated
moments for 30 and 90 days with no database and no responders (for the expansions). Each figure
is printed as p50 and max over every sample, with its ratio to its floor's p50.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _reminders_data import Team, fill  # noqa: E402
from _reminders_stall import measure_stalls, report_stalls  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from desktop_app.core.common.calendar import WorkingCalendar  # noqa: E402
from desktop_app.core.common.clock import FakeClock  # noqa: E402
from desktop_app.core.context import AppContext, open_context  # noqa: E402
from desktop_app.core.local.secrets import MemoryStore  # noqa: E402
from desktop_app.core.models import Reminder  # noqa: E402
from desktop_app.core.windows.occurrences import load_windows, moments  # noqa: E402

AT = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)
LATER = timedelta(hours=4, minutes=15)
CHECK_TARGET_MS = 100.0
DATABASE = "callback-desk.sqlite3"


class Uncached:
    """The working calendar without its memo: the floor expands every rule afresh."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.is_workday = calendar.is_workday

    def derived(self, _key: object, compute: Callable[[], Any]) -> Any:
        return compute()


def open_at(data_dir: Path, at: datetime = AT) -> AppContext:
    return open_context(data_dir=str(data_dir), clock=FakeClock(at), secrets=MemoryStore())


def build(folder: Path) -> tuple[Path, dict[str, Any]]:
    """The pristine database (timed, for the record); returns its data folder and facts."""
    data_dir = folder / "pristine"
    started = time.perf_counter()
    ctx = open_at(data_dir)
    try:
        team = fill(ctx)
        facts = {
            "admin": team.admin.person_id,
            "responder": team.responder.person_id,
            "windows": team.windows,
            "people": team.people,
            "build_s": time.perf_counter() - started,
        }
    finally:
        ctx.close()
    return data_dir, facts


def fresh_copy(pristine: Path, folder: Path, round_no: int) -> Path:
    target = folder / f"round-{round_no}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(pristine, target)
    return target


def timed(samples: dict[str, list[float]], name: str, call: Callable[[], object]) -> Any:
    """Call, keeping the wall time (ms) under ``name`` and this thread's CPU time apart."""
    cpu, started = time.thread_time(), time.perf_counter()
    result = call()
    samples.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    samples.setdefault(f"{name} (cpu)", []).append((time.thread_time() - cpu) * 1000)
    return result


def actors(ctx: AppContext, facts: dict[str, Any]) -> Team:
    identity = ctx.services.identity
    return Team(
        identity.actor_for(facts["admin"]),
        identity.actor_for(facts["responder"]),
        facts["windows"],
        facts["people"],
    )


def one_round(
    data_dir: Path, facts: dict[str, Any], repeats: int, samples: dict[str, list[float]]
) -> dict[str, int]:
    """Every figure once on a fresh copy (the first sync), the rest ``repeats`` times."""
    clock = FakeClock(AT)
    ctx = open_context(data_dir=str(data_dir), clock=clock, secrets=MemoryStore())
    counts: dict[str, int] = {}
    try:
        s, team = ctx.services, actors(ctx, facts)
        reminders, admin, me = s.reminders, team.admin, team.responder
        ahead = timedelta(days=s.org.get().coverage_days_ahead)
        counts["created"] = timed(samples, "sync, first", lambda: reminders.sync(admin).value)
        with ctx.services.store.read() as session:
            counts["reminders"] = session.scalar(select(func.count()).select_from(Reminder)) or 0
            rows = load_windows(session)
        calendar = Uncached(s.calendar)
        for _ in range(repeats):
            with ctx.services.store.read() as session:
                timed(
                    samples,
                    "floor: SELECT reminder",
                    session.execute(select(Reminder.__table__)).all,
                )
            for days in (30, 90):
                end = AT + timedelta(days=days)
                timed(
                    samples,
                    f"floor: expand rules {days} d",
                    lambda end=end: [moments(row, AT, end, calendar) for row in rows],  # type: ignore[arg-type]
                )
            timed(samples, "sync, again", lambda: reminders.sync(admin))
            timed(
                samples, "escalate_unacknowledged", lambda: reminders.escalate_unacknowledged(admin)
            )
            counts["taken"] = len(timed(samples, "take_due", lambda: reminders.take_due(me)))
            timed(samples, "next_due_at", lambda: reminders.next_due_at(me))

            def check() -> None:
                reminders.sync(admin)
                reminders.escalate_unacknowledged(admin)
                reminders.take_due(me)

            timed(samples, "check (sync+escalate+take)", check)
            timed(samples, "upcoming (tray)", lambda: reminders.upcoming(me, 5))
            counts["gaps"] = len(
                timed(samples, "coverage gaps", lambda: s.coverage.gaps(admin, AT, AT + ahead))
            )
            for days in (30, 90):
                end = AT + timedelta(days=days)
                counts[f"occurrences {days} d"] = len(
                    timed(
                        samples,
                        f"occurrences {days} d",
                        lambda end=end: s.windows.occurrences(admin, AT, end),
                    )
                )
        clock.advance(LATER)
        counts["passed on later"] = timed(
            samples, "escalate, 4 h later", lambda: reminders.escalate_unacknowledged(admin).value
        )
        timed(samples, "check, 4 h later", check)
    finally:
        ctx.close()
    return counts


FLOOR_OF = {
    "floor: SELECT reminder": None,
    "floor: expand rules 30 d": None,
    "floor: expand rules 90 d": None,
    "sync, first": "floor: SELECT reminder",
    "sync, again": "floor: SELECT reminder",
    "escalate_unacknowledged": "floor: SELECT reminder",
    "take_due": "floor: SELECT reminder",
    "next_due_at": "floor: SELECT reminder",
    "check (sync+escalate+take)": "floor: SELECT reminder",
    "escalate, 4 h later": "floor: SELECT reminder",
    "check, 4 h later": "floor: SELECT reminder",
    "upcoming (tray)": "floor: expand rules 30 d",
    "coverage gaps": "floor: expand rules 30 d",
    "occurrences 30 d": "floor: expand rules 30 d",
    "occurrences 90 d": "floor: expand rules 90 d",
}


def summarise(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    found = {}
    for name in FLOOR_OF:
        values = samples.get(name, [])
        if values:
            found[name] = {
                "n": len(values),
                "p50_ms": statistics.median(values),
                "max_ms": max(values),
                "cpu_p50_ms": statistics.median(samples[f"{name} (cpu)"]),
            }
    for name, floor in FLOOR_OF.items():
        if floor and name in found and found[floor]["p50_ms"] > 0:
            found[name]["ratio"] = found[name]["p50_ms"] / found[floor]["p50_ms"]
    return found


def report(result: dict[str, Any]) -> None:
    facts = result["facts"]
    print(
        f"Reminder checks: demo + {facts['people']} people, {facts['windows']} recurring windows; "
        f"{result['rounds']} rounds × {result['repeats']}; "
        f"database built in {facts['build_s']:.1f} s"
    )
    print(f"counts: {result['counts']}")
    print(
        f"\n{'figure':<30}{'n':>4}{'p50 ms':>10}{'max ms':>10}{'cpu p50':>10}"
        "   ratio to its floor (p50)"
    )
    for name, row in result["figures"].items():
        ratio = f"{row['ratio']:8.1f}×  ({FLOOR_OF[name]})" if "ratio" in row else ""
        print(
            f"{name:<30}{row['n']:>4}{row['p50_ms']:>10.1f}{row['max_ms']:>10.1f}"
            f"{row['cpu_p50_ms']:>10.1f}   {ratio}"
        )
    check = result["figures"]["check (sync+escalate+take)"]
    verdict = "PASS" if check["p50_ms"] <= CHECK_TARGET_MS else "MISS"
    print(f"\none check p50 {check['p50_ms']:.1f} ms (target ≤ {CHECK_TARGET_MS:.0f} ms) {verdict}")
    if result["stalls"]:
        report_stalls(result["stalls"])


def profile(data_dir: Path, facts: dict[str, Any], what: str, top: int) -> None:
    """cProfile one call on a fresh copy (``sync`` is the first sync; ``check`` a later one)."""
    ctx = open_at(data_dir)
    try:
        s, team = ctx.services, actors(ctx, facts)
        if what != "sync":
            s.reminders.sync(team.admin)
        calls: dict[str, Callable[[], object]] = {
            "sync": lambda: s.reminders.sync(team.admin),
            "check": lambda: (
                s.reminders.sync(team.admin),
                s.reminders.escalate_unacknowledged(team.admin),
                s.reminders.take_due(team.responder),
            ),
            "escalate": lambda: s.reminders.escalate_unacknowledged(team.admin),
            "upcoming": lambda: s.reminders.upcoming(team.responder, 5),
            "gaps": lambda: s.coverage.upcoming_gaps(team.admin),
            "occurrences": lambda: s.windows.occurrences(team.admin, AT, AT + timedelta(days=90)),
        }
        profiler = cProfile.Profile()
        profiler.runcall(calls[what])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh copies of the database")
    parser.add_argument("--repeats", type=int, default=3, help="samples of each figure a round")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--profile",
        choices=("sync", "check", "escalate", "upcoming", "gaps", "occurrences"),
        help="print a cProfile of one call instead of timing",
    )
    parser.add_argument("--top", type=int, default=35, help="rows of the profile")
    parser.add_argument(
        "--default-gc",
        action="store_true",
        help="keep Python's collector as it is (default: tuned as the app tunes it)",
    )
    parser.add_argument(
        "--stall-checks", type=int, default=5, help="checks per scheduler for the stall (0: none)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="callback-desk-reminders-") as name:
        folder = Path(name)
        pristine, facts = build(folder)
        if not args.default_gc:
            from desktop_app.ui.app import tune_garbage_collector

            tune_garbage_collector()  # as the app does at start-up
        if args.profile:
            profile(fresh_copy(pristine, folder, 0), facts, args.profile, args.top)
            return 0
        samples: dict[str, list[float]] = {}
        counts: dict[str, int] = {}
        for round_no in range(args.rounds):
            counts = one_round(fresh_copy(pristine, folder, round_no), facts, args.repeats, samples)
        stalls = {}
        if args.stall_checks:
            ctx = open_at(fresh_copy(pristine, folder, args.rounds))
            try:
                team = actors(ctx, facts)
                ctx.services.reminders.sync(team.admin)  # the day's first sync is done
                stalls = measure_stalls(ctx, team.responder, args.stall_checks)
            finally:
                ctx.close()
    result = {
        "facts": facts,
        "rounds": args.rounds,
        "repeats": args.repeats,
        "counts": counts,
        "figures": summarise(samples),
        "stalls": stalls,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
