"""What the calls left behind: the call log, callback records (what the bank asked, what was
answered, what was promised), the feedback register and the evidence pack."""
