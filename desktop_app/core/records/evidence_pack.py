"""The evidence pack: for one contract and a period, proof that the company cooperated.

It lists the bank's calls in the period with what was asked and answered, what was promised and
what worried the bank; the follow-ups and whether they were done; the issues in the feedback
register; and the checklist as it stands, each evidence file with its SHA-256 and whether the
stored copy still matches it. Worded in the language asked for (zh_CN or en), whatever the app
shows, because it goes to the bank or the auditors. Built here as plain data and simple HTML; the
desktop prints it to PDF with Qt, no Qt here.
"""

from __future__ import annotations

import html
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import undefer_group

from desktop_app.core.checklists.evidence import FILE_STATES, EvidenceService
from desktop_app.core.checklists.service import STATES, ChecklistService
from desktop_app.core.common import formats
from desktop_app.core.common.errors import NotFound, ValidationError
from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.common.org_settings import OrgSettingsService
from desktop_app.core.common.permissions import Actor, Permission
from desktop_app.core.front_desk.follow_ups import KINDS, STATUSES, follow_up_views
from desktop_app.core.models import Bank, CallRecord, FollowUp, LoanContract, Person
from desktop_app.core.models.calls import CALL_DETAILS
from desktop_app.core.models.contracts import LOAN_DETAILS
from desktop_app.core.records.call_log import outcome_label
from desktop_app.core.records.callback_records import DIRECTIONS, exchanges_of
from desktop_app.core.records.feedback import STATUSES as FEEDBACK_STATUSES
from desktop_app.core.records.feedback import FeedbackService
from desktop_app.core.register.contracts import LOAN_TYPES, TOPICS
from desktop_app.core.storage.store import Store

PACK_LANGUAGES = ("zh_CN", "en")
_NONE = "—"


@dataclass(frozen=True)
class PackCall:
    """One call, worded."""

    when: str
    direction: str
    outcome: str
    caller: str
    taken_by: str
    exchanges: tuple[tuple[str, str, str], ...]  # topic, question, answer
    promised: str
    concerns: str
    notes: str


@dataclass(frozen=True)
class PackFile:
    name: str
    sha256: str
    size: str
    check: str
    ok: bool


@dataclass(frozen=True)
class PackItem:
    title: str
    state: str
    owner: str
    ready_on: str
    fresh_until: str
    notes: str
    files: tuple[PackFile, ...]


@dataclass(frozen=True)
class EvidencePack:
    """A whole evidence pack, every text already in the pack's language."""

    language: str
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value) about the contract and the period
    sections: dict[str, str]  # section and column headings
    calls: tuple[PackCall, ...]
    follow_ups: tuple[tuple[str, ...], ...]
    feedback: tuple[tuple[str, ...], ...]
    readiness: str
    items: tuple[PackItem, ...]
    problems: tuple[str, ...]  # files missing or altered
    footer: str

    def text(self) -> str:
        """The pack as plain text (for a preview or a test)."""
        lines = [self.title, ""]
        lines += [f"{label}: {value}" for label, value in self.facts]
        for call in self.calls:
            lines += ["", f"{call.when} · {call.direction} · {call.outcome} · {call.caller}"]
            lines += [f"[{t}] {q} — {a}" for t, q, a in call.exchanges]
            lines += [text for text in (call.promised, call.concerns) if text]
        lines += ["", self.readiness]
        for item in self.items:
            lines.append(f"{item.title}: {item.state}")
            lines += [f"  {f.name} {f.sha256} {f.check}" for f in item.files]
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        """Simple HTML within what ``QTextDocument`` lays out and prints."""
        e = _escape
        s = self.sections
        colon = "：" if self.language == "zh_CN" else ": "
        parts = [f'<h1 align="center">{e(self.title)}</h1>', '<table width="100%" border="0">']
        parts += [
            f'<tr><td width="25%"><b>{e(label)}</b></td><td>{e(value)}</td></tr>'
            for label, value in self.facts
        ]
        parts.append("</table>")
        parts.append(f"<h2>{e(s['calls'])}</h2>")
        if not self.calls:
            parts.append(f'<p class="muted">{e(s["no_calls"])}</p>')
        for call in self.calls:
            parts.append(
                f"<h3>{e(call.when)} · {e(call.direction)} · {e(call.outcome)}</h3>"
                f"<p>{e(s['caller'])}{colon}{e(call.caller)}<br/>{e(s['taken_by'])}{colon}"
                f"{e(call.taken_by)}</p>"
            )
            if call.exchanges:
                parts.append(_table((s["topic"], s["question"], s["answer"]), call.exchanges))
            for label, value in (
                (s["promised"], call.promised),
                (s["concerns"], call.concerns),
                (s["notes"], call.notes),
            ):
                if value:
                    parts.append(f"<p><b>{e(label)}</b>{colon}{e(value)}</p>")
        parts.append(f"<h2>{e(s['follow_ups'])}</h2>")
        if self.follow_ups:
            parts.append(
                _table(
                    (s["kind"], s["description"], s["assignee"], s["due"], s["status"]),
                    self.follow_ups,
                )
            )
        else:
            parts.append(f'<p class="muted">{e(s["none"])}</p>')
        if self.feedback:
            parts.append(f"<h2>{e(s['feedback'])}</h2>")
            parts.append(
                _table(
                    (s["issue"], s["owner"], s["due"], s["status"], s["resolution"]), self.feedback
                )
            )
        parts.append(f"<h2>{e(s['checklist'])}</h2><p>{e(self.readiness)}</p>")
        for problem in self.problems:
            parts.append(f'<p style="color:#b3261e"><b>{e(problem)}</b></p>')
        rows = []
        for item in self.items:
            files = "".join(
                f"{e(f.name)} ({e(f.size)}, {e(f.check)})<br/>"
                f'<span style="font-family: monospace; font-size: 7pt">SHA-256 {e(f.sha256)}'
                "</span><br/>"
                for f in item.files
            )
            rows.append(
                "<tr>"
                f"<td>{e(item.title)}</td><td>{e(item.state)}</td><td>{e(item.owner)}</td>"
                f"<td>{e(item.ready_on)}<br/>{e(item.fresh_until)}</td>"
                f"<td>{e(item.notes)}</td><td>{files or e(_NONE)}</td>"
                "</tr>"
            )
        head = "".join(
            f"<th>{e(h)}</th>"
            for h in (s["item"], s["state"], s["owner"], s["dates"], s["notes"], s["files"])
        )
        parts.append(
            '<table width="100%" border="1" cellspacing="0" cellpadding="3">'
            f"<tr>{head}</tr>{''.join(rows)}</table>"
        )
        parts.append(f'<p class="muted">{e(self.footer)}</p>')
        return "<html><body>" + "".join(parts) + "</body></html>"


