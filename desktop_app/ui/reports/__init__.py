"""The Reports page: figures per bank and person, trends and charts, exports."""
