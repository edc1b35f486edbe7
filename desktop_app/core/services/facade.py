"""All services of one app, built together from one ServiceContext and handed out by part."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.services.audit import AuditService
from desktop_app.core.services.banks import BankService
from desktop_app.core.services.calendar import WorkingCalendar
from desktop_app.core.services.context import ServiceContext
from desktop_app.core.services.contracts import ContractService
from desktop_app.core.services.identity import IdentityService
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

    @classmethod
    def build(cls, ctx: ServiceContext) -> Services:
        org = OrgSettingsService(ctx)
        calendar = WorkingCalendar(ctx)
        contracts = ContractService(ctx)
        people = PeopleService(ctx, org)
        return cls(
            ctx=ctx,
            org=org,
            calendar=calendar,
            banks=BankService(ctx, org),
            contracts=contracts,
            people=people,
            responders=ResponderService(ctx),
            identity=IdentityService(ctx),
            audit=AuditService(ctx),
            today=TodayService(org, calendar, contracts, people),
        )
