"""The Checklists screen: the evidence to have ready per contract, its templates and packs."""
