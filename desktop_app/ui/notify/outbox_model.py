"""The outbox as a table: when, by which way, to whom, what, and how far it got."""

from __future__ import annotations

from desktop_app.core.common.i18n import N_, _, format_moment
from desktop_app.core.notify.outbox import FAILED, STATE_LABELS, UNCERTAIN, OutboxView
from desktop_app.core.notify.settings import CHAT_LABELS, ChatKind
from desktop_app.ui.widgets.rows_model import Column, RowsModel

CHANNEL_LABELS = {"mail": N_("E-mail"), **{k.value: v for k, v in CHAT_LABELS.items()}}
KIND_LABELS = {
    "change_notice": N_("Number-change notice"),
    "window_confirmation": N_("Time-confirmation letter"),
    "digest": N_("Daily digest"),
    "invitation": N_("Calendar invitation"),
    "test": N_("Test mail"),
    "soon": N_("Bank expected soon"),
    "escalated": N_("Warning passed on"),
    "message": N_("Message taken"),
    "gap": N_("Coverage gap"),
}


def _tone(view: OutboxView) -> str:
    return "warning" if view.state in (FAILED, UNCERTAIN) else ""


def channel_text(view: OutboxView) -> str:
    if view.channel in {k.value for k in ChatKind}:
        return _(CHAT_LABELS[ChatKind(view.channel)])
    return _(CHANNEL_LABELS.get(view.channel, view.channel))


def state_text(view: OutboxView) -> str:
    text = _(STATE_LABELS.get(view.state, view.state))
    if view.state == "queued" and view.attempts:
        return _("{state} (attempt {count})").format(state=text, count=view.attempts + 1)
    return text


def reason_text(view: OutboxView) -> str:
    if view.state == UNCERTAIN:
        return _("The app stopped while handing it over; it may have arrived. Check, then retry.")
    return view.last_error


class OutboxModel(RowsModel[OutboxView]):
    """Newest first."""

    CREATED, KIND, CHANNEL, TO, SUBJECT, STATE, REASON = range(7)
    COLUMNS = (
        Column(N_("Created"), lambda v: format_moment(v.created_at)),
        Column(N_("What"), lambda v: _(KIND_LABELS.get(v.kind, v.kind))),
        Column(N_("Way"), channel_text),
        Column(N_("To"), lambda v: ", ".join(v.recipients) if v.channel == "mail" else ""),
        Column(N_("Subject"), lambda v: v.subject),
        Column(N_("State"), state_text, tone=_tone),
        Column(N_("Reason"), reason_text, tone=_tone),
    )
