"""Mail and chat on screen: the outbox list, sending a letter by e-mail, the desk's sender."""
