"""Spreadsheet bombs and a 100,000-row import: time and peak memory of each, in its own process.

Each case runs in a fresh child process (``--case NAME``) so that its peak resident memory
(``ru_maxrss``) is its own. The crafted files are the test suite's
(``tests/helpers/hostile_files``): a cell at XFD1048576 (with an honest and with a lying
dimension), a cell at row 1,048,576, a merged range over a million rows, 20,000 merged ranges,
shared strings that unpack to 138 MB, a 40,000-character cell, a corrupt deflate stream, a
1,000,000-row CSV. Each must be refused with its message in under 2 s. Then 100,000 contracts
(.xlsx written by openpyxl, and the same as .csv) are previewed and committed into a fresh
SQLite database: under 60 s and 400 MB each. The floor is the child process that only imports
the app and opens the database, measured in the same run.

Usage: ``python benchmarks/faults/spreadsheet_bombs.py [--rows 100000] [--only imports] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

REFUSE_SECONDS = 2.0
IMPORT_SECONDS = 60.0
IMPORT_MB = 400.0
BOMBS = (
    "far_cell",
    "far_cell_hidden",
    "last_row",
    "huge_merge",
    "many_merges",
    "shared_strings",
    "long_cell",
    "corrupt_deflate",
    "million_csv",
)


def _bomb(name: str, folder: Path) -> Path:
    from tests.helpers import hostile_files as hf

    makers: dict[str, Any] = {
        "far_cell": lambda p: hf.far_cell(p),
        "far_cell_hidden": lambda p: hf.far_cell(p, dimension="A1:B2"),
        "last_row": lambda p: hf.far_cell(p, "A1048576"),
        "huge_merge": lambda p: hf.huge_merge(p),
        "many_merges": lambda p: hf.many_merges(p, 20_000),
        "shared_strings": lambda p: hf.huge_shared_strings(p),
        "long_cell": lambda p: hf.long_cell(p),
        "corrupt_deflate": lambda p: hf.corrupt_deflate(p),
        "million_csv": lambda p: hf.bank_csv(p, 1_000_000),
    }
    suffix = ".csv" if name.endswith("csv") else ".xlsx"
    return makers[name](folder / (name + suffix))  # type: ignore[no-any-return]


def write_contracts(path: Path, rows: int) -> Path:
    """``rows`` contracts at one bank, as Excel or CSV (by the suffix)."""
    headers = ["合同编号", "贷款银行", "贷款类型", "贷款金额", "起始日", "到期日"]
    headers += ["合同名称", "备注"]
    body = (
        [
            f"HT-2026-{n:06d}",
            "中国工商银行",
            "流动资金贷款",
            1_000_000 + n,
            date(2026, 1, 5),
            date(2027, 1, 5),
            f"流动资金借款合同 {n}",
            "导入测试",
        ]
        for n in range(rows)
    )
    if path.suffix == ".csv":
        import csv

        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(body)
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("合同")
    sheet.append(headers)
    for row in body:
        sheet.append(row)
    book.save(path)
    return path


def _open(folder: Path) -> tuple[Any, Any]:
    from desktop_app.core.context import open_context
    from desktop_app.core.local.secrets import MemoryStore
    from desktop_app.core.register.banks import BankDraft
    from desktop_app.core.storage.engine import sqlite_url

    database = sqlite_url(folder / "import.sqlite3")
    app = open_context(db=database, data_dir=str(folder / "app"), secrets=MemoryStore())
    admin = app.services.identity.create_first_admin("Admin", "admin-account").value
    app.services.banks.create(admin, BankDraft(name="中国工商银行", short_name="工行"))
    return app, admin


def build(name: str, folder: Path, rows: int) -> Path:
    """The file of a case, written by the parent so that the child's peak memory is the read's."""
    if name.startswith("import_"):
        return write_contracts(folder / f"contracts.{name.split('_')[1]}", rows)
    return _bomb(name, folder)


def run_case(name: str, folder: Path, path: Path) -> dict[str, Any]:
    """One case in this process: read or import ``path``, timed."""
    from desktop_app.core.common.errors import ValidationError
    from desktop_app.core.register.import_export.reading import read_table

    if name == "floor":
        app, _admin = _open(folder)  # the same set-up as an import, nothing read
        app.close()
        return {"seconds": 0.0, "outcome": "floor"}
    if name.startswith("import_"):
        app, admin = _open(folder)
        start = time.perf_counter()
        cpu = time.process_time()
        plan = app.services.imports.preview(admin, "contracts", path)
        checked = time.perf_counter() - start
        if not plan.ok:
            outcome = "problems: " + "; ".join(p.text() for p in plan.all_problems()[:3])
        else:
            report = app.services.imports.commit(admin, plan).value
            outcome = f"imported {len(report.created)}"
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        app.close()
        return {"seconds": seconds, "cpu": cpu, "preview_seconds": checked, "outcome": outcome}
    kind = "banks"
    start = time.perf_counter()
    cpu = time.process_time()
    try:
        table = read_table(path, kind)
        outcome = f"ACCEPTED {len(table.rows)} rows"
    except ValidationError as error:
        outcome = "refused: " + error.text()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "outcome": outcome}


def _child(name: str, path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bombs-") as folder:
        result = run_case(name, Path(folder), path)
    result["peak_mb"] = peak_mb()
    return result


def peak_mb() -> float:
    """This process's peak resident memory since it started (``VmHWM``; ``ru_maxrss`` would
    carry the parent's peak across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_child(name: str, folder: Path, rows: int) -> dict[str, Any]:
    path = build(name, folder, rows) if name != "floor" else folder
    done = subprocess.run(
        [sys.executable, __file__, "--case", name, "--file", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        return {
            "seconds": 0.0,
            "cpu": 0.0,
            "peak_mb": 0.0,
            "outcome": "CRASH " + done.stderr[-400:],
        }
    if path != folder:
        path.unlink()
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--only", choices=("bombs", "imports"), help="run only the bombs or only the imports"
    )
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(_child(args.case, Path(args.file))))
        return 0
    with tempfile.TemporaryDirectory(prefix="bomb-files-") as folder:
        results = _run_all(Path(folder), args.rows, args.only)
    return report(results, args.rows, args.json)


