"""Built-in output formats, each registered as a plugin through `tlcriteria_output_formats`."""
