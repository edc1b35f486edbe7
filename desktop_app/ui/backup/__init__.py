"""The daily backup of the embedded database: its scheduler and its Settings page."""
