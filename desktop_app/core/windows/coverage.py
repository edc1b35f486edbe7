"""Coverage: upcoming contact windows nobody designated can take, and who could step in.

A window is covered when at least one of its designated responders (the contract's list, else the
bank's) is available for the whole of it — active, not absent for any part, on a working day,
within their office hours — and holds a valid training certificate at its start. For a gap, other
active finance and admin people who are available and certified for the whole window are
suggested.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.i18n import N_, _
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission, Role
from desktop_app.core.register.people import PersonView
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.occurrences import (
    Judge,
    Occurrence,
    build_occurrences,
    load_judge,
    load_windows,
    moments,
    responder_lists,
)
from desktop_app.core.windows.service import WindowService

SUGGESTION_LIMIT = 3
_SUGGESTED_ROLES = (Role.FINANCE, Role.ADMIN)
SUGGESTION_REASON = N_("Available for the whole window and certified")


@dataclass(frozen=True)
class Suggestion:
    """Someone who could cover a window: available and certified for all of it."""

    person_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class CoverageGap:
    """An occurrence without an on-duty responder, with people who could cover it."""

    occurrence: Occurrence
    suggestions: tuple[Suggestion, ...]


class CoverageService:
    """Finds coverage gaps in the coming windows."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        calendar: WorkingCalendar,
        windows: WindowService,
    ) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar
        self._windows = windows

    def gaps(self, actor: Actor, start: datetime, end: datetime) -> list[CoverageGap]:
        """Occurrences overlapping [start, end) without an on-duty responder, by start time."""
        survey = self.survey(actor, start, end)
        return [CoverageGap(o, survey.suggestions(o)) for o in survey.uncovered(end)]

    def survey(self, actor: Actor, start: datetime, end: datetime) -> Survey:
        """Every occurrence overlapping [start, end) (as ``WindowService.occurrences``), with
        what it takes to suggest cover for those nobody takes: one expansion for the reminder
        sync's lead times and gaps, and suggestions only for the gaps it has not seen yet."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            rows = load_windows(session)
            if not rows or end <= start:
                return Survey([], None, [])
            lists = responder_lists(session, rows)
            judge = load_judge(session, self._org.get(), self._calendar, self._store.clock.now())
        # Finance before admin, then by name: sorted here so both databases give one order.
        pool = sorted(
            (p for p in judge.people.values() if p.active and p.role in _SUGGESTED_ROLES),
            key=lambda p: (p.role != Role.FINANCE, p.name, p.id),
        )
        return Survey(build_occurrences(rows, lists, judge, start, end), judge, pool)

    def covered_counts(
        self, actor: Actor, start: datetime, end: datetime
    ) -> dict[int, tuple[int, int]]:
        """Per bank: (windows expected, of them covered) among the occurrences starting in
        [start, end) — what ``survey`` would count, without building each occurrence: a window
        is covered as soon as one responder is certified and available for all of it, so the
        rest are not judged, and no reason is put into words."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            rows = load_windows(session)
            if not rows or end <= start:
                return {}
            lists = responder_lists(session, rows)
            judge = load_judge(session, self._org.get(), self._calendar, self._store.clock.now())
        on_duty = _DayShapes(judge, zoneinfo.ZoneInfo(self._org.get().timezone))
        # In UTC, as the occurrences are: comparing moments of one zone is many times cheaper.
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        spans = {pid: judge.certified_spans(pid) for pid in judge.people}
        counts: dict[int, list[int]] = {}
        for row in rows:
            responders = [
                (person, spans[person.id])
                for person in (judge.people.get(r.person_id) for r in lists.get(row.window.id, ()))
                if person is not None
            ]
            tally = counts.setdefault(row.window.bank_id, [0, 0])
            found = [
                (begins, ends)
                for begins, ends in moments(row, start, end, self._calendar)
                if start <= begins < end
            ]
            tally[0] += len(found)
            if found and responders:
                tally[1] += _covered(on_duty, responders, found)
        return {bank: (expected, covered) for bank, (expected, covered) in counts.items()}

    def upcoming_gaps(self, actor: Actor) -> list[CoverageGap]:
        """The gaps from now to ``coverage_days_ahead`` days ahead (the Today page, the tray)."""
        now = self._store.clock.now()
        return self.gaps(actor, now, now + timedelta(days=self._org.get().coverage_days_ahead))


