"""Two writers on one SQLite file wait their turn: two imports at once and calls logged meanwhile.

Before, the second import died with "database is locked" and a call logged during an import
was lost after 5 s. Now every writing transaction takes SQLite's write lock when it begins
(``BEGIN IMMEDIATE``) and waits for it; readers begin deferred and never wait (WAL). The
threads below each work through a desk of their own (an engine each), started together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.front_desk.calls import CallDraft
from desktop_app.core.models import CallRecord, LoanContract
from desktop_app.core.services import Services
from tests.helpers.factories import actor_with_role, count_rows, make_bank

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

ROWS = 1500
CALLS = 40


def _contracts_csv(path: Path, prefix: str) -> Path:
    lines = ["合同编号,贷款银行,贷款类型,贷款金额,起始日,到期日"]
    lines += [
        f"{prefix}-{n:05d},工行,流动资金贷款,1000000,2026-01-05,2027-01-05" for n in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def statements(services: Services) -> Iterator[list[str]]:
    """Every statement this desk's engine sends, in order."""
    seen: list[str] = []
    engine = services.store.session_factory.kw["bind"]

    def capture(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", capture)
    yield seen
    event.remove(engine, "before_cursor_execute", capture)


def test_a_write_begins_immediate_and_a_read_begins_deferred(
    services: Services, admin: Actor, statements: list[str]
) -> None:
    statements.clear()
    make_bank(services, admin)
    assert "BEGIN IMMEDIATE" in statements
    statements.clear()
    services.banks.list(admin)
    assert "BEGIN" in statements and "BEGIN IMMEDIATE" not in statements


def _run_together(*jobs: Callable[[], None]) -> list[BaseException]:
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        start.wait()
        try:
            job()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_imports_and_the_front_desk_logging_at_once_all_succeed(
    services: Services, admin: Actor, other_desk: AppContext, tmp_path: Path
) -> None:
    make_bank(services, admin)
    desk = actor_with_role(services, admin, "front_desk")
    first = _contracts_csv(tmp_path / "first.csv", "A")
    second = _contracts_csv(tmp_path / "second.csv", "B")
    other = other_desk.services
    logged: list[int] = []

    def import_first() -> None:
        services.imports.commit(admin, services.imports.preview(admin, "contracts", first))

    def import_second() -> None:
        other.imports.commit(admin, other.imports.preview(admin, "contracts", second))

    def log_calls() -> None:
        for n in range(CALLS):
            logged.append(other.calls.log(desk, CallDraft("no_one", f"来电{n}")).value.id)

    assert _run_together(import_first, import_second, log_calls) == []
    assert count_rows(services, LoanContract) == 2 * ROWS
    assert len(logged) == CALLS and count_rows(services, CallRecord) == CALLS
