"""The table of banks."""

from __future__ import annotations

from desktop_app.core.common.i18n import N_, _
from desktop_app.core.register.banks import BankView
from desktop_app.ui.widgets.rows_model import Column, RowsModel


class BanksModel(RowsModel[BankView]):
    """Banks with their names and the numbers they call from."""

    NAME, SHORT_NAME, ALIASES, OFFICERS, CALLS_FROM, ACTIVE = range(6)
    COLUMNS = (
        Column(N_("Bank"), lambda b: b.name),
        Column(N_("Short name"), lambda b: b.short_name),
        Column(N_("Aliases"), lambda b: ", ".join(b.aliases)),
        Column(N_("Officers"), lambda b: ", ".join(o.name for o in b.officers)),
        Column(N_("Calls from"), lambda b: ", ".join(p[1] for p in b.phones)),
        Column(
            N_("Active"),
            lambda b: _("yes") if b.active else _("no"),
            tone=lambda b: "" if b.active else "muted",
        ),
    )
