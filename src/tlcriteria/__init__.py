"""tlcriteria: criteria scoring engine for networks of tiers-lieux.

Kept tiny on purpose: `tlcriteria --version` imports this module and nothing
heavy may be loaded before a command needs it.
"""

import pluggy

__version__ = "0.1.0"

#: Decorator for plugin hook implementations (`@hookimpl def tlcriteria_…`).
hookimpl = pluggy.HookimplMarker("tlcriteria")

__all__ = ["__version__", "hookimpl"]
