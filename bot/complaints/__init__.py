"""Civil complaints (민원): models, the store that gives ticket numbers, triage."""
