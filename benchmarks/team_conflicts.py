"""Many desks editing the same few records on a real PostgreSQL server: no update may be lost.

Part 1, on the PostgreSQL server at ``--server`` (default 127.0.0.1:5432, database ``test`` for
maintenance): a scratch database is created, migrated and seeded with eleven shared records
(3 contracts, 2 people, 2 banks, 2 registered numbers, 2 checklist items). ``--clients`` desk
processes (20), each with its own engine and acting person, make ``--edits`` successful edits
each (500): load → raise its own counter in a text field → save with the loaded version; a
refused save is counted as a conflict and starts over (see ``_team_edits.py``). Afterwards every
record's field must hold exactly the edits the desks report (0 lost updates), every record's
version must be 1 + its edits, and the audit log must hold one update per edit with versions
2…n+1, none twice (no two saves ever won on the same version). The floor is a bare
``UPDATE … WHERE id = …`` round trip on the same server, timed in the same run.

Part 2 (``--restart-edits``, 0 to skip): the same on a private PostgreSQL cluster (initdb and
pg_ctl in a temporary folder, on a free port; never the machine's own server), restarted with
``pg_ctl restart -m fast`` when half the edits are done. Desks whose connection dropped wait,
reconnect through the pool and retry the same save; nothing may be lost or counted twice.

Usage: ``python benchmarks/team_conflicts.py [--clients N] [--edits N] [--restart-edits N]
[--server URL] [--json]``. Everything it creates is removed at the end, also on failure.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for tests.helpers
from _team_edits import AUDIT_ENTITY, DeskResult, Record, decode, key, load, run_desk, save

from desktop_app.core.context import open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.register.banks import BankDraft, PhoneDraft
from desktop_app.core.register.contracts import ContractDraft
from desktop_app.core.register.numbers import NumberDraft
from desktop_app.core.register.people import PersonDraft
from tests.helpers.pg_cluster import PrivateCluster

FIELD_SQL = {
    "contract": "SELECT notes, version FROM loan_contract WHERE id = :id",
    "person": "SELECT notes, version FROM person WHERE id = :id",
    "bank": "SELECT notes, version FROM bank WHERE id = :id",
    "number": "SELECT label, version FROM registered_number WHERE id = :id",
    "item": "SELECT notes, version FROM checklist_item WHERE id = :id",
}


def scratch_database(maintenance_url: str) -> tuple[str, Any]:
    """Create an empty database next to ``maintenance_url``; return its URL and a dropper."""
    url = make_url(maintenance_url).set(drivername="postgresql+psycopg")
    name = f"callback_desk_bench_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def seed(url: str, clients: int) -> tuple[list[Record], list[int], Record]:
    """Migrate, then add the shared records, one person per desk and a spare bank (for the
    uncontended timing) through the services."""
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(db=url, data_dir=folder, secrets=MemoryStore())
        try:
            services = ctx.services
            admin = services.identity.create_first_admin("Admin", "bench-admin").value
            banks = [
                services.banks.create(
                    admin, BankDraft(name, phones=[PhoneDraft(f"010-6552 00{i}1")])
                ).value
                for i, name in enumerate(("中国工商银行", "中国建设银行", "中国银行"))
            ]
            contracts = [
                services.contracts.create(
                    admin,
                    ContractDraft(
                        banks[0].id, f"HT-2026-{i:03d}", "working_capital", "500万",
                        "2026-01-05", "2027-01-05",
                    ),
                ).value
                for i in range(3)
            ]  # fmt: skip
            people = [
                services.people.create(admin, PersonDraft(name)).value for name in ("王敏", "李娜")
            ]
            numbers = [
                services.numbers.create(admin, NumberDraft(banks[1].id, f"010-6552 010{i}")).value
                for i in range(2)
            ]
            items = services.checklists.checklist(admin, contracts[0].id).items[:2]
            desks = [
                services.people.create(admin, PersonDraft(f"Desk {i:02d}")).value.id
                for i in range(clients)
            ]
        finally:
            ctx.close()
    records = (
        [Record("contract", c.id) for c in contracts]
        + [Record("person", p.id) for p in people]
        + [Record("bank", b.id) for b in banks[:2]]
        + [Record("number", n.id) for n in numbers]
        + [Record("item", item.id, contracts[0].id) for item in items]
    )
    return records, desks, Record("bank", banks[2].id)


def floor(url: str, bank_id: int, samples: int = 500) -> list[float]:
    """A bare UPDATE round trip on the same server (autocommit, one statement)."""
    parsed = make_url(url)
    times = []
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database,
        autocommit=True,
    ) as connection:  # fmt: skip
        for _ in range(samples):
            began = time.perf_counter()
            connection.execute("UPDATE bank SET notes = notes WHERE id = %s", (bank_id,))
            times.append(time.perf_counter() - began)
    return times


def run_desks(
    url: str,
    records: list[Record],
    desks: list[int],
    edits: int,
    restart: Any = None,
) -> tuple[list[DeskResult], float, float | None]:
    """Start one process per desk, release them together, wait; restart the server halfway."""
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(len(desks) + 1)
    progress = spawn.Value("i", 0)
    results = spawn.Queue()
    processes = [
        spawn.Process(
            target=run_desk, args=(url, i, person, records, edits, start, progress, results)
        )
        for i, person in enumerate(desks)
    ]
    for process in processes:
        process.start()
    start.wait()
    began = last_said = time.perf_counter()
    restart_took = None
    total = len(desks) * edits
    while progress.value < total and any(p.is_alive() for p in processes):
        time.sleep(0.02)
        if restart is not None and restart_took is None and progress.value >= total // 2:
            restart_took = restart()
            print(f"  server restarted after {progress.value} edits", file=sys.stderr)
        if time.perf_counter() - last_said > 15:
            last_said = time.perf_counter()
            print(f"  {progress.value}/{total} edits", file=sys.stderr, flush=True)
    found = [results.get(timeout=600) for _ in processes]
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join(timeout=60)
    failed = [p.exitcode for p in processes if p.exitcode != 0]
    if failed:
        raise RuntimeError(f"{len(failed)} desk processes failed: exit codes {failed}")
    return found, elapsed, restart_took


def verify(url: str, records: list[Record], found: list[DeskResult]) -> dict[str, int]:
    """Compare what the desks say they saved with the stored fields, versions and audit log."""
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    reported: dict[str, Counter[int]] = {key(r): Counter() for r in records}
    for result in found:
        for record_key, count in result.saved.items():
            reported[record_key][result.desk] += count
    lost = phantom = bad_versions = bad_audit = 0
    with engine.connect() as connection:
        for record in records:
            field, version = connection.execute(
                text(FIELD_SQL[record.kind]), {"id": record.id}
            ).one()
            stored = decode(field or "")
            mine = reported[key(record)]
            for desk in set(stored) | set(mine):
                lost += max(0, mine[desk] - stored.get(desk, 0))
                phantom += max(0, stored.get(desk, 0) - mine[desk])
            edits = sum(mine.values())
            bad_versions += int(version != 1 + edits)
            rows, distinct, low, high = connection.execute(
                text(
                    "SELECT count(*), count(DISTINCT version), min(version), max(version) "
                    "FROM audit_entry WHERE action = 'update' AND entity = :entity "
                    "AND entity_id = :id"
                ),
                {"entity": AUDIT_ENTITY[record.kind], "id": record.id},
            ).one()
            expected = (edits, edits, 2, edits + 1) if edits else (0, 0, None, None)
            bad_audit += int((rows, distinct, low, high) != expected)
    engine.dispose()
    return {
        "lost_updates": lost,
        "phantom_updates": phantom,
        "records_with_wrong_version": bad_versions,
        "records_with_wrong_audit": bad_audit,
    }


def ms(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(found: list[DeskResult], elapsed: float, checks: dict[str, int]) -> dict[str, Any]:
    saves = [t for r in found for t in r.latencies]
    edits = sum(sum(r.saved.values()) for r in found)
    return {
        "desks": len(found),
        "edits": edits,
        "seconds": round(elapsed, 1),
        "edits_per_s": round(edits / elapsed, 1),
        "conflicts_reported": sum(r.conflicts for r in found),
        "conflicts_without_details": sum(r.bare_conflicts for r in found),
        "retries_after_drop": sum(r.unreachable for r in found),
        "landed_before_drop": sum(r.landed_before_drop for r in found),
        "untranslated_driver_errors": sum(r.unmapped for r in found),
        "save_p50_ms": round(ms(saves, 0.5), 2),
        "save_p99_ms": round(ms(saves, 0.99), 2),
        "refused_save_p50_ms": round(ms([t for r in found for t in r.conflict_latencies], 0.5), 2),
        **checks,
    }


def alone(url: str, person_id: int, record: Record, samples: int = 200) -> list[float]:
    """One desk saving a record nobody else touches: the save's own cost, without waiting."""
    from desktop_app.core.common.clock import SystemClock
    from desktop_app.core.services import Services
    from desktop_app.core.storage.engine import make_engine, make_session_factory
    from desktop_app.core.storage.store import Store

    engine = make_engine(url)
    try:
        services = Services.build(Store(make_session_factory(engine), SystemClock(), "bench-alone"))
        actor = services.identity.actor_for(person_id)
        times = []
        for index in range(samples + 20):  # the first 20 warm the caches up
            view, _text = load(services, actor, record)
            began = time.perf_counter()
            save(services, actor, record, view, f"0{index % 36:02d}")
            if index >= 20:
                times.append(time.perf_counter() - began)
        return times
    finally:
        engine.dispose()


