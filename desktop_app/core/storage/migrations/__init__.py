"""Alembic migrations of the Callback Desk schema, run by desktop_app.core.storage.migrate."""
