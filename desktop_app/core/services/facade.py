"""All services of one app, built together from one ServiceContext and handed out by part."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.services.audit import AuditService
from desktop_app.core.services.banks import BankService
from desktop_app.core.services.calendar import WorkingCalendar
from desktop_app.core.services.context import ServiceContext
from desktop_app.core.services.contracts import ContractService
from desktop_app.core.services.follow_ups import FollowUpService
from desktop_app.core.services.identity import IdentityService
from desktop_app.core.services.import_export import ImportExportService
from desktop_app.core.services.numbers import RegisteredNumberService
from desktop_app.core.services.org_settings import OrgSettingsService
from desktop_app.core.services.people import PeopleService
from desktop_app.core.services.responders import ResponderService
from desktop_app.core.services.today import TodayService


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

    @classmethod
    def build(cls, ctx: ServiceContext) -> Services:
        org = OrgSettingsService(ctx)
        calendar = WorkingCalendar(ctx)
        contracts = ContractService(ctx)
        people = PeopleService(ctx, org, calendar)
        banks = BankService(ctx, org)
        responders = ResponderService(ctx)
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
            follow_ups=FollowUpService(ctx),
            numbers=RegisteredNumberService(ctx, org, calendar),
            imports=ImportExportService(ctx, org, banks, contracts, people, responders),
        )
