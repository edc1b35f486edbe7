"""Spreadsheet import and export of banks, contracts, people and responder lists (.xlsx, .csv).

``columns`` declares the files' columns, ``reading`` reads a file into rows of raw cells,
``cells`` interprets messy cell values, ``drafts`` turns a row into a service draft, ``plan``
holds the checked rows, ``exporting`` and ``writing`` produce files, and ``service`` ties them
into :class:`ImportExportService`.
"""

from desktop_app.core.register.import_export.columns import KINDS, LANGUAGES
from desktop_app.core.register.import_export.plan import (
    CreatedRecord,
    ImportPlan,
    ImportReport,
    PlannedRow,
    ResponderDraft,
    RowProblem,
)
from desktop_app.core.register.import_export.service import ImportExportService

__all__ = [
    "KINDS",
    "LANGUAGES",
    "CreatedRecord",
    "ImportExportService",
    "ImportPlan",
    "ImportReport",
    "PlannedRow",
    "ResponderDraft",
    "RowProblem",
]
