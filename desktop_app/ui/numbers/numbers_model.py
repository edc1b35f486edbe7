"""The table of registered numbers, with why a number is stale, read a page at a time."""

from __future__ import annotations

from desktop_app.core.common.i18n import N_, _, format_day
from desktop_app.core.register.numbers import NumberView, label_text
from desktop_app.ui.widgets.paged_model import PagedRowsModel
from desktop_app.ui.widgets.rows_model import Column


def number_text(number: NumberView) -> str:
    """The number with its extension, worded in the UI language."""
    if not number.extension:
        return number.number
    return f"{number.base_number} " + _("ext. {extension}").format(extension=number.extension)


def stale_text(number: NumberView) -> str:
    if not number.active:
        return _("Deactivated")
    if not number.stale:
        return _("Up to date")
    return " ".join(reason.text() for reason in number.stale_reasons)


class NumbersModel(PagedRowsModel[NumberView]):
    """Registered numbers by bank, fetched a page at a time as the table scrolls."""

    BANK, CONTRACT, NUMBER, PERSON, LABEL, CONFIRMED, STATE = range(7)
    COLUMNS = (
        Column(N_("Bank"), lambda n: n.bank_name),
        Column(N_("Contract"), lambda n: n.contract_number or _("All loans")),
        Column(N_("Number"), number_text),
        Column(
            N_("Person"),
            lambda n: n.person_name or "—",
            tone=lambda n: "" if n.person_id and n.person_active else "warning",
        ),
        Column(N_("Label"), lambda n: label_text(n.label)),
        Column(N_("Last confirmed"), lambda n: format_day(n.last_confirmed_on)),
        Column(
            N_("State"),
            stale_text,
            tone=lambda n: "warning" if n.active and n.stale else "muted" if not n.active else "",
        ),
    )
