"""The Registered numbers screen: what each bank has on file, what is stale, and the letters."""
