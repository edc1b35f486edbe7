"""The command line: the headless face of the same services, for admins and scripts."""
