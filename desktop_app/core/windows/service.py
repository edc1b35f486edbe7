"""Contact windows: when each bank is expected to call, edited here and expanded into occurrences.

The rules and their expansion live in :mod:`window_rules` (pure), the editor's draft and checks in
:mod:`window_drafts`, the occurrences and their responders in :mod:`window_occurrences`; this module
is the service the screens, the CLI and the reminders call.
"""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin in its class
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.common import audit, versions
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.changes import Area, Changes, Outcome
from desktop_app.core.common.errors import NotFound
from desktop_app.core.common.i18n import N_
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.common.text import sort_key
from desktop_app.core.models import Bank, ContactWindow, LoanContract
from desktop_app.core.storage.store import Store
from desktop_app.core.windows.checks import next_office_slot
from desktop_app.core.windows.drafts import (
    KINDS,
    WindowDraft,
    WindowFacts,
    validate_window,
)
from desktop_app.core.windows.edits import WINDOW_EDITS, reapplied_draft
from desktop_app.core.windows.letter import WindowLetter, letter_for
from desktop_app.core.windows.occurrences import (
    Occurrence,
    OccurrenceResponder,
    WindowRow,
    build_occurrences,
    load_judge,
    load_windows,
    responder_lists,
)
from desktop_app.core.windows.rules import PRESET_LABELS, WindowPreset
from desktop_app.core.windows.views import WindowView, window_view

__all__ = [
    "KINDS",
    "PRESET_LABELS",
    "Occurrence",
    "OccurrenceResponder",
    "WindowDraft",
    "WindowPreset",
    "WindowService",
    "WindowView",
]

_PREVIEW_HORIZON = timedelta(days=800)


