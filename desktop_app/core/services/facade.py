"""All services of one app, built together from one ServiceContext and handed out by part."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from desktop_app.core.services.audit import AuditService
from desktop_app.core.services.banks import BankService
from desktop_app.core.services.calendar import WorkingCalendar
from desktop_app.core.services.call_log import CallLogService
from desktop_app.core.services.callback_records import CallbackRecordService
from desktop_app.core.services.calls import CallService
from desktop_app.core.services.checklist_templates import ChecklistTemplateService
from desktop_app.core.services.checklists import ChecklistService
from desktop_app.core.services.context import ServiceContext
from desktop_app.core.services.contracts import ContractService
from desktop_app.core.services.coverage import CoverageService
from desktop_app.core.services.evidence import EvidenceService
from desktop_app.core.services.evidence_pack import EvidencePackService
from desktop_app.core.services.feedback import FeedbackService
from desktop_app.core.services.follow_ups import FollowUpService
from desktop_app.core.services.ics_export import IcsExportService
from desktop_app.core.services.identity import IdentityService
from desktop_app.core.services.import_export import ImportExportService
from desktop_app.core.services.numbers import RegisteredNumberService
from desktop_app.core.services.org_settings import OrgSettingsService
from desktop_app.core.services.people import PeopleService
from desktop_app.core.services.responders import ResponderService
from desktop_app.core.services.routing import RoutingService
from desktop_app.core.services.today import TodayService
from desktop_app.core.services.windows import WindowService

if TYPE_CHECKING:  # training is imported when first used (the Training page is built lazily)
    from desktop_app.core.services.messages import MessageService
    from desktop_app.core.services.presence import PresenceService
    from desktop_app.core.services.reminders import ReminderService
    from desktop_app.core.services.training import TrainingService


@dataclass(frozen=True)
class Services:
    """The use cases of the app; each screen or command receives only the ones it needs."""

    ctx: ServiceContext
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
    def build(cls, ctx: ServiceContext) -> Services:
        org = OrgSettingsService(ctx)
        calendar = WorkingCalendar(ctx)
        contracts = ContractService(ctx)
        people = PeopleService(ctx, org, calendar)
        banks = BankService(ctx, org)
        responders = ResponderService(ctx)
        checklist_templates = ChecklistTemplateService(ctx)
        checklists = ChecklistService(ctx, org, checklist_templates)
        evidence = EvidenceService(ctx, ctx.evidence_dir)
        feedback = FeedbackService(ctx, org)
        routing = RoutingService(ctx, org, calendar)
        windows = WindowService(ctx, org, calendar)
        follow_ups = FollowUpService(ctx)
        return cls(
            ctx=ctx,
            org=org,
            calendar=calendar,
            banks=banks,
            contracts=contracts,
            people=people,
            responders=responders,
            identity=IdentityService(ctx),
            audit=AuditService(ctx),
            today=TodayService(org, calendar, contracts, people),
            follow_ups=follow_ups,
            numbers=RegisteredNumberService(ctx, org, calendar),
            imports=ImportExportService(ctx, org, banks, contracts, people, responders),
            checklist_templates=checklist_templates,
            checklists=checklists,
            evidence=evidence,
            feedback=feedback,
            callback_records=CallbackRecordService(ctx, org),
            call_log=CallLogService(ctx, org),
            evidence_packs=EvidencePackService(ctx, org, checklists, evidence, feedback),
            routing=routing,
            calls=CallService(ctx, org, calendar, routing, banks),
            windows=windows,
            coverage=CoverageService(ctx, org, calendar, windows),
            ics=IcsExportService(ctx, windows, follow_ups),
        )

    @cached_property
    def training(self) -> TrainingService:
        """Lessons, quizzes and certificates; built on first use to keep start-up quick."""
        from desktop_app.core.services.training import TrainingService

        return TrainingService(self.ctx, self.org, self.contracts)

    @cached_property
    def reminders(self) -> ReminderService:
        """Reminders before contact windows; built on first use (the tray and scheduler ask)."""
        from desktop_app.core.services.reminders import ReminderService

        return ReminderService(
            self.ctx, self.org, self.windows, self.coverage, self.routing, lambda: self.training
        )

    @cached_property
    def presence(self) -> PresenceService:
        """Team mode: each person's status and the desks running the app."""
        from desktop_app.core.services.presence import PresenceService

        return PresenceService(self.ctx)

    @cached_property
    def messages(self) -> MessageService:
        """Messages taken at the front desk, shown to their recipients until acknowledged."""
        from desktop_app.core.services.messages import MessageService

        return MessageService(self.ctx, self.org)
