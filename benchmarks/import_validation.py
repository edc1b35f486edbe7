"""Checking an import against a large register: 1,000 contract rows against 33,000 stored.

The register is filled once through the import itself (33 banks' worth of contracts at one
bank), then a file of 1,000 new contracts is previewed — read, turned into drafts and checked
with the services' validation, duplicates against every stored number included — several times.
Before, each row cost two queries (12 s for 1,000 rows); then every stored number was read
once (33,000 rows: 3.1 s wall, 0.28 s CPU); now only the file's own numbers are looked up,
500 to a statement, through the index. The floor is reading the same file with the csv module
and parsing its dates and amounts by hand, in the same run. Target: 1 s. The CPU time of this
process is printed beside the wall time, and the context switches of a preview: *voluntary*
ones are waits (disk, fsync, a lock), *involuntary* ones are the scheduler handing the CPU to
other processes — on a shared machine the gap between wall and CPU time is the latter.

Usage: ``python benchmarks/import_validation.py [--stored 33000] [--rows 1000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "faults"))
from kill_during_writes import _contracts_csv, _open, prepare

TARGET_SECONDS = 1.0


def floor(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle))[1:]:
            Decimal(row[3])
            date.fromisoformat(row[4]), date.fromisoformat(row[5])
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=33_000)
    parser.add_argument("--rows", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="import-validation-") as name:
        folder = Path(name)
        prepare(folder, "imports")
        app = _open(folder)
        admin = app.services.identity.actor_for(1)
        stored = _contracts_csv(folder / "stored.csv", "S", args.stored)
        app.services.imports.commit(admin, app.services.imports.preview(admin, "contracts", stored))
        new = _contracts_csv(folder / "new.csv", "N", args.rows)
        ours, floors, cpu, waits, preempted = [], [], [], [], []
        for _ in range(args.repeat):
            usage = resource.getrusage(resource.RUSAGE_SELF)
            start, processor = time.perf_counter(), time.process_time()
            plan = app.services.imports.preview(admin, "contracts", new)
            ours.append(time.perf_counter() - start)
            cpu.append(time.process_time() - processor)
            after = resource.getrusage(resource.RUSAGE_SELF)
            waits.append(after.ru_nvcsw - usage.ru_nvcsw)
            preempted.append(after.ru_nivcsw - usage.ru_nivcsw)
            assert plan.ok, plan.all_problems()[:3]
            floors.append(floor(new))
        app.close()
    median, base = statistics.median(ours), statistics.median(floors)
    verdict = "PASS" if median <= TARGET_SECONDS else "FAIL"
    print(
        f"{args.rows} rows against {args.stored} stored contracts: median {median:.2f} s "
        f"(best {min(ours):.2f} s, CPU {statistics.median(cpu):.2f} s), floor {base * 1000:.0f} ms,"
        f" ratio {median / base:.0f}× — "
        f"{verdict} (target {TARGET_SECONDS:.0f} s)"
    )
    print(
        f"context switches per preview (median): voluntary {statistics.median(waits):.0f}, "
        f"involuntary {statistics.median(preempted):.0f}; load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
