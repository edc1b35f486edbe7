"""The lazily filled table of people, with whether each one can answer the bank right now."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.common.i18n import N_, _, format_local_day
from desktop_app.core.common.permissions import ROLE_LABELS
from desktop_app.core.register.availability import Status
from desktop_app.core.register.people import PersonView
from desktop_app.core.training.records import CERT_STATE_LABELS, CertState
from desktop_app.core.training.team import CertificationStatus
from desktop_app.ui.widgets.paged_model import PagedRowsModel
from desktop_app.ui.widgets.rows_model import Column


@dataclass(frozen=True)
class PersonRow:
    """One person, their availability at the moment the page was read, and their training."""

    person: PersonView
    status: Status
    certification: CertificationStatus | None = None


def certified_text(row: PersonRow) -> str:
    """Until when the person's certificate for their role runs, or why there is none."""
    found = row.certification
    if found is None:
        return "—"
    if found.certified and found.expires_at is not None:
        return format_local_day(found.expires_at)
    return _(CERT_STATE_LABELS[found.state])


def certified_tone(row: PersonRow) -> str:
    found = row.certification
    if found is None or found.state == CertState.VALID:
        return ""
    return "muted" if found.state == CertState.NONE else "warning"


class PeopleModel(PagedRowsModel[PersonRow]):
    """People in name order, a page at a time."""

    NAME, ROLE, JOB_TITLE, EXTENSION, MOBILE, EMAIL, AVAILABLE, ACTIVE, CERTIFIED = range(9)
    COLUMNS = (
        Column(N_("Name"), lambda r: r.person.name),
        Column(N_("Role"), lambda r: _(ROLE_LABELS[r.person.role])),
        Column(N_("Job title"), lambda r: r.person.job_title or "—"),
        Column(N_("Extension"), lambda r: r.person.extension or "—"),
        Column(N_("Mobile"), lambda r: r.person.mobile or "—"),
        Column(N_("E-mail"), lambda r: r.person.email or "—"),
        Column(
            N_("Available now"),
            lambda r: r.status.text(),
            tone=lambda r: "" if r.status.available else "muted",
        ),
        Column(
            N_("Active"),
            lambda r: _("yes") if r.person.active else _("no"),
            tone=lambda r: "" if r.person.active else "warning",
        ),
        Column(N_("Certified until"), certified_text, tone=certified_tone),
    )

    def row_of(self, person_id: int) -> int:
        """The row showing ``person_id`` among those loaded, or -1."""
        for row, item in enumerate(self._rows):
            if item.person.id == person_id:
                return row
        return -1
