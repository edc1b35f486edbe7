"""Roles, what each may do, and the acting person every service call names."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop_app.core.common.errors import PermissionDenied
from desktop_app.core.common.i18n import N_


class Role(StrEnum):
    """A person's role in the app."""

    ADMIN = "admin"
    FINANCE = "finance"
    FRONT_DESK = "front_desk"
    TRAINEE = "trainee"


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.FINANCE: N_("Finance"),
    Role.FRONT_DESK: N_("Front desk"),
    Role.TRAINEE: N_("Trainee"),
}


class Permission(StrEnum):
    """Something a role may be allowed to do."""

    VIEW_REGISTER = "view_register"  # banks, contracts (without amounts), people, responders
    VIEW_LOAN_DETAILS = "view_loan_details"  # amounts, clause texts, purpose, consequences
    EDIT_REGISTER = "edit_register"  # banks, contracts, numbers, responders
    EDIT_PEOPLE = "edit_people"  # contact details, office hours, absences
    ASSIGN_ROLES = "assign_roles"  # create people with roles, change roles
    EDIT_SETTINGS = "edit_settings"  # organisation-wide settings
    LOG_CALLS = "log_calls"
    VIEW_AUDIT = "view_audit"
    VIEW_TEAM_TRAINING = "view_team_training"  # others' quiz results and the team report


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.FINANCE: frozenset(
        {
            Permission.VIEW_REGISTER,
            Permission.VIEW_LOAN_DETAILS,
            Permission.EDIT_REGISTER,
            Permission.EDIT_PEOPLE,
            Permission.LOG_CALLS,
            Permission.VIEW_AUDIT,
            Permission.VIEW_TEAM_TRAINING,
        }
    ),
    Role.FRONT_DESK: frozenset({Permission.VIEW_REGISTER, Permission.LOG_CALLS}),
    Role.TRAINEE: frozenset({Permission.VIEW_REGISTER}),
}


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a service call is made, and the desk they sit at."""

    person_id: int | None
    name: str
    role: Role
    desk: str = ""

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied unless the actor's role grants ``permission``."""
        if not self.can(permission):
            raise PermissionDenied(
                N_("{name} ({role}) may not do this."),
                name=self.name,
                role=ROLE_LABELS[self.role],
            )


def capped(role: Role, cap: Role | None) -> Role:
    """``role``, or ``cap`` when ``role`` may do more than ``cap`` (``None``: no cap).

    A desk whose database login is a front-desk one caps everyone there at the front desk: the
    database would refuse them what their role allows elsewhere.
    """
    if cap is None or GRANTS[role] <= GRANTS[cap]:
        return role
    return cap


def system_actor(desk: str = "") -> Actor:
    """The app itself, for set-up steps that run before anyone exists (first run, demo data)."""
    return Actor(person_id=None, name="system", role=Role.ADMIN, desk=desk)
