"""The role sweep on a real PostgreSQL server: leaks 0, forbidden writes 0.

A scratch database gets the demo company, ``server init`` and one login per group; then every
table and column is tried as each login (reads and writes, see desktop_app/core/team/sweep.py),
and each forbidden write the review named is tried as the front desk. Prints the figures.

    .venv/bin/python benchmarks/faults/role_sweep.py
    CALLBACK_DESK_TEST_PG=postgresql+psycopg://postgres@HOST/test .venv/bin/python …

The server is the test server (127.0.0.1:5432, user postgres, trust) unless the variable says
otherwise; the database, logins and groups made are dropped at the end. Exit 1 on any leak,
forbidden write or missing privilege.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from desktop_app.core.common.clock import FakeClock  # noqa: E402
from desktop_app.core.context import open_context  # noqa: E402
from desktop_app.core.demo.company import load_demo  # noqa: E402
from desktop_app.core.local.secrets import MemoryStore  # noqa: E402
from desktop_app.core.team.policy import Group  # noqa: E402
from desktop_app.core.team.sweep import sweep  # noqa: E402
from tests.conftest import START  # noqa: E402
from tests.helpers.databases import PostgresServer  # noqa: E402
from tests.helpers.team import DESK_PASSWORD, TeamDatabase  # noqa: E402

# What the review did as a front-desk login; each must be refused.
NAMED_WRITES = {
    "forge an audit entry's login": "INSERT INTO audit_entry (at, actor_name, desk, action, "
    "entity, db_login) VALUES (now(), '王敏', 'Finance-1', 'x', 'x', 'postgres')",
    "forge an audit entry's name": "INSERT INTO audit_entry (at, actor_id, actor_name, desk, "
    "action, entity) SELECT now(), id, name, 'Finance-1', 'x', 'x' FROM person "
    "WHERE name = '王敏'",
    "sign an audit entry with no person": "INSERT INTO audit_entry (at, actor_name, desk, "
    "action, entity) VALUES (now(), '王敏', 'Finance-1', 'x', 'x')",
    "link the login to another person": "UPDATE person SET db_login = NULL",
    "wipe a callback record": "UPDATE call_record SET questions = '', answers = '', "
    "exchanges = '[]' WHERE recorded_at IS NOT NULL",
    "re-point a bank's numbers": "UPDATE bank_phone SET bank_id = (SELECT max(id) FROM bank)",
    "mark every follow-up done": "UPDATE follow_up SET status = 'closed'",
    "relink the administrator": "UPDATE person SET os_account = 'x' WHERE role = 'admin'",
    "read the requested documents": "SELECT document FROM follow_up",
    "read the callback form's notes": "SELECT record_notes FROM call_record",
    "read loan amounts": "SELECT principal FROM loan_contract",
}


def main() -> int:
    server = PostgresServer()
    team = TeamDatabase(server, FakeClock(START), "sweep")
    try:
        with TemporaryDirectory() as folder:
            owner = open_context(
                db=team.owner_url, data_dir=folder, clock=team.clock, secrets=MemoryStore()
            )
            try:
                load_demo(owner.services, "owner-account")
            finally:
                owner.close()
        team.init(admin="")
        # The front desk's login belongs to 刘洋 (server add-login --person).
        logins = {
            group: team.add_login(group, person="刘洋" if group is Group.FRONT_DESK else "")
            for group in Group
        }
        failed = False
        for group, login in logins.items():
            engine = create_engine(team.url_for(login, DESK_PASSWORD))
            try:
                began = time.perf_counter()
                with engine.connect() as connection:
                    report = sweep(connection, group)
                took = time.perf_counter() - began
            finally:
                engine.dispose()
            print(
                f"{group.value:>10}: {report.tried} statements in {took:.1f} s — "
                f"leaks {len(report.leaks)}, forbidden writes {len(report.forbidden_writes)}, "
                f"missing {len(report.missing)}"
            )
            for attempt in (*report.leaks, *report.forbidden_writes, *report.missing):
                print(f"            {attempt}")
            failed = failed or not report.clean
        engine = create_engine(team.url_for(logins[Group.FRONT_DESK], DESK_PASSWORD))
        refused = 0
        try:
            with engine.connect() as connection:
                for what, statement in NAMED_WRITES.items():
                    transaction = connection.begin()
                    try:
                        connection.execute(text(statement))
                        print(f"  NOT refused: {what}")
                        failed = True
                    except DBAPIError:
                        refused += 1
                    finally:
                        transaction.rollback()
        finally:
            engine.dispose()
        print(f"named leaks and forbidden writes refused: {refused} of {len(NAMED_WRITES)}")
        print("RESULT:", "FAIL" if failed else "ok (leaks 0, forbidden writes 0)")
        return 1 if failed else 0
    finally:
        team.drop()
        server.close()


if __name__ == "__main__":
    sys.exit(main())
