"""Shared pieces every feature uses: roles and permissions, the audit log, record versions and
conflicts, what changed, the clock, the working calendar, organisation settings, phone numbers,
parsing, errors, translations and the parts every letter to a bank shares."""
