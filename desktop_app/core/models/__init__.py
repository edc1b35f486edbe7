"""The SQLAlchemy data model, one module per area; importing this package maps every table."""

from desktop_app.core.models import sort_keys as _sort_keys  # noqa: F401  (listens on write)
from desktop_app.core.models.audit import AuditEntry
from desktop_app.core.models.banks import (
    Bank,
    BankAlias,
    BankOfficer,
    BankOfficerKey,
    BankPhone,
    Branch,
)
from desktop_app.core.models.base import Base
from desktop_app.core.models.calendar import CalendarOverride, OrgSetting
from desktop_app.core.models.calls import CallRecord, FollowUp
from desktop_app.core.models.checklists import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    EvidenceChunk,
    EvidenceFile,
)
from desktop_app.core.models.contracts import LoanContract, RegisteredNumber
from desktop_app.core.models.exports import CalendarEvent
from desktop_app.core.models.feedback import FeedbackItem
from desktop_app.core.models.notify import NotifyPreference, OutboxAttachment, OutboxMessage
from desktop_app.core.models.people import Absence, OfficeHours, Person, ResponderAssignment
from desktop_app.core.models.presence import DeskSession, PersonPresence
from desktop_app.core.models.reminders import Reminder, ReminderLeadTimes
from desktop_app.core.models.training import Certificate, LessonProgress, QuizAttempt
from desktop_app.core.models.windows import ContactWindow

__all__ = [
    "Absence",
    "AuditEntry",
    "Bank",
    "BankAlias",
    "BankOfficer",
    "BankOfficerKey",
    "BankPhone",
    "Base",
    "Branch",
    "CalendarEvent",
    "CalendarOverride",
    "CallRecord",
    "Certificate",
    "ChecklistItem",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "ContactWindow",
    "DeskSession",
    "EvidenceChunk",
    "EvidenceFile",
    "FeedbackItem",
    "FollowUp",
    "LessonProgress",
    "LoanContract",
    "NotifyPreference",
    "OfficeHours",
    "OrgSetting",
    "OutboxAttachment",
    "OutboxMessage",
    "Person",
    "PersonPresence",
    "QuizAttempt",
    "RegisteredNumber",
    "Reminder",
    "ReminderLeadTimes",
    "ResponderAssignment",
]
