"""The Banks screen: banks, their names, officers, calling numbers and default responders."""
