"""The Training page: lessons, quizzes, certificates, the clause library, the team report."""
