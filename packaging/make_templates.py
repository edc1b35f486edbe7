"""Writes the import templates into resources/templates/: one .xlsx per kind and language.

They are made from the column declarations in desktop_app/core/register/import_export/columns.py
and the compiled catalogs (for the instructions sheet), so run this after changing either.

Usage: python packaging/make_templates.py [FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.core.register.import_export import KINDS, LANGUAGES
from desktop_app.core.register.import_export.writing import (
    TEMPLATE_FOLDER,
    template_file_name,
    write_template,
)

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else ROOT / "resources" / TEMPLATE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        for language in LANGUAGES:
            path = target / template_file_name(kind, language)
            write_template(path, kind, language)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
