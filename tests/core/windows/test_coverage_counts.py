"""The report's coverage counts (``CoverageService.covered_counts``) equal what the full survey
of every occurrence says, per bank, on the demo company's year (absences, holidays, make-up
days, windows abroad, people without certificates)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from desktop_app.core.common.permissions import Actor
from desktop_app.core.demo.company import load_demo
from desktop_app.core.reports.periods import Period
from desktop_app.core.services import Services


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
