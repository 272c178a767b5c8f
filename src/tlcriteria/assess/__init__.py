"""The self-assessment questionnaire: `session` (pure state machine), `store` (the place file),
`command` (terminal I/O and signals)."""
