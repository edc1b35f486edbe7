"""Reports: how well the company answers each bank — figures, trends, exports."""
