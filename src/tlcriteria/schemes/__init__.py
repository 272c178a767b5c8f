"""Built-in rating schemes, each registered as a plugin through `tlcriteria_rating_schemes`."""
