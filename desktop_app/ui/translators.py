"""Loads Qt's own translations (qtbase) so standard dialogs and buttons speak the app's language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop_app.core.common.i18n import current_language


def install_qt_translations(app: QApplication) -> bool:
    """Replace the Qt translators (children of ``app``) with those of the active language."""
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
    language = current_language()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        return True
    return False
