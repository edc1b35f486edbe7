"""Contact windows: when each bank is expected to call, their rules and occurrences, the editor's
drafts and checks, coverage by responders, the confirmation letter and the calendar export."""
