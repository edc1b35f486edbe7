"""Training: lessons, quizzes, certificates and refreshers — the content and its rules, and the
service that records what people read, answered and earned."""
