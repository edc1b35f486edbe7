"""The fictional sample company: banks, contracts, people, windows, calls and checklists."""
