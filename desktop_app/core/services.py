"""All services of one app over one Store, each built (and its module imported) when first used.

A service's module is imported by the property that builds it, so that the desktop app's first
paint imports none of them (see benchmarks/startup.py); each is built once and shared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from desktop_app.core.storage.store import Store

if TYPE_CHECKING:
    from desktop_app.core.checklists.evidence import EvidenceService
    from desktop_app.core.checklists.service import ChecklistService
    from desktop_app.core.checklists.templates import ChecklistTemplateService
    from desktop_app.core.common.audit import AuditService
    from desktop_app.core.common.calendar import WorkingCalendar
    from desktop_app.core.common.org_settings import OrgSettingsService
    from desktop_app.core.front_desk.caller_check import CallerCheckService
    from desktop_app.core.front_desk.calls import CallService
    from desktop_app.core.front_desk.follow_ups import FollowUpService
    from desktop_app.core.front_desk.messages import MessageService
    from desktop_app.core.front_desk.rings import RingService
    from desktop_app.core.front_desk.routing import RoutingService
    from desktop_app.core.notify.outbox import OutboxService
    from desktop_app.core.notify.producers import NotifyProducer
    from desktop_app.core.notify.settings import NotifySettingsService
    from desktop_app.core.records.call_log import CallLogService
    from desktop_app.core.records.callback_records import CallbackRecordService
    from desktop_app.core.records.evidence_pack import EvidencePackService
    from desktop_app.core.records.feedback import FeedbackService
    from desktop_app.core.register.banks import BankService
    from desktop_app.core.register.contracts import ContractService
    from desktop_app.core.register.identity import IdentityService
    from desktop_app.core.register.import_export import ImportExportService
    from desktop_app.core.register.numbers import RegisteredNumberService
    from desktop_app.core.register.people import PeopleService
    from desktop_app.core.register.responders import ResponderService
    from desktop_app.core.reminders.service import ReminderService
    from desktop_app.core.reports.service import ReportService
    from desktop_app.core.team.presence import PresenceService
    from desktop_app.core.today.service import TodayService
    from desktop_app.core.training.service import TrainingService
    from desktop_app.core.windows.coverage import CoverageService
    from desktop_app.core.windows.ics_export import IcsExportService
    from desktop_app.core.windows.service import WindowService


T = TypeVar("T")


class built_once(Generic[T]):  # noqa: N801 (used like functools.cached_property)
    """A service built on first use, once, under the bag's lock: the GUI thread and the operation
    worker may ask for the same service at the same moment, and both must get the same one."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, owner: None, kind: type | None = None) -> built_once[T]: ...
    @overload
    def __get__(self, owner: Services, kind: type | None = None) -> T: ...
    def __get__(self, owner: Services | None, kind: type | None = None) -> T | built_once[T]:
        if owner is None:
            return self
        with owner._lock:  # a build asks for the services it needs: the lock is re-entrant
            found = owner.__dict__.get(self._name, owner)
            if found is owner:
                found = self._build(owner)
                owner.__dict__[self._name] = found  # later reads skip this descriptor
            return found  # type: ignore[no-any-return]