def parse_key(key: str) -> tuple[int, datetime] | None:
    """The window id and UTC start an occurrence key names, or ``None`` for a malformed key."""
    window_part, _sep, moment = key.partition("@")
    try:
        starts = datetime.strptime(moment, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return int(window_part), starts
    except ValueError:
        return None


class WindowService:
    """Reads, edits and expands contact windows."""

    def __init__(self, store: Store, org: OrgSettingsService, calendar: WorkingCalendar) -> None:
        self._store = store
        self._org = org
        self._calendar = calendar

    # ------------------------------------------------------------------ reading

    def list(
        self,
        actor: Actor,
        *,
        bank_id: int | None = None,
        contract_id: int | None = None,
        include_inactive: bool = False,
    ) -> list[WindowView]:
        """The windows (of a bank or a contract), by bank, contract and title."""
        actor.require(Permission.VIEW_REGISTER)
        query = (
            select(ContactWindow, Bank.name, LoanContract.contract_number)
            .join(Bank, Bank.id == ContactWindow.bank_id)
            .outerjoin(LoanContract, LoanContract.id == ContactWindow.contract_id)
        )
        if bank_id is not None:
            query = query.where(ContactWindow.bank_id == bank_id)
        if contract_id is not None:
            query = query.where(ContactWindow.contract_id == contract_id)
        if not include_inactive:
            query = query.where(ContactWindow.active.is_(True))
        with self._store.read() as session:
            views = [
                window_view(w, name, number or "") for w, name, number in session.execute(query)
            ]
        return sorted(
            views, key=lambda v: (sort_key(v.bank_name), v.contract_number, v.title, v.id)
        )

    def get(self, actor: Actor, window_id: int) -> WindowView:
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            return self._view(session, self._load(session, window_id))

    def occurrences(
        self,
        actor: Actor,
        start: datetime,
        end: datetime,
        *,
        bank_id: int | None = None,
        contract_id: int | None = None,
        window_ids: Sequence[int] | None = None,
        responder_id: int | None = None,
    ) -> builtins.list[Occurrence]:
        """Occurrences of the active windows overlapping [start, end), sorted by ``starts_at``:
        of a bank, a contract, the windows ``window_ids``, or those whose responder list names
        ``responder_id`` — only those windows are expanded."""
        actor.require(Permission.VIEW_REGISTER)
        with self._store.read() as session:
            rows = load_windows(
                session, bank_id=bank_id, contract_id=contract_id, window_ids=window_ids
            )
            return self._expand(session, rows, start, end, responder_id)

    def _expand(
        self,
        session: Session,
        rows: builtins.list[WindowRow],
        start: datetime,
        end: datetime,
        responder_id: int | None = None,
    ) -> builtins.list[Occurrence]:
        if not rows or end <= start:
            return []
        lists = responder_lists(session, rows)
        if responder_id is not None:
            named = {
                w for w, found in lists.items() if any(r.person_id == responder_id for r in found)
            }
            rows = [row for row in rows if row.window.id in named]
        people = {r.person_id for row in rows for r in lists.get(row.window.id, ())}
        judge = load_judge(
            session, self._org.get(), self._calendar, self._store.clock.now(), list(people)
        )
        return build_occurrences(rows, lists, judge, start, end)

    def occurrence(self, actor: Actor, key: str) -> Occurrence | None:
        """The occurrence a key names, if its window still has one starting then."""
        actor.require(Permission.VIEW_REGISTER)
        parsed = parse_key(key)
        if parsed is None:
            return None
        window_id, starts = parsed
        with self._store.read() as session:
            rows = load_windows(session, window_ids=[window_id])
            found = self._expand(session, rows, starts, starts + timedelta(seconds=1))
        return next((o for o in found if o.key == key), None)

    def preview(
        self, actor: Actor, draft: WindowDraft, count: int = 5
    ) -> builtins.list[Occurrence]:
        """The next ``count`` occurrences of an unsaved draft (validated; nothing is written)."""
        actor.require(Permission.VIEW_REGISTER)
        now = self._store.clock.now()
        with self._store.read() as session:
            values, facts = self._validate(session, draft)
            window = ContactWindow(id=0, active=True, version=0, **values)
            row = WindowRow(
                window,
                self._bank_name(session, draft.bank_id),
                facts.contract_number,
                facts.drawdown,
            )
            step = timedelta(days=31)
            found: list[Occurrence] = []
            start = now
            while len(found) < count and start < now + _PREVIEW_HORIZON:
                found += self._expand(session, [row], start, start + step)
                start += step
                step *= 2
        return found[:count]

    # ------------------------------------------------------------------ editing

    def create(self, actor: Actor, draft: WindowDraft) -> Outcome[WindowView]:
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            values, _facts = self._validate(session, draft)
            window = ContactWindow(active=True, version=1, **values)
            session.add(window)
            session.flush()
            audit.record(
                session,
                self._store,
                actor,
                "create",
                "contact_window",
                window.id,
                after=audit.snapshot(window),
            )
            view = self._view(session, window)
        return self._outcome(view)

    def update(
        self,
        actor: Actor,
        window_id: int,
        draft: WindowDraft,
        version: int,
        keep: Collection[str] = (),
    ) -> Outcome[WindowView]:
        """Change a window opened at ``version``; a stale version raises ConflictError saying
        what the other person changed, nothing written. ``keep`` names fields to leave as stored:
        re-applying one's own changes after a conflict (see :mod:`window_edits`)."""
        actor.require(Permission.EDIT_REGISTER)
        with self._store.read() as session:
            values, _facts = self._validate(session, draft)
        mine = {name: audit.plain(value) for name, value in values.items()}
        with (
            versions.guarded(self._store, actor, WINDOW_EDITS, window_id, version, mine, keep),
            self._store.write() as session,
        ):
            versions.lock(session, ContactWindow, window_id, version)
            window = self._load(session, window_id)
            versions.expect(window, version)
            if keep:
                values, _facts = self._validate(session, reapplied_draft(window, values, keep))
            before = audit.snapshot(window)
            for name, value in values.items():
                setattr(window, name, value)
            versions.write_audited(
                session, self._store, actor, "update", "contact_window", window, before
            )
            view = self._view(session, window)
        return self._outcome(view)

    def deactivate(self, actor: Actor, window_id: int) -> Outcome[WindowView]:
        """Stop a window: it keeps its history but has no more occurrences."""
        return self._set_active(actor, window_id, False)

    def reactivate(self, actor: Actor, window_id: int) -> Outcome[WindowView]:
        return self._set_active(actor, window_id, True)

    def _set_active(self, actor: Actor, window_id: int, active: bool) -> Outcome[WindowView]:
        actor.require(Permission.EDIT_REGISTER)
        with self._store.write() as session:
            window = self._load(session, window_id)
            before = {"active": window.active}
            window.active = active
            versions.write_audited(
                session,
                self._store,
                actor,
                "update",
                "contact_window",
                window,
                before,
                {"active": active},
            )
            view = self._view(session, window)
        return self._outcome(view)

    # ------------------------------------------------------------------ better times

    def suggest_better_time(self, actor: Actor, key: str) -> tuple[datetime, datetime] | None:
        """The next slot of the same length inside office hours on a working day (UTC) that,
        for a bank in another time zone, is also within reasonable hours on a weekday there;
        ``None`` when there is none in the coming weeks."""
        found = self._found(actor, key)
        with self._store.read() as session:
            window = self._load(session, found.window_id)
            return self._better_slot(found, window)

    def confirmation_letter(self, actor: Actor, key: str, language: str) -> WindowLetter:
        """A letter asking the bank to confirm a better time for an occurrence (zh_CN or en)."""
        found = self._found(actor, key)
        with self._store.read() as session:
            window = self._load(session, found.window_id)
            return letter_for(
                session,
                actor,
                self._org.get(),
                self._store.clock.now(),
                found,
                window,
                self._better_slot(found, window),
                language,
            )

    def _found(self, actor: Actor, key: str) -> Occurrence:
        found = self.occurrence(actor, key)
        if found is None:
            raise NotFound(N_("The contact window no longer exists."))
        return found

    def _better_slot(
        self, found: Occurrence, window: ContactWindow
    ) -> tuple[datetime, datetime] | None:
        return next_office_slot(
            found.starts_at, found.ends_at, self._org.get(), self._calendar, window.timezone
        )

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _outcome(view: WindowView) -> Outcome[WindowView]:
        return Outcome(view, Changes.of(Area.WINDOWS, ids=((Area.WINDOWS, view.id),)))

    @staticmethod
    def _load(session: Session, window_id: int) -> ContactWindow:
        window = session.get(ContactWindow, window_id)
        if window is None:
            raise NotFound(N_("The contact window no longer exists."))
        return window

    @staticmethod
    def _bank_name(session: Session, bank_id: int) -> str:
        return session.scalar(select(Bank.name).where(Bank.id == bank_id)) or ""

    def _view(self, session: Session, window: ContactWindow) -> WindowView:
        number = ""
        if window.contract_id is not None:
            number = (
                session.scalar(
                    select(LoanContract.contract_number).where(
                        LoanContract.id == window.contract_id
                    )
                )
                or ""
            )
        return window_view(window, self._bank_name(session, window.bank_id), number)

    def _validate(
        self, session: Session, draft: WindowDraft
    ) -> tuple[dict[str, object], WindowFacts]:
        contract = session.get(LoanContract, draft.contract_id) if draft.contract_id else None
        facts = WindowFacts(
            bank_exists=session.get(Bank, draft.bank_id) is not None,
            contract_bank_id=contract.bank_id if contract else None,
            contract_number=contract.contract_number if contract else "",
            drawdown=contract.drawdown_date if contract else None,
            org_timezone=self._org.get().timezone,
        )
        return validate_window(draft, facts), facts
