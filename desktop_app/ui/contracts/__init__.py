"""The Contracts screen: the filterable list and the contract form."""
