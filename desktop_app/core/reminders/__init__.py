"""Reminders before contact windows: materialised from the windows, shown, snoozed, acknowledged
and escalated when nobody answers."""
