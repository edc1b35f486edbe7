"""Table models of the console: the transfer list and the contracts concerned."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.front_desk.desk_script import rank_text as route_rank_text
from desktop_app.core.front_desk.desk_script import ranks_differ
from desktop_app.core.front_desk.routing import Candidate, ContractSummary
from desktop_app.core.register.contracts import CADENCES, LOAN_TYPES, METHODS
from desktop_app.core.team.presence import presence_words
from desktop_app.ui.widgets.rows_model import Column, RowsModel


def presence_text(candidate: Candidate) -> str:
    """Team mode: whether their app is running, and what they said ("● Online · Away")."""
    return presence_words(candidate.online, candidate.presence) or "—"


class CandidatesModel(RowsModel[Candidate]):
    """Whom to transfer to, in order, with whether they can answer now (and, in team mode,
    whether they are at their desk)."""

    RANK, NAME, NOW, PRESENCE, EXTENSION, MOBILE = range(6)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._contracts: tuple[ContractSummary, ...] = ()
        self._differ = False
        self.COLUMNS = (
            Column(N_("Rank"), self._rank_text),
            *type(self).COLUMNS[1:],
        )

    def set_candidates(
        self, candidates: Sequence[Candidate], contracts: Sequence[ContractSummary]
    ) -> bool:
        """The list, with the contracts it is for: ranks are per contract when lists differ.

        Updated in place (see ``RowsModel.update_rows``): the same people for the next key keep
        their rows and the selection. True when anything shown changed."""
        contracts = tuple(contracts)
        differ = ranks_differ(candidates, contracts)
        ranks_changed = (contracts, differ) != (self._contracts, self._differ)
        self._contracts, self._differ = contracts, differ
        return self.update_rows(candidates, all_changed=ranks_changed)

    def _rank_text(self, candidate: Candidate) -> str:
        return route_rank_text(candidate, self._contracts, self._differ)

    COLUMNS = (
        Column(N_("Rank"), lambda c: route_rank_text(c, ())),
        Column(N_("Name"), lambda c: c.name),
        Column(
            N_("Now"),
            lambda c: ("✔ " if c.available else "✘ ") + c.reason,
            tone=lambda c: "" if c.available else "muted",
        ),
        Column(N_("At the desk"), presence_text, tone=lambda c: "" if c.present else "muted"),
        Column(N_("Extension"), lambda c: c.extension or "—"),
        Column(N_("Mobile"), lambda c: c.mobile or "—"),
    )


class RouteContractsModel(RowsModel[ContractSummary]):
    """The contracts the call may be about; never amounts for the front desk.

    For finance staff the last column says how ready each contract's checklist is.
    """

    NUMBER, LOAN_TYPE, CHECKS, READINESS = range(4)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.readiness: dict[int, str] = {}
        self.COLUMNS = (
            *type(self).COLUMNS,
            Column(N_("Checklist"), lambda c: self.readiness.get(c.id, "—")),
        )

    def set_readiness(self, readiness: dict[int, str]) -> None:
        if readiness == self.readiness:
            return
        self.readiness = readiness
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.READINESS), self.index(self.rowCount() - 1, self.READINESS)
            )

    COLUMNS: Sequence[Column[ContractSummary]] = (
        Column(N_("Contract"), lambda c: c.contract_number),
        Column(N_("Loan type"), lambda c: _(LOAN_TYPES.get(c.loan_type, c.loan_type))),
        Column(
            N_("Bank's checks"),
            lambda c: _("{cadence}, {method}").format(
                cadence=_(CADENCES.get(c.clause_cadence, c.clause_cadence)),
                method=_(METHODS.get(c.clause_method, c.clause_method)),
            ),
        ),
    )
