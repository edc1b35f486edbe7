"""The report's coverage counts (``CoverageService.covered_counts``) equal what the full survey
of every occurrence says, per bank, on the demo company's year (absences, holidays, make-up
days, windows abroad, people without certificates)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from desktop_app.core.common.permissions import Actor
from desktop_app.core.demo.company import load_demo
from desktop_app.core.reports.periods import Period
from desktop_app.core.services import Services
from desktop_app.core.windows.occurrences import load_judge


def surveyed(services: Services, actor: Actor, period: Period) -> dict[int, tuple[int, int]]:
    start, end = period.bounds(services.reports.zone())
    expected: Counter[int] = Counter()
    covered: Counter[int] = Counter()
    for occurrence in services.coverage.survey(actor, start, end).occurrences:
        if start <= occurrence.starts_at < end:
            expected[occurrence.bank_id] += 1
            covered[occurrence.bank_id] += occurrence.covered
    return {bank: (expected[bank], covered[bank]) for bank in expected}


def test_covered_counts_equal_the_survey(services: Services) -> None:
    actor = load_demo(services, "demo-account", history=True)
    for period in (
        Period.year(date(2026, 6, 1)),
        Period.month(date(2026, 10, 1)),
        Period.custom(date(2026, 12, 1), date(2027, 2, 28)),
    ):
        start, end = period.bounds(services.reports.zone())
        counted = services.coverage.covered_counts(actor, start, end)
        assert {b: v for b, v in counted.items() if v[0]} == surveyed(services, actor, period)
    year = Period.year(date(2026, 6, 1))
    start, end = year.bounds(services.reports.zone())
    totals = services.coverage.covered_counts(actor, start, end).values()
    expected, covered = sum(v[0] for v in totals), sum(v[1] for v in totals)
    assert 0 < covered < expected  # some windows taken, some not: both branches judged


def test_certificate_spans_say_what_certified_says(services: Services) -> None:
    """The spans the counts test certificates by give, at every moment around each certificate's
    issue and expiry and around now, the answer of ``Judge.certified``."""
    load_demo(services, "demo-account", history=True)
    now = services.store.clock.now()
    with services.store.read() as session:
        judge = load_judge(session, services.org.get(), services.calendar, now)
    second = timedelta(seconds=1)
    checked = certified = 0
    for person_id, held in judge.certificates.items():
        spans = judge.certified_spans(person_id)
        edges = {now} | {moment for _path, issued, expires in held for moment in (issued, expires)}
        for edge in edges:
            for at in (edge - second, edge, edge + second):
                expected = judge.certified(person_id, at)
                assert any(lo <= at < hi for lo, hi in spans) == expected, (person_id, at)
                checked += 1
                certified += expected
    assert 0 < certified < checked  # both answers met
