"""Which URLs from the content may be links: the one filter every link from the content passes."""
from __future__ import annotations

import re

SAFE_SCHEMES = {"http", "https", "mailto"}  # the schemes a link from the content may use
LINK_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
# What a browser drops before it reads a URL's scheme: C0 controls and spaces around it, tabs and line breaks in it.
URL_EDGES = "".join(map(chr, range(0x21)))
URL_INSIDE = re.compile(r"[\t\n\r]")


def is_safe_link(url: str) -> bool:
    """Tell whether a URL from the content may be a link: http:, https:, mailto: or relative, as a browser reads it."""
    scheme = LINK_SCHEME.match(URL_INSIDE.sub("", url).strip().strip(URL_EDGES))
    return not scheme or scheme.group()[:-1].lower() in SAFE_SCHEMES
