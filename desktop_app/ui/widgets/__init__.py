"""Small widgets and models shared by several screens."""
