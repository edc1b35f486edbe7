"""Training content and the plain rules of quizzes, certificates and refreshers (no database)."""
