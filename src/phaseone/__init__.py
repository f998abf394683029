"""phaseone."""