def _run_all(folder: Path, rows: int, only: str | None = None) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {"floor": _run_child("floor", folder, rows)}
    for name in BOMBS if only != "imports" else ():
        result = _run_child(name, folder, rows)
        result["pass"] = result["outcome"].startswith("refused") and (
            result["seconds"] < REFUSE_SECONDS
        )
        results[name] = result
    for suffix in ("xlsx", "csv") if only != "bombs" else ():
        name = f"import_{suffix}_{rows}"
        result = _run_child(name, folder, rows)
        result["pass"] = (
            result["outcome"] == f"imported {rows}"
            and result["seconds"] < IMPORT_SECONDS
            and result["peak_mb"] < IMPORT_MB
        )
        results[name] = result
    return results


def report(results: dict[str, dict[str, Any]], rows: int, as_json: bool) -> int:
    """Print the figures; 1 when any case failed."""
    floor = results["floor"]
    failures = sum(1 for r in results.values() if r.get("pass") is False)
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 1 if failures else 0
    print(f"floor (import the app, open a database): {floor['peak_mb']:.0f} MB")
    print(f"{'case':<24}{'seconds':>9}{'CPU s':>8}{'peak MB':>9}{'× floor':>9}  result")
    for name, result in results.items():
        if name == "floor":
            continue
        ratio = result["peak_mb"] / floor["peak_mb"] if floor["peak_mb"] else 0.0
        mark = "PASS" if result["pass"] else "FAIL"
        print(
            f"{name:<24}{result['seconds']:>9.2f}{result['cpu']:>8.2f}{result['peak_mb']:>9.0f}"
            f"{ratio:>9.2f}"
            f"  {mark} {result['outcome'][:90]}"
        )
    print(f"failures: {failures}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} (wall time above CPU time is waiting for a core)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
