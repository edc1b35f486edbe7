"""The Today overview: what kind of day it is, the active contracts, who answers now."""
