"""The `tlcriteria` command line: one module per command, loaded when its command runs.

`group.main` is the command group (the console script's entry point); `app.App`
is what the commands share for one invocation (registry, failing, reporting,
output); `options` holds the options several commands take; `help` translates
help texts when shown.
"""

from .group import main

__all__ = ["main"]
