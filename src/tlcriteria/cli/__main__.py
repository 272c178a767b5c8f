"""`python -m tlcriteria.cli`: the `tlcriteria` command."""

from .group import main

main()
