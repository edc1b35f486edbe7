"""The Audit log page: who changed what, at which desk, when — as sentences, with details."""
