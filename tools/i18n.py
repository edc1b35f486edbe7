"""Keeps the gettext catalogs in step with the code: extract, update, compile.

Usage: python tools/i18n.py [extract|update|compile|all]   (default: all)
The template goes to translations/messages.pot; zh_CN and en catalogs are updated from it and
compiled to .mo files, which the app loads at run time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2"]
LANGUAGES = ("zh_CN", "en")


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract(output: Path = TRANSLATIONS / "messages.pot") -> None:
    pybabel(
        "extract",
        "--no-default-keywords",
        *KEYWORDS,
        "-F",
        "translations/babel.cfg",
        "--sort-output",
        "--no-wrap",
        "--no-location",
        "--project",
        "Callback Desk",
        "--copyright-holder",
        "Callback Desk",
        "-o",
        str(output),
        "desktop_app",
    )


def update() -> None:
    for language in LANGUAGES:
        po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel(
                "update",
                "-i",
                "translations/messages.pot",
                "-d",
                "translations",
                "-l",
                language,
                "--no-wrap",
                "--ignore-obsolete",
                "--no-fuzzy-matching",
            )
        else:
            pybabel(
                "init",
                "-i",
                "translations/messages.pot",
                "-d",
                "translations",
                "-l",
                language,
                "--no-wrap",
            )


def compile_catalogs() -> None:
    pybabel("compile", "-d", "translations", "--use-fuzzy")


def main(argv: list[str]) -> int:
    step = argv[0] if argv else "all"
    if step == "extract-to":
        extract(Path(argv[1]))
        return 0
    if step in ("extract", "all"):
        extract()
    if step in ("update", "all"):
        update()
    if step in ("compile", "all"):
        compile_catalogs()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
