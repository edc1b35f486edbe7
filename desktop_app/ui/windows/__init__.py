"""The Contact windows page: a month grid and an agenda of when banks are expected to call."""
