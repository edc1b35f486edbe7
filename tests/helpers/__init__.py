"""Helpers shared by the test suites: factories that build records through the services."""