def part(name: str, url: str, clients: int, edits: int, restart: Any = None) -> dict[str, Any]:
    records, desks, spare = seed(url, clients)
    bare = floor(url, spare.id)
    single = alone(url, desks[0], spare)
    found, elapsed, restart_took = run_desks(url, records, desks, edits, restart)
    result = {"part": name, **figures(found, elapsed, verify(url, records, found))}
    result["floor_update_p50_ms"] = round(ms(bare, 0.5), 2)
    result["floor_update_p99_ms"] = round(ms(bare, 0.99), 2)
    result["save_p50_over_floor"] = round(result["save_p50_ms"] / result["floor_update_p50_ms"], 1)
    result["uncontended_save_p50_ms"] = round(ms(single, 0.5), 2)
    result["uncontended_save_p99_ms"] = round(ms(single, 0.99), 2)
    result["uncontended_save_over_floor"] = round(
        result["uncontended_save_p50_ms"] / result["floor_update_p50_ms"], 1
    )
    if restart_took is not None:
        result["restart_seconds"] = round(restart_took, 2)
    return result


def show(result: dict[str, Any]) -> None:
    print(f"\n== {result['part']} ==")
    width = max(len(k) for k in result)
    for name, value in result.items():
        if name != "part":
            print(f"  {name:<{width}}  {value}")
    ok = all(
        result[k] == 0
        for k in (
            "lost_updates",
            "phantom_updates",
            "records_with_wrong_version",
            "records_with_wrong_audit",
            "conflicts_without_details",
            "untranslated_driver_errors",
        )
    )
    print(f"  {'verdict':<{width}}  {'OK' if ok else 'FAILED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="desk processes (default 20)")
    parser.add_argument("--edits", type=int, default=500, help="edits per desk (default 500)")
    parser.add_argument(
        "--restart-edits", type=int, default=200, help="edits per desk in part 2 (0: skip it)"
    )
    parser.add_argument(
        "--server",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
        help="maintenance URL of the PostgreSQL server for part 1",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results = []
    url, drop = scratch_database(args.server)
    try:
        results.append(part("shared server, no restart", url, args.clients, args.edits))
    finally:
        drop()
    if args.restart_edits:
        cluster = PrivateCluster()
        try:
            url, drop = scratch_database(cluster.url())
            try:
                results.append(
                    part(
                        "private cluster, restarted halfway",
                        url,
                        args.clients,
                        args.restart_edits,
                        cluster.restart,
                    )
                )
            finally:
                drop()
        finally:
            cluster.close()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            show(result)
    failed = any(r["lost_updates"] or r["records_with_wrong_audit"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
