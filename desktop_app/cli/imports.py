"""``import``, ``export`` and ``template``: spreadsheets of banks, contracts, people, responders.

``import`` previews the whole file first and prints every row's problems with its row number and
column; it writes all rows in one transaction or none. Its exit code is 0 only when every row
was imported (with ``--dry-run``: would be), 1 otherwise. ``--json`` prints a report for scripts
that lists each rejected row and why.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.output import error, print_json
from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.i18n import _, current_language, ngettext
from desktop_app.core.common.permissions import Actor
from desktop_app.core.register.import_export import ImportPlan, RowProblem
from desktop_app.core.register.import_export.writing import write_template
from desktop_app.core.services import Services

EXIT_OK = 0
EXIT_REJECTED = 1


def _where(problem: RowProblem) -> str:
    if problem.row and problem.column:
        return _("Row {row}, {column}").format(row=problem.row, column=problem.column)
    if problem.row:
        return _("Row {row}").format(row=problem.row)
    if problem.column:
        return _("Column {column}").format(column=problem.column)
    return _("File")


def _entry(problem: RowProblem) -> dict[str, Any]:
    return {
        "row": problem.row or None,
        "column": problem.column,
        "field": problem.field,
        "message": problem.text(),
    }


def _report(plan: ImportPlan, dry_run: bool, created: list[Any]) -> dict[str, Any]:
    return {
        "kind": plan.kind,
        "file": str(plan.path),
        "sheet": plan.sheet,
        "header_row": plan.header_row or None,
        "dry_run": dry_run,
        "ok": plan.ok,
        "rows": len(plan.rows),
        "imported": len(created),
        "file_problems": [_entry(p) for p in plan.problems],
        "rejected": [
            {"row": row.row, "label": row.label, "problems": [_entry(p) for p in row.problems]}
            for row in plan.rejected
        ],
        "warnings": [_entry(w) for w in plan.all_warnings()],
        "created": [{"row": c.row, "id": c.id, "label": c.label} for c in created],
    }


def _print_findings(plan: ImportPlan) -> None:
    for problem in plan.all_problems():
        print(f"{_where(problem)}: {problem.text()}")
    for warning in plan.all_warnings():
        print(
            _("{where} (warning): {message}").format(where=_where(warning), message=warning.text())
        )


def run_import(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    """Preview a file, print its problems, and write it unless it has any (or ``--dry-run``)."""
    plan = services.imports.preview(actor, args.kind, Path(args.file))
    created: list[Any] = []
    if plan.ok and not args.dry_run:
        try:
            created = list(services.imports.commit(actor, plan).value.created)
        except ValidationError as refused:  # the database changed since the preview
            plan.problems.extend(p for p in refused.problems if isinstance(p, RowProblem))
    imported = plan.ok and (args.dry_run or bool(created))
    if args.json:
        print_json(_report(plan, args.dry_run, created))
        return EXIT_OK if imported else EXIT_REJECTED
    _print_findings(plan)
    if not imported:
        rejected = len(plan.rejected)
        if rejected:
            error(
                ngettext(
                    "Nothing was imported: {count} of {rows} rows has problems.",
                    "Nothing was imported: {count} of {rows} rows have problems.",
                    rejected,
                ).format(count=rejected, rows=len(plan.rows))
            )
        else:
            error(_("Nothing was imported."))
        return EXIT_REJECTED
    if args.dry_run:
        count = len(plan.rows)
        message = ngettext(
            "Dry run: the {count} row can be imported; nothing was written.",
            "Dry run: all {count} rows can be imported; nothing was written.",
            count,
        )
        print(message.format(count=count))
    else:
        count = len(created)
        message = ngettext(
            "Imported {count} row from {file}.", "Imported {count} rows from {file}.", count
        )
        print(message.format(count=count, file=plan.path.name))
    return EXIT_OK


def run_export(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    """Write every record of a kind to an .xlsx or .csv file."""
    language = args.file_language or current_language()
    count = services.imports.export(actor, args.kind, Path(args.file), language)
    print(
        ngettext(
            "Exported {count} row to {file}.", "Exported {count} rows to {file}.", count
        ).format(count=count, file=args.file)
    )
    return EXIT_OK


def run_template(args: argparse.Namespace) -> int:
    """Save the import template of a kind; needs no database."""
    language = args.file_language or current_language()
    try:
        write_template(Path(args.file), args.kind, language)
    except ValidationError as refused:
        error(refused.text())
        return EXIT_REJECTED
    print(_("Template saved to {file}.").format(file=args.file))
    return EXIT_OK
