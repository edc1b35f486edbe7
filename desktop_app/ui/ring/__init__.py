"""Rings from the phone system: the single-instance hand-over, the loopback listener, the sweep."""
