"""Built-in answer kinds, each registered as a plugin through `tlcriteria_answer_kinds`."""
