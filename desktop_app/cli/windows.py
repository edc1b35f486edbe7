"""``windows`` and ``ics``: the coming contact windows with their cover, and an .ics export.

``windows [--from DATE] [--to DATE] [--json]`` prints each occurrence with its responders, who is
on duty, whether it is covered (and who could step in when not) and its warnings; by default from
today to ``coverage_days_ahead`` days ahead. ``ics FILE`` writes the same range and the open
follow-ups as an iCalendar file. Days are read in the company's time zone, ``--to`` included.
"""

from __future__ import annotations

import argparse
import zoneinfo
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop_app.cli.arguments import check_day
from desktop_app.cli.output import error, print_json, print_table
from desktop_app.core.common import formats
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import _, ngettext
from desktop_app.core.common.parsing import parse_day
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from desktop_app.core.windows.coverage import Suggestion
from desktop_app.core.windows.service import Occurrence

EXIT_USAGE = 2


def day_argument(value: str) -> date:
    """A day for ``--from``/``--to``, as people write it (2026-12-01, 2026/12/1, 2026年12月1日)."""
    try:
        day = parse_day(value, "day")
    except ValidationError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date such as 2026-12-01.").format(value=value)
        )
    return check_day(value, day)


def add_window_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """``windows`` and ``ics``."""
    listing = commands.add_parser(
        "windows", help=_("the coming contact windows: responders, who is on duty, coverage")
    )
    exporting = commands.add_parser(
        "ics", help=_("export contact windows and open follow-ups as an .ics calendar file")
    )
    exporting.add_argument("file", metavar=_("FILE"), help=_("an .ics file to write"))
    for command in (listing, exporting):
        command.add_argument(
            "--from",
            dest="first_day",
            type=day_argument,
            metavar=_("DATE"),
            help=_("first day (default: today)"),
        )
        command.add_argument(
            "--to",
            dest="last_day",
            type=day_argument,
            metavar=_("DATE"),
            help=_("last day, included (default: the coverage horizon in Settings)"),
        )
    listing.add_argument("--json", action="store_true", help=_("print JSON"))


def _range(services: Services, args: argparse.Namespace) -> tuple[datetime, datetime] | None:
    org = services.org.get()
    zone = zoneinfo.ZoneInfo(org.timezone)
    today = services.store.clock.now().astimezone(zone).date()
    first: date = args.first_day or today
    last: date = args.last_day or first + timedelta(days=org.coverage_days_ahead)
    if last < first:
        error(_("The last day is before the first day."))
        return None
    return (
        datetime.combine(first, time(), zone),
        datetime.combine(last + timedelta(days=1), time(), zone),
    )


def _when(occurrence: Occurrence, zone: zoneinfo.ZoneInfo) -> str:
    start, end = occurrence.starts_at.astimezone(zone), occurrence.ends_at.astimezone(zone)
    return formats.moment_range_text(start, end, zone)


def _responders(occurrence: Occurrence) -> str:
    parts = []
    for responder in occurrence.responders:
        if not responder.available:
            parts.append(f"{responder.name} ✗ ({responder.reason})")
        elif not responder.certified:
            parts.append(f"{responder.name} ✗ ({_('not certified')})")
        else:
            parts.append(f"{responder.name} ✓")
    return _("; ").join(parts) or "—"


def _coverage(occurrence: Occurrence, suggestions: tuple[Suggestion, ...]) -> str:
    if occurrence.covered:
        return _("covered")
    if suggestions:
        names = ", ".join(s.name for s in suggestions)
        return _("GAP — could cover: {names}").format(names=names)
    return _("GAP")


def run_windows(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    found = _range(services, args)
    if found is None:
        return EXIT_USAGE
    start, end = found
    occurrences = services.windows.occurrences(actor, start, end)
    suggestions = {
        gap.occurrence.key: gap.suggestions for gap in services.coverage.gaps(actor, start, end)
    }
    if args.json:
        print_json(
            [
                {
                    **{name: getattr(o, name) for name in o.__dataclass_fields__},
                    "on_duty": o.on_duty,
                    "covered": o.covered,
                    "suggestions": suggestions.get(o.key, ()),
                }
                for o in occurrences
            ]
        )
        return 0
    zone = zoneinfo.ZoneInfo(services.org.get().timezone)
    headers = [_("When"), _("Bank"), _("Contract"), _("Subject"), _("Responders"), _("On duty")]
    print_table(
        [*headers, _("Coverage"), _("Warnings")],
        [
            [
                _when(o, zone),
                o.bank_name,
                o.contract_number or "—",
                o.title or "—",
                _responders(o),
                o.on_duty.name if o.on_duty else "—",
                _coverage(o, suggestions.get(o.key, ())),
                _("; ").join(o.warnings) or "—",
            ]
            for o in occurrences
        ],
    )
    gaps = sum(1 for o in occurrences if not o.covered)
    print(
        ngettext("{count} window", "{count} windows", len(occurrences)).format(
            count=len(occurrences)
        )
        + ", "
        + ngettext("{count} without cover", "{count} without cover", gaps).format(count=gaps)
    )
    return 0


def run_ics(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    found = _range(services, args)
    if found is None:
        return EXIT_USAGE
    path = Path(args.file).expanduser()
    try:
        count = services.ics.export(actor, path, *found)
    except ValidationError as problem:
        error(problem.text())
        return EXIT_USAGE
    print(
        ngettext("Wrote {count} event to {path}.", "Wrote {count} events to {path}.", count).format(
            count=count, path=path
        )
    )
    return 0
