"""Renders every screen and the main dialogs with the demo data, for review and for the README.

Usage: python tools/screenshots.py [--out DIR] [--lang zh_CN,en] [--size 1440x900] [--readme]
                                  [--dark]

Each language gets a fresh database with the sample company, at a fixed clock (a Wednesday
morning in Beijing), so two runs give the same pictures. Without a display the offscreen platform
is used. ``--readme`` also writes the few main screens, compressed, to ``docs/screenshots/``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402 (after choosing the platform)
from PySide6.QtGui import QColor, QImage, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from desktop_app.core.common.clock import FakeClock  # noqa: E402
from desktop_app.core.common.i18n import set_language  # noqa: E402
from desktop_app.core.context import open_context  # noqa: E402
from desktop_app.core.demo.company import load_demo  # noqa: E402
from desktop_app.core.local.secrets import MemoryStore  # noqa: E402
from desktop_app.ui.app import app_icon  # noqa: E402
from desktop_app.ui.controller import DeskController  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from desktop_app.ui.operation import idle, wait_for_operations  # noqa: E402
from desktop_app.ui.style import DARK, Colours, StyleFollower, apply_style  # noqa: E402
from desktop_app.ui.translators import install_qt_translations  # noqa: E402
from desktop_app.ui.widgets.lazy_page import LazyPage  # noqa: E402

#: A normal working day at the sample company: Wednesday 25 November 2026, 10:00 in Beijing.
MOMENT = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)
#: The pages shown in the README (by their position in the navigation), in both languages.
README_PAGES = {0: "today", 1: "front-desk", 6: "call-log", 9: "contact-windows"}


def screen_of(window: MainWindow, index: int) -> QWidget:
    holder = window.pages.widget(index)
    return holder.content() if isinstance(holder, LazyPage) else holder


def slug(window: MainWindow, index: int) -> str:
    """A file name for a page, the same in every language: ``01-front-desk``."""
    name = type(screen_of(window, index)).__name__.removesuffix("View").removesuffix("Page")
    words = re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
    return f"{index:02d}-{words}"


def settle(app: QApplication, screen: QWidget | None = None, timeout_s: float = 60.0) -> None:
    """Turn the event loop until the reads and saves under way have reported (and ``screen``,
    where it computes on its own thread like the Reports page, is no longer busy)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        wait_for_operations(50)
        for _ in range(3):
            app.processEvents()
        if idle() and wait_for_operations(0) and not getattr(screen, "busy", False):
            return


def save(widget: QWidget, path: Path, compact: bool = False) -> Path:
    """Grab ``widget`` to ``path``; ``compact`` keeps 256 colours, enough for a screen."""
    image = widget.grab().toImage()
    if compact:
        image = image.convertToFormat(
            QImage.Format.Format_Indexed8,
            Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG", 0 if compact else -1):
        raise OSError(f"could not write {path}")
    return path


def dialogs(window: MainWindow, controller: DeskController) -> Iterator[tuple[str, QDialog]]:
    """The main dialogs: settings, each screen's editor for a new record, an audit entry."""
    settings = controller.open_settings()
    yield "settings", settings
    for index in range(window.pages.count()):
        opener = getattr(screen_of(window, index), "open_editor", None)
        if opener is not None:
            dialog = opener(None)
            if dialog is not None:
                yield slug(window, index) + "-new", dialog
    audit = controller.audit_view  # an entry's details: the fields before and after
    if audit is not None and audit.model.rowCount():
        yield "audit-entry", audit.open_details(audit.model.row_at(0))


def dark_palette(scheme: Colours) -> QPalette:
    """A dark palette like the one a desktop in dark mode hands the app."""
    palette = QPalette()
    role = QPalette.ColorRole
    for which, colour in (
        (role.Window, scheme.nav_bg),
        (role.Base, scheme.base),
        (role.AlternateBase, scheme.shaded_bg),
        (role.Button, scheme.day_off_bg),
        (role.WindowText, scheme.text),
        (role.Text, scheme.text),
        (role.ButtonText, scheme.text),
        (role.PlaceholderText, scheme.muted),
        (role.Highlight, scheme.today_bg),
        (role.HighlightedText, scheme.today_fg),
        (role.ToolTipBase, scheme.base),
        (role.ToolTipText, scheme.text),
    ):
        palette.setColor(which, QColor(colour))
    return palette


def render(
    language: str, out: Path, width: int, height: int, readme: Path | None, dark: bool = False
) -> list[Path]:
    """Render one language's screens into ``out``; the README's few into ``readme``."""
    set_language(language)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_qt_translations(app)
    if dark:  # the offscreen platform has no dark mode: stand in for the desktop's
        app.setStyle("Fusion")
        app.setPalette(dark_palette(DARK))
        StyleFollower(app, lambda: DARK)
    else:
        apply_style(app)
    app.setWindowIcon(app_icon())
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="callback-desk-shots-") as scratch:
        clock = FakeClock(MOMENT)
        ctx = open_context(
            db=f"sqlite+pysqlite:///{Path(scratch) / 'demo.sqlite3'}",
            data_dir=str(Path(scratch) / "data"),
            clock=clock,
            secrets=MemoryStore(),
        )
        try:
            actor = load_demo(ctx.services, "demo-account")
            controller = DeskController(ctx, actor, app_icon())
            window = controller.build_window()
            window.resize(width, height)
            window.show()
            settle(app)
            for row in range(window.navigation.count()):
                window.navigation.setCurrentRow(row)
                settle(app, screen_of(window, row))
                name = slug(window, row)
                if row == 1:  # the console with a call on it
                    search = getattr(screen_of(window, row), "search_edit", None)
                    if search is not None:
                        search.setText("010-6552 1234")
                        settle(app, screen_of(window, row))
                written.append(save(window, out / language / f"{name}.png"))
                if readme is not None and row in README_PAGES:
                    target = readme / f"{README_PAGES[row]}-{language}.png"
                    written.append(save(window, target, compact=True))
            for name, dialog in dialogs(window, controller):
                dialog.show()
                settle(app)
                written.append(save(dialog, out / language / "dialogs" / f"{name}.png"))
                dialog.reject()
                dialog.deleteLater()
            window.close()
            window.deleteLater()
            settle(app)
        finally:
            ctx.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="screenshots", help="folder for the pictures")
    parser.add_argument("--lang", default="zh_CN,en", help="languages, comma-separated")
    parser.add_argument("--size", default="1440x900", help="window size, WIDTHxHEIGHT")
    parser.add_argument(
        "--readme", action="store_true", help="also write the main screens to docs/screenshots"
    )
    parser.add_argument("--dark", action="store_true", help="in the dark colour scheme")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    readme = ROOT / "docs" / "screenshots" if args.readme else None
    total = 0
    for language in args.lang.split(","):
        for path in render(language.strip(), Path(args.out), width, height, readme, args.dark):
            total += 1
            print(path)
    print(f"{total} pictures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
