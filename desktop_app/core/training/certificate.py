"""The training certificate as a document: worded in the language asked for, rendered to HTML that
Qt's text document prints to PDF. No Qt here; the screen previews it and writes the PDF.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from desktop_app.core.common.i18n import N_, translator_for

CERTIFICATE_LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class CertificateDocument:
    """A certificate, every text already in its language."""

    language: str
    title: str
    number_line: str
    lead: str
    person_name: str
    body: str
    path_title: str
    lines: tuple[str, ...]  # issued, valid until, score
    company_name: str
    footer: str

    def text(self) -> str:
        """The certificate as plain text (for a preview or a test)."""
        parts = [self.title, self.number_line, "", self.lead, self.person_name, self.body]
        parts += [self.path_title, "", *self.lines, "", self.company_name, self.footer]
        return "\n".join(part for part in parts if part is not None) + "\n"

    def html(self) -> str:
        """Simple HTML within what ``QTextDocument`` renders and prints."""
        e = html.escape
        parts = [
            '<br/><br/><h1 align="center">' + e(self.title) + "</h1>",
            f'<p align="center" style="color:#555;">{e(self.number_line)}</p><br/>',
            f'<p align="center">{e(self.lead)}</p>',
            f'<h2 align="center">{e(self.person_name)}</h2>',
            f'<p align="center">{e(self.body)}</p>',
            f'<h2 align="center">{e(self.path_title)}</h2><br/>',
        ]
        parts += [f'<p align="center">{e(line)}</p>' for line in self.lines]
        parts.append("<br/><br/>")
        if self.company_name:
            parts.append(f'<p align="right">{e(self.company_name)}</p>')
        parts.append(f'<p align="center" style="color:#555;">{e(self.footer)}</p>')
        return "<html><body>" + "".join(parts) + "</body></html>"


def certificate_number(certificate_id: int, issued: date) -> str:
    """The number printed on a certificate, such as ``CD-2026-00017``."""
    return f"CD-{issued.year}-{certificate_id:05d}"


def long_date(day: date, language: str) -> str:
    from desktop_app.core.common import formats

    return formats.long_date_text(day, language)


def build_certificate(
    *,
    language: str,
    certificate_id: int,
    person_name: str,
    path_title: str,
    issued: date,
    expires: date,
    score: int | None,
    total: int | None,
    company_name: str,
) -> CertificateDocument:
    """Word a certificate in ``language``; ``path_title`` is already in that language."""
    tr = translator_for(language)
    lines = [
        tr(N_("Issued on {date}")).format(date=long_date(issued, language)),
        tr(N_("Valid until {date}")).format(date=long_date(expires, language)),
    ]
    if score is not None and total:
        lines.append(
            tr(N_("Quiz result: {score} of {total} correct ({percent}%)")).format(
                score=score, total=total, percent=score * 100 // total
            )
        )
    return CertificateDocument(
        language=language,
        title=tr(N_("Certificate of Training")),
        number_line=tr(N_("Certificate No. {number}")).format(
            number=certificate_number(certificate_id, issued)
        ),
        lead=tr(N_("This is to certify that")),
        person_name=person_name,
        body=tr(
            N_(
                "has read the lessons of the training path below and passed its quiz on "
                "answering banks' post-loan callbacks"
            )
        ),
        path_title=path_title,
        lines=tuple(lines),
        company_name=company_name,
        footer=tr(N_("Issued by Callback Desk")),
    )
