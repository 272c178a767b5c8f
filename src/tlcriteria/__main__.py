"""`python -m tlcriteria`: the `tlcriteria` command."""

from .cli import main

main()
