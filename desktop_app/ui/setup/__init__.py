"""First run and "who am I": the dialogs that decide who is using the app."""
