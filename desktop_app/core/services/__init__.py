"""Use cases over the data model: each takes the acting person, checks permissions, validates,
writes in one transaction, records the audit entry and says what changed. No Qt here."""
