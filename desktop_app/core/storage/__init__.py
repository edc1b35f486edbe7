"""Storage: the engine built from a URL, sessions, and the Alembic migrations."""