def _escape(text: object) -> str:
    return html.escape("" if text is None else str(text)).replace("\n", "<br/>")


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    head = "".join(f"<th>{_escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        '<table width="100%" border="1" cellspacing="0" cellpadding="3">'
        f"<tr>{head}</tr>{body}</table>"
    )


SECTION_MSGIDS = {
    "calls": N_("Calls from the bank and return calls"),
    "no_calls": N_("No calls in this period."),
    "caller": N_("Caller"),
    "taken_by": N_("Taken by"),
    "topic": N_("Topic"),
    "question": N_("Question asked"),
    "answer": N_("Answer given"),
    "promised": N_("Documents promised"),
    "concerns": N_("Concerns of the bank"),
    "notes": N_("Notes"),
    "follow_ups": N_("Follow-ups"),
    "kind": N_("Kind"),
    "description": N_("What"),
    "assignee": N_("Assigned to"),
    "due": N_("Due"),
    "status": N_("Status"),
    "none": N_("None."),
    "feedback": N_("Feedback register"),
    "issue": N_("Issue"),
    "owner": N_("Owner"),
    "resolution": N_("Resolution"),
    "checklist": N_("Checklist"),
    "item": N_("Item"),
    "state": N_("State"),
    "dates": N_("Ready on / fresh until"),
    "files": N_("Evidence files"),
}


