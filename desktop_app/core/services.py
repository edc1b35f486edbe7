"""All services of one app, built together from one Store and handed out by part."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from desktop_app.core.checklists.evidence import EvidenceService
from desktop_app.core.checklists.service import ChecklistService
from desktop_app.core.checklists.templates import ChecklistTemplateService
from desktop_app.core.common.audit import AuditService
from desktop_app.core.common.calendar import WorkingCalendar
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.front_desk.calls import CallService
from desktop_app.core.front_desk.follow_ups import FollowUpService
from desktop_app.core.front_desk.routing import RoutingService
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
from desktop_app.core.storage.store import Store
from desktop_app.core.today.service import TodayService
from desktop_app.core.windows.coverage import CoverageService
from desktop_app.core.windows.ics_export import IcsExportService
from desktop_app.core.windows.service import WindowService

if TYPE_CHECKING:  # training is imported when first used (the Training page is built lazily)
    from desktop_app.core.front_desk.caller_check import CallerCheckService
    from desktop_app.core.front_desk.messages import MessageService
    from desktop_app.core.front_desk.rings import RingService
    from desktop_app.core.notify.outbox import OutboxService
    from desktop_app.core.notify.producers import NotifyProducer
    from desktop_app.core.notify.settings import NotifySettingsService
    from desktop_app.core.reminders.service import ReminderService
    from desktop_app.core.reports.service import ReportService
    from desktop_app.core.team.presence import PresenceService
    from desktop_app.core.training.service import TrainingService


@dataclass(frozen=True)
class Services:
    """The use cases of the app; each screen or command receives only the ones it needs."""

    store: Store
    org: OrgSettingsService
    calendar: WorkingCalendar
    banks: BankService
    contracts: ContractService
    people: PeopleService
    responders: ResponderService
    identity: IdentityService
    audit: AuditService
    today: TodayService
    follow_ups: FollowUpService
    numbers: RegisteredNumberService
    imports: ImportExportService
    checklist_templates: ChecklistTemplateService
    checklists: ChecklistService
    evidence: EvidenceService
    feedback: FeedbackService
    callback_records: CallbackRecordService
    call_log: CallLogService
    evidence_packs: EvidencePackService
    routing: RoutingService
    calls: CallService
    windows: WindowService
    coverage: CoverageService
    ics: IcsExportService

    @classmethod
    def build(cls, store: Store) -> Services:
        org = OrgSettingsService(store)
        calendar = WorkingCalendar(store)
        contracts = ContractService(store)
        people = PeopleService(store, org, calendar)
        banks = BankService(store, org)
        responders = ResponderService(store)
        checklist_templates = ChecklistTemplateService(store)
        checklists = ChecklistService(store, org, checklist_templates)
        evidence = EvidenceService(store, store.evidence_dir, lambda: org.get().evidence_max_mb)
        feedback = FeedbackService(store, org)
        routing = RoutingService(store, org, calendar)
        windows = WindowService(store, org, calendar)
        follow_ups = FollowUpService(store)
        numbers = RegisteredNumberService(store, org, calendar)
        return cls(
            store=store,
            org=org,
            calendar=calendar,
            banks=banks,
            contracts=contracts,
            people=people,
            responders=responders,
            identity=IdentityService(store),
            audit=AuditService(store),
            today=TodayService(org, calendar, contracts, people, store),
            follow_ups=follow_ups,
            numbers=numbers,
            imports=ImportExportService(store, org, banks, contracts, people, responders, numbers),
            checklist_templates=checklist_templates,
            checklists=checklists,
            evidence=evidence,
            feedback=feedback,
            callback_records=CallbackRecordService(store, org),
            call_log=CallLogService(store, org),
            evidence_packs=EvidencePackService(store, org, checklists, evidence, feedback),
            routing=routing,
            calls=CallService(store, org, calendar, routing, banks),
            windows=windows,
            coverage=CoverageService(store, org, calendar, windows),
            ics=IcsExportService(store, windows, follow_ups),
        )

    @cached_property
    def training(self) -> TrainingService:
        """Lessons, quizzes and certificates; built on first use to keep start-up quick."""
        from desktop_app.core.training.service import TrainingService

        return TrainingService(self.store, self.org, self.contracts)

    @cached_property
    def reminders(self) -> ReminderService:
        """Reminders before contact windows; built on first use (the tray and scheduler ask)."""
        from desktop_app.core.reminders.service import ReminderService

        return ReminderService(
            self.store, self.org, self.windows, self.coverage, self.routing, lambda: self.training
        )

    @cached_property
    def reports(self) -> ReportService:
        """Figures, trends and exports of how the company answers; built on first use."""
        from desktop_app.core.reports.service import ReportService

        return ReportService(
            self.store, self.org, self.calendar, self.numbers, self.checklists, self.coverage
        )

    @cached_property
    def presence(self) -> PresenceService:
        """Team mode: each person's status and the desks running the app."""
        from desktop_app.core.team.presence import PresenceService

        return PresenceService(self.store)

    @cached_property
    def notify_settings(self) -> NotifySettingsService:
        """The team's mail server and chat groups."""
        from desktop_app.core.notify.settings import NotifySettingsService

        return NotifySettingsService(self.store)

    @cached_property
    def outbox(self) -> OutboxService:
        """E-mail and chat messages: queued, listed, retried (a sender on the desk delivers)."""
        from desktop_app.core.notify.outbox import OutboxService

        return OutboxService(self.store)

    @cached_property
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

    @cached_property
    def messages(self) -> MessageService:
        """Messages taken at the front desk, shown to their recipients until acknowledged."""
        from desktop_app.core.front_desk.messages import MessageService

        return MessageService(self.store, self.org)

    @cached_property
    def rings(self) -> RingService:
        """Rings from the phone system: the "ringing" records, the sweep, tying to a bank."""
        from desktop_app.core.front_desk.rings import RingService

        return RingService(self.store, self.org, self.calendar, self.routing)

    @cached_property
    def caller_check(self) -> CallerCheckService:
        """Is it really the bank? A caller's number against the bank they name."""
        from desktop_app.core.front_desk.caller_check import CallerCheckService

        return CallerCheckService(self.store, self.org, self.calls)
