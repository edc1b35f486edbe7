"""Pure unit tests: no database, no Qt."""
