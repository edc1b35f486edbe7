"""Reminders on the desktop: the scheduler, our always-on-top alert window, the in-app notification
area and the wiring between them, the tray and the reminder service."""
