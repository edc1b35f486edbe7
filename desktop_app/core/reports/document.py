"""The monthly report for management and auditors as HTML: the period, who produced it and
when, the tables of each view and charts drawn as bars of table cells — real text, so the PDF is
searchable in Chinese, and no image library is needed. The UI shows it in the shared document
dialog; the command line writes the same HTML to PDF.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import tzinfo

from desktop_app.core.common import formats
from desktop_app.core.common.i18n import N_, translator_for
from desktop_app.core.reports.definitions import FIGURES
from desktop_app.core.reports.figures import Report
from desktop_app.core.reports.outcomes import CATEGORIES
from desktop_app.core.reports.tables import Table, Value, plain_cell, report_tables

#: One colour per call category, shared with the screen's charts.
COLOURS = {
    "answered": "#2e7d32",
    "transferred": "#66bb6a",
    "message": "#f9a825",
    "no_one": "#ef6c00",
    "missed": "#c62828",
}
BAR = "#1565c0"


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _table(table: Table, tr: Callable[[str], str]) -> str:
    head = "".join(f"<th>{_e(c.header(tr))}</th>" for c in table.columns)
    body = []
    rows: list[tuple[Value, ...]] = list(table.rows)
    if table.total is not None:
        rows.append((tr(N_("All banks")), *table.total[1:]))
    for row in rows:
        cells = "".join(
            f'<td class="{"" if c.kind == "text" else "right"}">{_e(plain_cell(v, c.kind))}</td>'
            for v, c in zip(row, table.columns, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<h2>{_e(table.title(tr))}</h2><table width="100%"><tr>{head}</tr>{"".join(body)}</table>'
    )


def _bar(share: float, colour: str) -> str:
    """A bar as a row of two cells: the coloured share and the rest (nested widths are not
    honoured by Qt's rich text, sibling cells are)."""
    width = min(100, max(1, round(share * 100)))
    rest = f'<td style="border:none" width="{100 - width}%"></td>' if width < 100 else ""
    return (
        f'<table cellspacing="0" cellpadding="0" width="100%" style="border:none"><tr>'
        f'<td style="border:none" bgcolor="{colour}" width="{width}%">&nbsp;</td>{rest}'
        f"</tr></table>"
    )


def _answer_rate_chart(report: Report, tr: Callable[[str], str]) -> str:
    rows = []
    for bank in report.banks:
        rate = bank.calls.answer_rate
        if rate is None:
            continue
        rows.append(
            f'<tr><td style="border:none" width="30%">{_e(bank.bank_name)}</td>'
            f'<td style="border:none" width="58%">{_bar(rate, BAR)}</td>'
            f'<td style="border:none" class="right">{rate * 100:.1f}%</td></tr>'
        )
    if not rows:
        return ""
    title = tr(N_("Answer rate per bank"))
    return f'<h2>{_e(title)}</h2><table width="100%" style="border:none">{"".join(rows)}</table>'


def _outcomes_chart(report: Report, tr: Callable[[str], str]) -> str:
    peak = max((m.calls.received for m in report.trend), default=0)
    if peak == 0:
        return ""
    rows = []
    for month in report.trend:
        cells = "".join(
            f'<td style="border:none" bgcolor="{COLOURS[key]}" '
            f'width="{max(1, round(month.calls.get(key) / peak * 85))}%">&nbsp;</td>'
            for key, _label in CATEGORIES
            if month.calls.get(key)
        )
        bar = (
            f'<table cellspacing="0" cellpadding="0" style="border:none" width="100%"><tr>{cells}'
            f'<td style="border:none">{month.calls.received}</td></tr></table>'
        )
        rows.append(
            f'<tr><td style="border:none" width="12%">{month.month:%Y-%m}</td>'
            f'<td style="border:none">{bar}</td></tr>'
        )
    legend = " ".join(
        f'<span style="color:{COLOURS[key]}">■</span> {_e(tr(label))}' for key, label in CATEGORIES
    )
    title = tr(N_("Calls by outcome per month"))
    return (
        f'<h2>{_e(title)}</h2><p class="muted">{legend}</p>'
        f'<table width="100%" style="border:none">{"".join(rows)}</table>'
    )


def report_html(report: Report, zone: tzinfo, language: str) -> tuple[str, str]:
    """(title, HTML) of ``report`` in ``language``."""
    tr = translator_for(language)
    title = tr(N_("Callback report {first} – {last}")).format(
        first=formats.date_text(report.period.first, language),
        last=formats.date_text(report.period.last, language),
    )
    produced = tr(N_("Produced by {name} on {moment}.")).format(
        name=report.generated_by,
        moment=formats.date_time_text(report.generated_at, zone, language),
    )
    scope = report.bank_filter or tr(N_("All banks"))
    if report.scope == "own":
        scope = tr(N_("Only the calls you logged"))
    totals = report.totals
    rate = "—" if totals.answer_rate is None else f"{totals.answer_rate * 100:.1f}%"
    summary = tr(
        N_(
            "{received} calls received; answer rate {rate}; {missed} missed; {late} return calls "
            "late, {open} still open."
        )
    ).format(
        received=totals.received,
        rate=rate,
        missed=totals.missed,
        late=report.returns.late,
        open=report.returns.still_open,
    )
    parts = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">{_e(scope)} · {_e(produced)}</p>',
        f"<p>{_e(summary)}</p>",
    ]
    if report.scope == "full":
        parts.append(_answer_rate_chart(report, tr))
    parts.append(_outcomes_chart(report, tr))
    parts.extend(_table(t, tr) for t in report_tables(report, tr))
    definitions = "".join(
        f"<tr><td>{_e(tr(label))}</td><td>{_e(tr(meaning))}</td></tr>"
        for label, meaning in FIGURES.values()
    )
    parts.append(f"<h2>{_e(tr(N_('Definitions')))}</h2><table>{definitions}</table>")
    return title, "".join(parts)
