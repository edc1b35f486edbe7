"""Backups of the embedded database and its evidence files: made, kept, checked, restored."""
