"""Crafted and damaged spreadsheets are refused at once with a clear message, nothing written.

The files are built by hand (zip and XML, ``tests/helpers/hostile_files``) as an attacker would:
a cell at XFD1048576, one at row 1,048,576 behind a dimension that claims A1:B2, a merged range
down a million rows, 20,000 merged ranges, shared strings of 138 MB that zip to 150 KB, a cell
longer than Excel allows, a corrupt deflate stream, a CSV of more rows than the cap. How fast and
how small each refusal is, is measured in ``benchmarks/faults/spreadsheet_bombs.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Bank
from desktop_app.core.register.import_export import limits
from desktop_app.core.register.import_export.reading import read_table
from desktop_app.core.services import Services
from tests.helpers import hostile_files as hf
from tests.helpers.factories import count_rows

CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "far_cell": (lambda p: hf.far_cell(p), "more than 110,000 rows"),
    "hidden_far_cell": (lambda p: hf.far_cell(p, dimension="A1:B2"), "more than 110,000 rows"),
    "far_column": (lambda p: hf.far_cell(p, "XFD3", "A1:B2"), "more than 256 columns"),
    "huge_merge": (lambda p: hf.huge_merge(p), "more than 110,000 rows"),
    "many_merges": (lambda p: hf.many_merges(p, 20_000), "merged cells"),
    "shared_strings": (lambda p: hf.huge_shared_strings(p, 70), "too large to import"),
    "long_cell": (lambda p: hf.long_cell(p), "more than 32,767 characters"),
    "corrupt_deflate": (lambda p: hf.corrupt_deflate(p), "cannot be read as an Excel workbook"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_crafted_workbook_is_refused_with_its_reason(tmp_path: Path, case: str) -> None:
    make, words = CASES[case]
    path = make(tmp_path / f"{case}.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_table(path, "banks")
    assert caught.value.field == "file"
    assert words in caught.value.text() and path.name in caught.value.text()


def test_a_workbook_within_the_caps_reads_with_its_merges(tmp_path: Path) -> None:
    path = hf.huge_merge(tmp_path / "small_merge.xlsx", "A2:A5")
    table = read_table(path, "banks")
    assert [values[0] for _number, values in table.rows] == ["中国工商银行"]


def test_a_csv_longer_than_the_cap_is_refused_and_one_at_the_cap_is_read(tmp_path: Path) -> None:
    too_long = hf.bank_csv(tmp_path / "too_long.csv", limits.MAX_ROWS)
    with pytest.raises(ValidationError) as caught:
        read_table(too_long, "banks")
    assert "more than 110,000 rows" in caught.value.text()
    at_cap = hf.bank_csv(tmp_path / "at_cap.csv", limits.MAX_ROWS - 1)
    assert len(read_table(at_cap, "banks").rows) == limits.MAX_ROWS - 1


def test_a_refused_file_is_a_problem_of_the_plan_and_nothing_is_written(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    path = hf.far_cell(tmp_path / "bomb.xlsx")
    plan = services.imports.preview(admin, "banks", path)
    assert not plan.ok and plan.rows == []
    assert [p.field for p in plan.problems] == ["file"]
    with pytest.raises(ValidationError):
        services.imports.commit(admin, plan)
    assert count_rows(services, Bank) == 0
