"""Storage and service tests, run on SQLite and PostgreSQL."""
