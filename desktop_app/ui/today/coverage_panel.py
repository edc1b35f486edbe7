"""The Today view's coverage gaps: contact windows in the coming days that nobody designated can
take, why, and who could step in. Shown to finance staff and administrators only."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.clock import Clock
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_, _, ngettext
from desktop_app.core.common.org_settings import OrgSettings, OrgSettingsService
from desktop_app.core.common.permissions import Actor
from desktop_app.core.windows.coverage import CoverageGap, CoverageService, Suggestion
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.operation import Operation
from desktop_app.ui.widgets.rows_model import Column, RowsModel
from desktop_app.ui.widgets.tables import make_table
from desktop_app.ui.windows.occurrences_model import (
    AgendaRow,
    agenda_rows,
    contract_text,
    day_text,
    time_range,
    why_text,
)

AREAS = (Area.WINDOWS, Area.PEOPLE, Area.RESPONDERS, Area.CALENDAR, Area.TRAINING, Area.SETTINGS)
GapRow = tuple[AgendaRow, tuple[Suggestion, ...]]


def _suggestions(suggestions: tuple[Suggestion, ...]) -> str:
    if not suggestions:
        return _("Nobody is free for the whole window")
    return ", ".join(s.name for s in suggestions)  # each is free and certified for all of it


class GapsModel(RowsModel[GapRow]):
    """Uncovered occurrences, soonest first."""

    WHEN, BANK, WINDOW, WHO_COULD, WHY = range(5)
    COLUMNS = (
        Column(N_("When"), lambda g: f"{day_text(g[0].day)} {time_range(g[0])}"),
        Column(
            N_("Bank"),
            lambda g: f"{g[0].occurrence.bank_name} · {contract_text(g[0].occurrence)}",
        ),
        Column(N_("Window"), lambda g: g[0].occurrence.title),
        Column(N_("Who could cover"), lambda g: _suggestions(g[1])),
        Column(
            N_("Why not covered"), lambda g: why_text(g[0].occurrence), tone=lambda g: "warning"
        ),
    )


class CoverageGapsPanel(QGroupBox):
    """Lists coverage gaps for the next ``coverage_days_ahead`` days (an organisation setting)."""

    #: Emitted after the panel re-read the gaps.
    reloaded = Signal()

    def __init__(
        self,
        coverage: CoverageService,
        org: OrgSettingsService,
        hub: ChangeHub,
        actor: Actor,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Coverage gaps"), parent)
        self._coverage = coverage
        self._org = org
        self._actor = actor
        self._clock = clock
        self._pending = False
        self.gaps: list[CoverageGap] = []
        self.model = GapsModel(self)
        self.table = make_table(_("Coverage gaps"), stretch_column=GapsModel.WHY)
        self.table.setModel(self.model)
        self.table.setWordWrap(True)  # the reasons are long: they wrap in the last column
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)
        self.table.hide()
        hub.data_changed.connect(self._on_hub_data_changed)
        # The first reload comes with the Today view's, just after the window has painted.

    def reload(self) -> Operation:
        """Re-read the gaps of the coming days off the GUI thread and show them."""
        self._pending = False
        org, coverage, actor, start = self._org, self._coverage, self._actor, self._clock.now()

        def read() -> tuple[OrgSettings, list[CoverageGap], str]:
            settings = org.get()
            end = start + timedelta(days=settings.coverage_days_ahead)
            try:
                return settings, coverage.gaps(actor, start, end), ""
            except DeskError as error:
                return settings, [], error.text()

        return Operation(self, None, read).success(self._show).run()

    def _show(self, read: tuple[OrgSettings, list[CoverageGap], str]) -> None:
        settings, self.gaps, problem = read
        days = settings.coverage_days_ahead
        self.empty_label.setText(
            problem
            or ngettext(
                "Every window in the next {count} day has someone on duty.",
                "Every window in the next {count} days has someone on duty.",
                days,
            ).format(count=days)
        )
        zone = ZoneInfo(settings.timezone)
        rows = agenda_rows((gap.occurrence for gap in self.gaps), zone)
        self.model.set_rows(
            [(row, gap.suggestions) for row, gap in zip(rows, self.gaps, strict=True)]
        )
        self.table.setVisible(bool(self.gaps))
        self.empty_label.setVisible(not self.gaps)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.reloaded.emit()

    def _on_hub_data_changed(self, changes: Changes) -> None:
        # Coalesced: the Today view may reload this panel for the same change.
        if changes.touches(*AREAS) and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._reload_if_pending)

    def _reload_if_pending(self) -> None:
        if self._pending:
            self.reload()