def _covered(
    on_duty: _DayShapes,
    responders: list[tuple[PersonView, tuple[tuple[datetime, datetime], ...]]],
    found: list[tuple[datetime, datetime]],
) -> int:
    """How many of one window's occurrences ``found`` a responder takes (certified and
    available for all of it). When no responder's absences or certificates change between the
    first and the last, occurrences of one shape of day are judged alike: judged once a shape."""
    shapes = [on_duty.shape(begins, ends) for begins, ends in found]
    first, last = min(b for b, _e in found), max(b for b, _e in found)
    latest = max(e for _b, e in found)
    steady = None not in shapes and not any(
        any(a.starts_at < latest and a.ends_at > first for a in person.absences)
        or any(first < lo <= last or first < hi <= last for lo, hi in held)
        for person, held in responders
    )
    if steady:
        certified = [p for p, held in responders if any(lo <= first < hi for lo, hi in held)]
        example = dict(zip(shapes, found, strict=True))  # any occurrence of each shape
        return sum(
            count
            for shape, count in Counter(shapes).items()
            if any(on_duty.available(p, *example[shape], shape) for p in certified)
        )
    covered = 0
    for (begins, ends), shape in zip(found, shapes, strict=True):
        for person, held in responders:
            if any(lo <= begins < hi for lo, hi in held) and on_duty.available(
                person, begins, ends, shape
            ):
                covered += 1
                break
    return covered


class _DayShapes:
    """Availability judged once per shape of day: a window within one local day that none of
    the person's absences touches is judged alike on every day of the same kind (working day,
    weekend, which holiday), weekday and clock times — a year of daily windows is a few hundred
    judgements, not tens of thousands."""

    def __init__(self, judge: Judge, zone: zoneinfo.ZoneInfo) -> None:
        self._judge = judge
        self._zone = zone
        self._known: dict[tuple[int, tuple[object, ...]], bool] = {}
        self._shapes: dict[tuple[datetime, datetime], tuple[object, ...] | None] = {}

    def shape(self, begins: datetime, ends: datetime) -> tuple[object, ...] | None:
        """What judging [begins, ends) depends on besides the person (None: the window spans
        two local days, judged as it is); worked out once for every window at those times."""
        key = (begins, ends)
        try:
            return self._shapes[key]
        except KeyError:
            pass
        local_begin = begins.astimezone(self._zone)
        local_end = ends.astimezone(self._zone)
        day = local_begin.date()
        found: tuple[object, ...] | None = None
        if local_end.date() == day:
            info = self._judge.calendar.day(day)
            found = (
                info.is_workday,
                info.reason,
                info.holiday_name,
                info.known,
                day.weekday(),
                local_begin.time(),
                local_end.time(),
                local_begin.utcoffset(),
            )
        self._shapes[key] = found
        return found

    def available(
        self, person: PersonView, begins: datetime, ends: datetime, shape: tuple[object, ...] | None
    ) -> bool:
        """Whether ``person`` is available for all of [begins, ends), whose ``shape`` is given."""
        if shape is None or (
            person.absences
            and any(a.starts_at < ends and a.ends_at > begins for a in person.absences)
        ):
            return self._judge.available(person, begins, ends).available
        key = (person.id, shape)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._judge.available(person, begins, ends).available
        return found


@dataclass(frozen=True)
class Survey:
    """The occurrences of a range, read and judged once, and who could cover those uncovered."""

    occurrences: list[Occurrence]
    judge: Judge | None  # None: no windows
    pool: list[PersonView]  # active finance, then admin people, by name

    def uncovered(self, before: datetime) -> list[Occurrence]:
        """The occurrences without an on-duty responder starting before ``before``."""
        return [o for o in self.occurrences if not o.covered and o.starts_at < before]

    def suggestions(self, occurrence: Occurrence) -> tuple[Suggestion, ...]:
        """Up to three people outside the responder list who could take the whole window."""
        judge = self.judge
        if judge is None:
            return ()
        listed = {r.person_id for r in occurrence.responders}
        found: list[Suggestion] = []
        for person in self.pool:
            if len(found) >= SUGGESTION_LIMIT:
                break
            if person.id in listed or not judge.certified(person.id, occurrence.starts_at):
                continue
            if judge.available(person, occurrence.starts_at, occurrence.ends_at).available:
                found.append(Suggestion(person.id, person.name, _(SUGGESTION_REASON)))
        return tuple(found)
