"""Table models of the Training page: lessons of a path, attempts, the clause library, the team."""

from __future__ import annotations

from datetime import datetime

from desktop_app.core.common.i18n import N_, _, format_local_day, format_moment
from desktop_app.core.common.permissions import ROLE_LABELS
from desktop_app.core.register.contracts import CADENCES, METHODS, ContractView
from desktop_app.core.training.quiz import CLAUSE_PRACTICE, REFRESHER
from desktop_app.core.training.records import CERT_STATE_LABELS, AttemptView, CertState
from desktop_app.core.training.service import LessonStatus
from desktop_app.core.training.team import PersonProgress
from desktop_app.ui.widgets.rows_model import Column, RowsModel

STATE_TONES = {
    CertState.VALID: "",
    CertState.EXPIRING: "warning",
    CertState.EXPIRED: "warning",
    CertState.NONE: "muted",
}


def local_day(value: datetime | None) -> str:
    """The company's calendar day of an aware moment, formatted for the active locale."""
    return format_local_day(value)


def state_text(state: CertState) -> str:
    return _(CERT_STATE_LABELS[state])


class LessonsModel(RowsModel[LessonStatus]):
    """The lessons of a path, in reading order, with when each was read."""

    NUMBER, TITLE, MINUTES, READ = range(4)
    COLUMNS = (
        Column(N_("No."), lambda s: str(s.position), align_right=True),
        Column(N_("Lesson"), lambda s: s.lesson.title),
        Column(
            N_("Minutes"),
            lambda s: _("{minutes} min").format(minutes=s.lesson.minutes),
            align_right=True,
        ),
        Column(
            N_("Read"),
            lambda s: local_day(s.read_at) if s.read_at else _("Not read yet"),
            tone=lambda s: "" if s.read_at else "muted",
        ),
    )


def attempt_kind(attempt: AttemptView, titles: dict[str, str]) -> str:
    if attempt.kind == REFRESHER:
        return _("Refresher")
    if attempt.kind == CLAUSE_PRACTICE:
        return _("Practice on our contracts")
    return titles.get(attempt.path_code, attempt.path_code)


class AttemptsModel(RowsModel[AttemptView]):
    """One person's finished attempts, newest first."""

    FINISHED, KIND, SCORE, RESULT = range(4)

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.path_titles: dict[str, str] = {}
        self.COLUMNS = (
            Column(N_("Finished"), lambda a: format_moment(a.finished_at)),
            Column(N_("Quiz"), lambda a: attempt_kind(a, self.path_titles)),
            Column(
                N_("Score"),
                lambda a: _("{score} of {total} ({percent}%)").format(
                    score=a.score, total=a.total, percent=a.percent
                ),
                align_right=True,
            ),
            Column(
                N_("Result"),
                lambda a: _("Passed") if a.passed else _("Not passed"),
                tone=lambda a: "" if a.passed else "warning",
            ),
        )


class ClausesModel(RowsModel[ContractView]):
    """Every active contract as a study case; the details are in the case beside the list."""

    BANK, CONTRACT, CADENCE, METHOD = range(4)
    COLUMNS = (
        Column(N_("Bank"), lambda c: c.bank_name),
        Column(
            N_("Contract"),
            lambda c: c.contract_number,
            tone=lambda c: "" if any(r.active for r in c.responders) else "warning",
        ),
        Column(N_("How often"), lambda c: _(CADENCES[c.clause_cadence])),
        Column(N_("How"), lambda c: _(METHODS[c.clause_method])),
    )


class TeamModel(RowsModel[PersonProgress]):
    """The team's training progress; uncertified responders in red."""

    NAME, ROLE, PATH, LESSONS, ATTEMPTS, BEST, CERTIFIED_UNTIL, STATE, REFRESHERS = range(9)
    RESPONDER = 9
    COLUMNS = (
        Column(N_("Name"), lambda r: r.name, tone=lambda r: "warning" if r.flagged else ""),
        Column(N_("Role"), lambda r: _(ROLE_LABELS[r.role])),
        Column(N_("Training path"), lambda r: r.path_title),
        Column(
            N_("Lessons"),
            lambda r: _("{read} of {total}").format(read=r.lessons_read, total=r.lessons_total),
            align_right=True,
        ),
        Column(N_("Attempts"), lambda r: str(r.attempts), align_right=True),
        Column(
            N_("Best"),
            lambda r: f"{r.best_percent}%" if r.best_percent is not None else "—",
            align_right=True,
        ),
        Column(N_("Certified until"), lambda r: local_day(r.expires_at)),
        Column(
            N_("Certification"), lambda r: state_text(r.state), tone=lambda r: STATE_TONES[r.state]
        ),
        Column(N_("Refreshers due"), lambda r: str(r.refreshers_due), align_right=True),
        Column(
            N_("Responder"),
            lambda r: (
                (_("yes, not certified") if r.flagged else _("yes")) if r.responder else _("no")
            ),
            tone=lambda r: "warning" if r.flagged else "",
        ),
    )
