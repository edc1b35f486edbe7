"""The Call log screen: every call with its record and follow-ups, and the feedback register."""
