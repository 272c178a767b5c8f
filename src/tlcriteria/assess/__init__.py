"""The self-assessment questionnaire: `session` (pure state machine), `store` (the place file),
`terminal` (prompt_toolkit); the command, terminal I/O and signals are `tlcriteria.cli.assess`."""
