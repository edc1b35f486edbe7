"""The Today view: what kind of day it is, which contracts have nobody to answer, who is on duty."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.checklists.service import ChecklistService, Readiness
from desktop_app.core.common.calendar import DayInfo
from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.i18n import _, format_day, ngettext
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.follow_ups import FollowUpService
from desktop_app.core.today.service import TodayOverview, TodayService
from desktop_app.core.windows.coverage import CoverageService
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.today.coverage_panel import CoverageGapsPanel
from desktop_app.ui.today.follow_ups_panel import FollowUpsPanel
from desktop_app.ui.today.today_models import ContractsTodayModel, DutyModel
from desktop_app.ui.widgets.background_read import BackgroundRead
from desktop_app.ui.widgets.clock_refresh import ClockRefresh
from desktop_app.ui.widgets.tables import make_table

REFRESH_MS = 5 * 60 * 1000  # availability changes with the clock: re-read every five minutes
AREAS = (
    Area.CONTRACTS,
    Area.PEOPLE,
    Area.RESPONDERS,
    Area.BANKS,
    Area.CALENDAR,
    Area.SETTINGS,
    Area.CHECKLISTS,
)


def describe_day(day: DayInfo) -> str:
    if day.reason == "holiday":
        return _("Public holiday: {name}").format(
            name=_(day.holiday_name) if day.holiday_name else "—"
        )
    if day.reason == "makeup_workday":
        return _("Make-up workday (调休)")
    if day.reason == "weekend":
        return _("Weekend")
    if day.reason == "override":
        return _("Company working day") if day.is_workday else _("Company day off")
    if day.reason == "unknown_year":
        return _("Official holidays for {year} are not published yet").format(year=day.day.year)
    return _("Working day")


class TodayView(QWidget):
    """The home screen; its data is read just after the first paint, so the window shows at once."""

    #: Emitted after the view re-read and showed its data.
    refreshed = Signal()

    def __init__(
        self,
        today: TodayService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        parent: QWidget | None = None,
        follow_ups: FollowUpService | None = None,
        checklists: ChecklistService | None = None,
        coverage: CoverageService | None = None,
        org: OrgSettingsService | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        # Checklist readiness is a loan detail: shown to those who may see loan details.
        self._checklists = checklists if actor.can(Permission.VIEW_LOAN_DETAILS) else None
        self._actor = actor
        self._clock = clock
        self.setAccessibleName(_("Today"))

        self.title_label = QLabel(_("Today"))  # the date follows with the first read
        self.title_label.setObjectName("pageTitle")
        self.day_label = QLabel()
        self.banner_label = QLabel()
        self.banner_label.setObjectName("warningBanner")
        self.banner_label.setWordWrap(True)
        self.banner_label.setVisible(False)  # until there is something to warn of

        self.contracts_model = ContractsTodayModel(self)
        self.contracts_table = make_table(
            _("Active contracts"), stretch_column=ContractsTodayModel.RESPONDERS
        )
        self.contracts_table.setModel(self.contracts_model)
        self.contracts_table.keep_whole(ContractsTodayModel.NUMBER)
        self.contracts_table.setColumnHidden(
            ContractsTodayModel.CHECKLIST, self._checklists is None
        )
        self.contracts_empty = QLabel(_("No active contracts yet."))
        self.contracts_empty.setObjectName("emptyState")
        contracts_box = QGroupBox(_("Contracts and who answers the bank"))
        box_layout = QVBoxLayout(contracts_box)
        box_layout.addWidget(self.contracts_empty)
        box_layout.addWidget(self.contracts_table)

        self.duty_model = DutyModel(self)
        self.duty_table = make_table(_("On duty now"))
        self.duty_table.setModel(self.duty_model)
        duty_box = QGroupBox(_("On duty now"))
        duty_layout = QVBoxLayout(duty_box)
        duty_layout.addWidget(self.duty_table)

        self.follow_ups_panel = (
            FollowUpsPanel(follow_ups, hub, actor) if follow_ups is not None else None
        )
        # Coverage gaps are for those who can fix them: finance staff and administrators.
        self.coverage_panel = (
            CoverageGapsPanel(coverage, org, hub, actor, clock)
            if coverage is not None and org is not None and actor.can(Permission.EDIT_REGISTER)
            else None
        )
        columns = QHBoxLayout()
        columns.addWidget(contracts_box, 3)
        side = QVBoxLayout()
        if self.follow_ups_panel is not None:
            side.addWidget(self.follow_ups_panel, 1)
        side.addWidget(duty_box, 1)
        columns.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.day_label)
        layout.addWidget(self.banner_label)
        layout.addLayout(columns, 3)
        if self.coverage_panel is not None:
            layout.addWidget(self.coverage_panel, 1)

        hub.data_changed.connect(self._on_hub_data_changed)
        #: Availability moves with the clock: re-read every few minutes while on screen.
        self.clock_refresh = ClockRefresh(self, REFRESH_MS, self.refresh)
        self.overview: TodayOverview | None = None
        #: The overview's read: one at a time, once more after if a change came meanwhile.
        self.overview_read = BackgroundRead(
            self, self._read_overview, self._show, errors_in=self.banner_label
        )
        self._first_paint_seen = False  # the data is read once the window has painted

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._first_paint_seen:
            self._first_paint_seen = True
            QTimer.singleShot(0, self.refresh)

    def _on_hub_data_changed(self, changes: Changes) -> None:
        if changes.touches(*AREAS):
            self.refresh()

    def refresh(self) -> None:
        """Re-read the overview off the GUI thread and show it (:attr:`refreshed` then), and the
        panels beside it (their reads queue behind the overview's on the one worker)."""
        self.overview_read.read_now()
        if self.follow_ups_panel is not None:
            self.follow_ups_panel.reload()
        if self.coverage_panel is not None and self.overview is not None:
            self.coverage_panel.reload()  # the first time, the gaps follow the overview's paint

    def _read_overview(self) -> Callable[[], tuple[TodayOverview, dict[int, Readiness]]]:
        """The overview's read, with the checklist readiness of its contracts (for the worker)."""
        today, checklists, actor, now = (
            self._today,
            self._checklists,
            self._actor,
            self._clock.now(),
        )

        def read() -> tuple[TodayOverview, dict[int, Readiness]]:
            overview = today.overview(actor, now)
            readiness = (
                checklists.readiness_many(actor, [c.id for c in overview.contracts])
                if checklists is not None
                else {}
            )
            return overview, readiness

        return read

    def _show(self, read: tuple[TodayOverview, dict[int, Readiness]]) -> None:
        overview, readiness = read
        if self.overview is None and self.coverage_panel is not None:
            QTimer.singleShot(0, self.coverage_panel, self.coverage_panel.reload)
        self.overview = overview
        self.title_label.setText(
            _("Today, {date}").format(date=format_day(overview.day.day, "full"))
        )
        self.day_label.setText(describe_day(overview.day))
        warnings = []
        if overview.uncovered:
            warnings.append(
                ngettext(
                    "{count} contract has no responder available right now: {numbers}",
                    "{count} contracts have no responder available right now: {numbers}",
                    len(overview.uncovered),
                ).format(
                    count=len(overview.uncovered),
                    numbers=", ".join(c.contract_number for c in overview.uncovered[:5]),
                )
            )
        stale = [
            c.contract_number
            for c in overview.contracts
            if c.id in readiness and readiness[c.id].stale
        ]
        if stale:
            warnings.append(
                ngettext(
                    "{count} contract has stale checklist evidence: {numbers}",
                    "{count} contracts have stale checklist evidence: {numbers}",
                    len(stale),
                ).format(count=len(stale), numbers=", ".join(stale[:5]))
            )
        if overview.missed_rings:
            warnings.append(
                ngettext(
                    "{count} call rang today and nobody logged it: it counts as missed, "
                    "and its return call is open.",
                    "{count} calls rang today and nobody logged them: they count as missed, "
                    "and their return calls are open.",
                    overview.missed_rings,
                ).format(count=overview.missed_rings)
            )
        warnings.extend(overview.calendar_notes)
        self.banner_label.setText("\n".join(warnings))
        self.banner_label.setVisible(bool(warnings))
        statuses = {row.person.id: row.status for row in overview.duty}
        rows = []
        for contract in overview.contracts:
            answering = next(
                (
                    r.name
                    for r in contract.responders
                    if r.active and statuses.get(r.person_id) and statuses[r.person_id].available
                ),
                "",
            )
            rows.append((contract, answering))
        self.contracts_model.set_readiness(readiness)
        self.contracts_model.set_rows(rows)
        self.contracts_empty.setVisible(not rows)
        self.contracts_table.setVisible(bool(rows))
        self.duty_model.set_rows(overview.duty)
        for table in (self.contracts_table, self.duty_table):
            table.resizeColumnsToContents()
        self.refreshed.emit()
