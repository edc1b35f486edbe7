"""Callback Desk (回访台): every post-loan callback from a lending bank answered and recorded."""

__version__ = "0.1.0"
APP_NAME = "Callback Desk"
APP_ID = "callback-desk"
