"""The app's small style sheet: page titles, warning banners, empty states, navigation."""

STYLE_SHEET = """
QLabel#pageTitle { font-size: 18px; font-weight: 600; padding: 4px 0; }
QLabel#warningBanner {
    background: #fdecea; color: #8c1d18; border: 1px solid #f4c7c3; border-radius: 4px;
    padding: 8px;
}
QLabel#infoBanner {
    background: #e8f0fe; color: #174ea6; border: 1px solid #c6dafc; border-radius: 4px;
    padding: 8px;
}
QLabel#emptyState { color: #5f6368; padding: 16px; }
QListWidget#navigation { border: none; background: #f1f3f4; font-size: 14px; }
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #d2e3fc; color: #174ea6; }
QLabel.fieldError, QLabel[role="fieldError"] { color: #b3261e; }
"""
