"""The front-desk console: route an incoming bank call in seconds and log it."""
