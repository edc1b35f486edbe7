"""The front desk: routing an incoming bank call, logging it, messages taken, follow-ups and
return calls, the desk's script and the printable reception card."""
