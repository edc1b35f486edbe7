"""Hypothesis-made malformed workbooks and CSV files: no crash, no partial import (a few
examples here; ``benchmarks/faults/malformed_files.py`` runs hundreds)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from tests.helpers.malformed import CSV_TEXT, bank_csv, bank_workbook, damaged, import_once

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
FEW = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FEW
@given(data=damaged(bank_workbook()))
def test_a_damaged_workbook_never_crashes_the_import(
    services: Services, admin: Actor, data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "banks.xlsx"
        path.write_bytes(data)
        assert import_once(services, admin, path) == "ok"


@FEW
@given(data=damaged(bank_csv()) | CSV_TEXT)
def test_a_damaged_csv_never_crashes_the_import(
    services: Services, admin: Actor, data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "banks.csv"
        path.write_bytes(data)
        assert import_once(services, admin, path) == "ok"
