"""The Qt checks of ``callback-desk --self-test``: Qt's Chinese translation, the main window
rendered offscreen with the demo company, every page of it opened (Reports draws its charts with
QtCharts), and a PDF with Chinese text written and read back.

They prove what a frozen bundle most often lacks: a Qt plugin, a translation file, a font
that can carry Chinese into a PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QLibraryInfo, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.common.i18n import _
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.ui.controller import DeskController
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.operation import idle
from desktop_app.ui.widgets.lazy_page import LazyPage

PDF_TEXT = "回访台自检：贷后回访"
DATA_TIMEOUT_MS = 20_000
#: A folder to save each page's image in while the self-test opens the pages (for support and CI).
SHOTS_ENV = "CALLBACK_DESK_SELF_TEST_SHOTS"


def check_qt_translation(app: QApplication) -> tuple[bool, str]:
    """Qt's own Chinese catalog (qtbase_zh_CN.qm) loads and translates a standard button."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", folder):
        return False, _("qtbase_zh_CN.qm not found in {folder}").format(folder=folder)
    cancel = translator.translate("QPlatformTheme", "Cancel")
    translator.deleteLater()
    return bool(cancel), f"{folder}: Cancel → {cancel}"


class WindowChecks:
    """The main window, built once for the demo administrator, and the checks run on it:
    :meth:`rendered` (Today) and :meth:`every_page`. :meth:`close` closes it."""

    def __init__(self, ctx: AppContext, actor: Actor) -> None:
        from desktop_app.ui.app import app_icon

        self.controller = DeskController(ctx, actor, app_icon())
        self.window: MainWindow | None = None

    def _built(self) -> MainWindow:
        if self.window is None:
            self.window = self.controller.build_window()
            self.window.resize(1200, 800)
        return self.window

    def rendered(self) -> tuple[bool, str]:
        """The whole main window, Today's data loaded (up to :data:`DATA_TIMEOUT_MS`), painted
        into an image."""
        window = self._built()
        loaded = _wait_for_today(self.controller)
        image = window.grab().toImage()
        colours = {image.pixel(x, image.height() // 3) for x in range(0, image.width(), 7)}
        detail = _("{width}×{height} pixels, Today's data shown: {shown}").format(
            width=image.width(), height=image.height(), shown=_("yes") if loaded else _("no")
        )
        return not image.isNull() and len(colours) > 2 and loaded, detail

    def every_page(self) -> tuple[bool, str]:
        """Each page of the navigation built, shown with its data loaded and painted: a page
        whose Qt module, plugin or file is missing from a bundle fails here with the reason.
        With :data:`SHOTS_ENV` set to a folder, each page's image is saved there as well
        (the CI workflow keeps those of every system)."""
        window = self._built()
        shots = os.environ.get(SHOTS_ENV)
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
        opened: list[str] = []
        for row in range(window.pages.count()):
            title = window.navigation.item(row).text()
            holder = window.pages.widget(row)
            # Built here, so that an error in building it is raised here.
            screen = holder.content() if isinstance(holder, LazyPage) else holder
            window.navigation.setCurrentRow(row)
            if not _settle(screen):
                return False, _("page {title} did not load its data").format(title=title)
            image = window.grab()
            if image.isNull():
                return False, _("page {title} painted nothing").format(title=title)
            if shots:
                image.save(str(Path(shots) / f"page-{row:02d}.png"))
            opened.append(title)
        return bool(opened), _("{count} pages: {titles}").format(
            count=len(opened), titles=", ".join(opened)
        )

    def close(self) -> None:
        if self.window is not None:
            self.window.quitting = True  # closing must not hide it in a tray
            self.window.close()
            self.window.deleteLater()
            self.window = None


def _settle(screen: QWidget | None, timeout_ms: int = DATA_TIMEOUT_MS) -> bool:
    """Turn the event loop until no operation is in flight and ``screen`` is not ``busy`` (the
    Reports page computes on threads of its own): the page's data has arrived. At most
    ``timeout_ms``; whether it settled."""
    loop = QEventLoop()
    deadline = QDeadlineTimer(timeout_ms)
    poll = QTimer()
    poll.setInterval(20)

    def settled() -> bool:
        return idle() and not getattr(screen, "busy", False)

    def check() -> None:
        if settled() or deadline.hasExpired():
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    return settled()


def _wait_for_today(controller: DeskController) -> bool:
    """Run the event loop until Today shows its data, or for at most DATA_TIMEOUT_MS."""
    view = controller.today_view
    if view is None:
        return False
    loop = QEventLoop()
    shown: list[bool] = []

    def on_refreshed() -> None:
        shown.append(True)
        loop.quit()

    view.refreshed.connect(on_refreshed)
    QTimer.singleShot(DATA_TIMEOUT_MS, loop, loop.quit)
    view.refresh()  # synchronous today; the loop below covers a refresh that becomes deferred
    if not shown:
        loop.exec()
    return bool(shown)


def check_pdf(folder: Path) -> tuple[bool, str]:
    """Write a PDF with Chinese text through the app's printing and read its text back: every
    character must come back as itself, with no normalisation (an auditor searching a PDF for a
    bank's name finds it only then)."""
    from pypdf import PdfReader

    from desktop_app.ui.printing import escape, write_pdf

    path = write_pdf(f"<h1>{escape(PDF_TEXT)}</h1>", folder / "self-test.pdf", PDF_TEXT, "zh_CN")
    text = "".join(page.extract_text() or "" for page in PdfReader(path).pages)
    found = "".join(text.split())
    expected = "".join(PDF_TEXT.split())
    mapped = sum(1 for a, b in zip(found, expected, strict=False) if a == b)
    ok = found == expected
    readable = "".join(ch if ch.isprintable() else "□" for ch in found)
    return ok, _("{size} bytes, text read back: {text} ({mapped} of {count} characters)").format(
        size=path.stat().st_size,
        text=readable[:40] or _("none"),
        mapped=mapped,
        count=len(expected),
    )
