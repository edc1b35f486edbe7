"""The Callback Desk test suite: unit, storage and UI tests."""
