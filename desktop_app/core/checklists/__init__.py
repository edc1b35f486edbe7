"""Callback checklists: the templates per loan type, each contract's items and their readiness, and
the evidence files attached to them."""
