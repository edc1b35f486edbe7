"""The People screen: staff, their roles and contacts, office hours, absences, and deactivation."""