class Services:
    """The use cases of the app; each screen or command receives only the ones it needs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.RLock()

    @classmethod
    def build(cls, store: Store) -> Services:
        return cls(store)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The name of every service of the bag, in the order they are defined."""
        return tuple(name for name, value in vars(cls).items() if isinstance(value, built_once))

    @built_once
    def org(self) -> OrgSettingsService:
        """The company's settings."""
        from desktop_app.core.common.org_settings import OrgSettingsService

        return OrgSettingsService(self.store)

    @built_once
    def calendar(self) -> WorkingCalendar:
        """Working days, holidays and office hours."""
        from desktop_app.core.common.calendar import WorkingCalendar

        return WorkingCalendar(self.store)

    @built_once
    def banks(self) -> BankService:
        """Lending banks and their aliases."""
        from desktop_app.core.register.banks import BankService

        return BankService(self.store, self.org)

    @built_once
    def contracts(self) -> ContractService:
        """Loan contracts."""
        from desktop_app.core.register.contracts import ContractService

        return ContractService(self.store)

    @built_once
    def people(self) -> PeopleService:
        """People of the company."""
        from desktop_app.core.register.people import PeopleService

        return PeopleService(self.store, self.org, self.calendar)

    @built_once
    def responders(self) -> ResponderService:
        """Who answers for which contract or bank."""
        from desktop_app.core.register.responders import ResponderService

        return ResponderService(self.store)

    @built_once
    def identity(self) -> IdentityService:
        """Who uses this desk."""
        from desktop_app.core.register.identity import IdentityService

        return IdentityService(self.store)

    @built_once
    def audit(self) -> AuditService:
        """The audit log."""
        from desktop_app.core.common.audit import AuditService

        return AuditService(self.store)

    @built_once
    def today(self) -> TodayService:
        """The Today page's figures."""
        from desktop_app.core.today.service import TodayService

        return TodayService(self.org, self.calendar, self.contracts, self.people, self.store)

    @built_once
    def follow_ups(self) -> FollowUpService:
        """Follow-ups of calls."""
        from desktop_app.core.front_desk.follow_ups import FollowUpService

        return FollowUpService(self.store)

    @built_once
    def numbers(self) -> RegisteredNumberService:
        """Registered bank numbers."""
        from desktop_app.core.register.numbers import RegisteredNumberService

        return RegisteredNumberService(self.store, self.org, self.calendar)

    @built_once
    def imports(self) -> ImportExportService:
        """Spreadsheet imports and exports."""
        from desktop_app.core.register.import_export import ImportExportService

        return ImportExportService(
            self.store,
            self.org,
            self.banks,
            self.contracts,
            self.people,
            self.responders,
            self.numbers,
        )

    @built_once
    def checklist_templates(self) -> ChecklistTemplateService:
        """Checklist templates."""
        from desktop_app.core.checklists.templates import ChecklistTemplateService

        return ChecklistTemplateService(self.store)

    @built_once
    def checklists(self) -> ChecklistService:
        """Checklists of callbacks."""
        from desktop_app.core.checklists.service import ChecklistService

        return ChecklistService(self.store, self.org, self.checklist_templates)

    @built_once
    def evidence(self) -> EvidenceService:
        """Evidence files."""
        from desktop_app.core.checklists.evidence import EvidenceService

        return EvidenceService(
            self.store, self.store.evidence_dir, lambda: self.org.get().evidence_max_mb
        )

    @built_once
    def feedback(self) -> FeedbackService:
        """Feedback to banks."""
        from desktop_app.core.records.feedback import FeedbackService

        return FeedbackService(self.store, self.org)

    @built_once
    def callback_records(self) -> CallbackRecordService:
        """Callback records."""
        from desktop_app.core.records.callback_records import CallbackRecordService

        return CallbackRecordService(self.store, self.org)

    @built_once
    def call_log(self) -> CallLogService:
        """The call log."""
        from desktop_app.core.records.call_log import CallLogService

        return CallLogService(self.store, self.org)

    @built_once
    def evidence_packs(self) -> EvidencePackService:
        """Evidence packs."""
        from desktop_app.core.records.evidence_pack import EvidencePackService

        return EvidencePackService(
            self.store, self.org, self.checklists, self.evidence, self.feedback
        )

    @built_once
    def routing(self) -> RoutingService:
        """The front desk's routing decision."""
        from desktop_app.core.front_desk.routing import RoutingService

        return RoutingService(self.store, self.org, self.calendar)

    @built_once
    def calls(self) -> CallService:
        """Calls logged at the front desk."""
        from desktop_app.core.front_desk.calls import CallService

        return CallService(self.store, self.org, self.calendar, self.routing, self.banks)

    @built_once
    def windows(self) -> WindowService:
        """Contact windows."""
        from desktop_app.core.windows.service import WindowService

        return WindowService(self.store, self.org, self.calendar)

    @built_once
    def coverage(self) -> CoverageService:
        """Who covers each contact window."""
        from desktop_app.core.windows.coverage import CoverageService

        return CoverageService(self.store, self.org, self.calendar, self.windows)

    @built_once
    def ics(self) -> IcsExportService:
        """Calendar (.ics) exports."""
        from desktop_app.core.windows.ics_export import IcsExportService

        return IcsExportService(self.store, self.windows, self.follow_ups)

    @built_once
    def training(self) -> TrainingService:
        """Lessons, quizzes and certificates; built on first use to keep start-up quick."""
        from desktop_app.core.training.service import TrainingService

        return TrainingService(self.store, self.org, self.contracts)

    @built_once
    def reminders(self) -> ReminderService:
        """Reminders before contact windows; built on first use (the tray and scheduler ask)."""
        from desktop_app.core.reminders.service import ReminderService

        return ReminderService(
            self.store, self.org, self.windows, self.coverage, self.routing, lambda: self.training
        )

    @built_once
    def reports(self) -> ReportService:
        """Figures, trends and exports of how the company answers; built on first use."""
        from desktop_app.core.reports.service import ReportService

        return ReportService(
            self.store, self.org, self.calendar, self.numbers, self.checklists, self.coverage
        )

    @built_once
    def presence(self) -> PresenceService:
        """Team mode: each person's status and the desks running the app."""
        from desktop_app.core.team.presence import PresenceService

        return PresenceService(self.store)

    @built_once
    def notify_settings(self) -> NotifySettingsService:
        """The team's mail server and chat groups."""
        from desktop_app.core.notify.settings import NotifySettingsService

        return NotifySettingsService(self.store)

    @built_once
    def outbox(self) -> OutboxService:
        """E-mail and chat messages: queued, listed, retried (a sender on the desk delivers)."""
        from desktop_app.core.notify.outbox import OutboxService

        return OutboxService(self.store)

    @built_once
    def notify(self) -> NotifyProducer:
        """Digests, chat notices and invitations put into the outbox."""
        from desktop_app.core.notify.producers import NotifyProducer

        return NotifyProducer(
            self.store,
            self.org,
            self.calendar,
            self.windows,
            self.coverage,
            self.follow_ups,
            self.notify_settings,
            self.outbox,
        )

    @built_once
    def messages(self) -> MessageService:
        """Messages taken at the front desk, shown to their recipients until acknowledged."""
        from desktop_app.core.front_desk.messages import MessageService

        return MessageService(self.store, self.org)

    @built_once
    def rings(self) -> RingService:
        """Rings from the phone system: the "ringing" records, the sweep, tying to a bank."""
        from desktop_app.core.front_desk.rings import RingService

        return RingService(self.store, self.org, self.calendar, self.routing)

    @built_once
    def caller_check(self) -> CallerCheckService:
        """Is it really the bank? A caller's number against the bank they name."""
        from desktop_app.core.front_desk.caller_check import CallerCheckService

        return CallerCheckService(self.store, self.org, self.calls)