class EvidencePackService:
    """Builds evidence packs."""

    def __init__(
        self,
        store: Store,
        org: OrgSettingsService,
        checklists: ChecklistService,
        evidence: EvidenceService,
        feedback: FeedbackService,
    ) -> None:
        self._store = store
        self._org = org
        self._checklists = checklists
        self._evidence = evidence
        self._feedback = feedback

    def build(
        self, actor: Actor, contract_id: int, since: date, until: date, language: str
    ) -> EvidencePack:
        """The pack of one contract for the days ``since`` to ``until`` (inclusive)."""
        actor.require(Permission.VIEW_LOAN_DETAILS)
        if until < since:
            raise ValidationError.single("until", N_("The period ends before it begins."))
        language = language if language in PACK_LANGUAGES else "zh_CN"
        tr = translator_for(language)
        org = self._org.get()
        zone = zoneinfo.ZoneInfo(org.timezone)
        start = datetime.combine(since, time(), tzinfo=zone)
        end = datetime.combine(until + timedelta(days=1), time(), tzinfo=zone)
        day = _day_formatter(language)
        moment = _moment_formatter(language, zone)
        checklist = self._checklists.checklist(actor, contract_id)
        checks = self._evidence.check_contract(actor, contract_id)
        with self._store.read() as session:
            found = session.execute(
                select(LoanContract, Bank.name)
                .join(Bank, Bank.id == LoanContract.bank_id)
                .where(LoanContract.id == contract_id)
                .options(undefer_group(LOAN_DETAILS))
            ).first()
            if found is None:
                raise NotFound(N_("The contract no longer exists."))
            contract, bank_name = found
            calls = list(
                session.scalars(
                    select(CallRecord)
                    .options(undefer_group(CALL_DETAILS))
                    .where(
                        CallRecord.contract_id == contract_id,
                        CallRecord.occurred_at >= start,
                        CallRecord.occurred_at < end,
                    )
                    .order_by(CallRecord.occurred_at, CallRecord.id)
                )
            )
            call_ids = [c.id for c in calls]
            people_ids = {c.taken_by_id for c in calls if c.taken_by_id}
            people = dict(
                session.execute(
                    select(Person.id, Person.name).where(Person.id.in_(people_ids))
                ).all()
            )
            follow_rows = list(
                session.scalars(
                    select(FollowUp)
                    .where(
                        or_(
                            FollowUp.call_id.in_(call_ids),
                            (FollowUp.contract_id == contract_id)
                            & (FollowUp.created_at >= start)
                            & (FollowUp.created_at < end),
                        )
                    )
                    .order_by(FollowUp.due_at, FollowUp.id)
                )
            )
            follow_ups = follow_up_views(
                session, follow_rows, self._store.clock.now(), details=True, language=language
            )
            pack_calls = tuple(self._call(tr, c, people, moment) for c in calls)
        facts = (
            (tr(N_("Contract")), contract.contract_number),
            (tr(N_("Bank")), bank_name),
            (tr(N_("Loan type")), tr(LOAN_TYPES.get(contract.loan_type, contract.loan_type))),
            (tr(N_("Stated use of funds")), contract.purpose_of_funds or _NONE),
            (tr(N_("Period")), tr(N_("{start} to {end}")).format(start=day(since), end=day(until))),
            (tr(N_("Company")), org.company_name or _NONE),
        )
        issues = [
            f
            for f in self._feedback.list(actor, contract_id=contract_id)
            if f.status != "closed" or (f.closed_at is not None and f.closed_at >= start)
        ]
        items = []
        problems = []
        for item in checklist.items:
            files = []
            for record in item.files:
                check = checks.get(record.id)
                status = check.status if check else "missing"
                files.append(
                    PackFile(
                        record.file_name,
                        record.sha256,
                        _size(record.size),
                        tr(FILE_STATES[status]),
                        status == "ok",
                    )
                )
                if status != "ok":
                    problems.append(
                        tr(N_("{file} ({item}): {problem}")).format(
                            file=record.file_name,
                            item=item.title(language),
                            problem=tr(FILE_STATES[status]),
                        )
                    )
            items.append(
                PackItem(
                    title=item.title(language),
                    state=tr(STATES[item.effective_state]),
                    owner=item.owner_name or _NONE,
                    ready_on=day(item.ready_on) if item.ready_on else _NONE,
                    fresh_until=day(item.fresh_until) if item.fresh_until else _NONE,
                    notes=item.notes,
                    files=tuple(files),
                )
            )
        return EvidencePack(
            language=language,
            title=tr(N_("Post-loan callback evidence pack")),
            facts=facts,
            sections={key: tr(msgid) for key, msgid in SECTION_MSGIDS.items()},
            calls=pack_calls,
            follow_ups=tuple(
                (
                    tr(KINDS.get(f.kind, f.kind)),
                    f.description,
                    f.assignee_name or _NONE,
                    moment(f.due_at),
                    tr(STATUSES.get(f.status, f.status))
                    + (f" · {f.closing_note}" if f.closing_note else ""),
                )
                for f in follow_ups
            ),
            feedback=tuple(
                (
                    f.title,
                    f.owner_name or _NONE,
                    day(f.due_on) if f.due_on else _NONE,
                    tr(FEEDBACK_STATUSES.get(f.status, f.status)),
                    f.resolution,
                )
                for f in issues
            ),
            readiness=checklist.readiness.text(tr),
            items=tuple(items),
            problems=tuple(problems),
            footer=tr(
                N_(
                    "Prepared by {name} on {moment} with Callback Desk. Each SHA-256 identifies "
                    "the file kept by the company; any change to a file changes its SHA-256."
                )
            ).format(name=actor.name, moment=moment(self._store.clock.now())),
        )

    @staticmethod
    def _call(
        tr: Callable[[str], str],
        call: CallRecord,
        people: dict[int, str],
        moment: Callable[[datetime], str],
    ) -> PackCall:
        caller = " ".join(part for part in (call.caller_name, call.caller_number) if part)
        return PackCall(
            when=moment(call.occurred_at),
            direction=tr(DIRECTIONS.get(call.direction, call.direction)),
            outcome=tr(outcome_label(call.direction, call.outcome)),
            caller=caller or _NONE,
            taken_by=people.get(call.taken_by_id or 0, _NONE),
            exchanges=tuple(
                (tr(TOPICS.get(e.topic, e.topic)), e.question, e.answer) for e in exchanges_of(call)
            ),
            promised=call.bank_requests,
            concerns=call.concerns,
            notes=call.notes,
        )


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size:.1f} GB"


def _day_formatter(language: str) -> Callable[[date], str]:
    return lambda value: formats.date_text(value, language)


def _moment_formatter(language: str, zone: zoneinfo.ZoneInfo) -> Callable[[datetime], str]:
    return lambda value: formats.date_time_text(value, zone, language)
