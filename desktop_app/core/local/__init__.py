"""What belongs to this computer: its folders, this desk's settings file, the keyring, start at
login, and the self-check."""
