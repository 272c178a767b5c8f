"""What member text may become on the site: a link only when it is exactly a web address."""

from __future__ import annotations

import re

# An http(s) address with nothing around it and no character that could leave an
# HTML attribute or start markup; anything else is shown as plain text.
_WEB_ADDRESS = re.compile(r"https?://[^\s/\"'<>`\\]+[^\s\"'<>`\\]*", re.IGNORECASE)


def web_address(text: str) -> bool:
    """True when `text` is one http(s) address and nothing else."""
    return bool(text) and _WEB_ADDRESS.fullmatch(text) is not None
