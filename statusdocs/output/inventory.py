"""Records -> `objects.inv`, the Sphinx inventory (version 2) that intersphinx reads."""
from __future__ import annotations

import zlib

from ..model import Site
from .urls import class_url, code_url


def build_inventory(site: Site) -> dict[str, bytes]:
    """Return `objects.inv` with a label and a doc entry for every code page and class page."""
    header = (f"# Sphinx inventory version 2\n# Project: {one_line(site.title)}\n"
              f"# Version: {one_line(site.date or '')}\n"
              "# The remainder of this file is compressed using zlib.\n")
    body = "".join(f"{name} {role} -1 {uri} {one_line(title)}\n" for name, role, uri, title in list_entries(site))
    return {"objects.inv": header.encode("utf-8") + zlib.compress(body.encode("utf-8"), 9)}


def list_entries(site: Site) -> list[tuple[str, str, str, str]]:
    """Return (name, domain:role, uri, display name) for every page, sorted like Sphinx writes them."""
    entries = []
    for status_class in site.classes:
        title = f"{status_class.label} {status_class.heading}"
        uri = class_url(status_class.label, "")
        entries += [(f"http-{status_class.label}", "std:label", uri, title),
                    (f"classes/{status_class.label}", "std:doc", uri, title)]
        for code in status_class.codes:
            uri = code_url(code.code, "")
            entries += [(f"http-{code.code}", "std:label", uri, code.title),
                        (f"codes/{code.code}", "std:doc", uri, code.title)]
    return sorted(entries, key=lambda entry: (entry[1], entry[0]))


def one_line(text: str) -> str:
    """Return `text` on one line: the inventory format is line-based."""
    return " ".join(text.split())
