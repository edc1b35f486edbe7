"""Hypothesis-generated malformed .xlsx and .csv files through the real import: crashes 0,
partial imports 0.

The generators are the test suite's (``tests/helpers/malformed``): a real bank workbook or CSV
with bytes flipped, cut out or spliced in, and CSV text of quotes, separators, NULs, formula
characters and full-width digits. Each file is previewed and committed on a fresh SQLite
database; a crash is any exception other than the import's own refusal, a partial import any
row count other than all of the file's rows or none. Prints the counts and how long a file took.

Usage: ``python benchmarks/faults/malformed_files.py [--examples 300]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    args = parser.parse_args(argv)
    from hypothesis import HealthCheck, given, settings

    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.storage.engine import sqlite_url
    from tests.helpers.malformed import CSV_TEXT, bank_csv, bank_workbook, damaged, import_once

    with tempfile.TemporaryDirectory(prefix="malformed-") as name:
        folder = Path(name)
        app = open_context(
            db=sqlite_url(folder / "desk.sqlite3"), data_dir=str(folder), secrets=MemoryStore()
        )
        admin = app.services.identity.create_first_admin("Admin", "admin-account").value
        counts: dict[str, Counter[str]] = {}
        timings: list[float] = []
        options = settings(
            max_examples=args.examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        cases = (
            ("xlsx", damaged(bank_workbook())),
            ("csv", damaged(bank_csv()) | CSV_TEXT),
        )

        def runner(suffix: str, strategy: Any) -> Callable[[], None]:
            tally: Counter[str] = Counter()
            counts[suffix] = tally

            @options
            @given(data=strategy)
            def run(data: bytes) -> None:
                path = folder / f"file.{suffix}"
                path.write_bytes(data)
                start = time.perf_counter()
                tally[import_once(app.services, admin, path)] += 1
                timings.append(time.perf_counter() - start)

            return run  # type: ignore[no-any-return]

        for suffix, strategy in cases:
            runner(suffix, strategy)()
        app.close()
    bad = 0
    for suffix, tally in counts.items():
        total = sum(tally.values())
        print(
            f"{suffix}: {total} files — crashes {tally['crash']}, partial imports "
            f"{tally['partial']}, handled {tally['ok']}"
        )
        bad += tally["crash"] + tally["partial"]
    timings.sort()
    if timings:
        print(
            f"per file: median {timings[len(timings) // 2] * 1000:.0f} ms, "
            f"slowest {timings[-1] * 1000:.0f} ms"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
