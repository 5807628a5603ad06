"""An unofficial document's section headings -> the software that sends each table's codes, its link checked."""
from __future__ import annotations

import re

from markdown_it.token import Token

from ..model import Row, Vendor, printable
from .tables import SECTION_TAGS, Table
from .links import is_safe_link

# `## [nginx](https://nginx.org/)`; the URL may hold balanced parentheses, as a Markdown link's may: `(x_(y))`.
VENDOR_LINK = re.compile(r"\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")


def vendor_of(section: str) -> Vendor:
    """Return the software an unofficial section names: `[nginx](https://nginx.org/)` or plain `nginx`."""
    link = VENDOR_LINK.fullmatch(section.strip())
    return Vendor(link.group(1).strip(), link.group(2).strip()) if link else Vendor(section.strip(), "")


def check_vendor_sections(tokens: list[Token], tables: list[Table], rows: list[Row], name: str) -> list[str]:
    """Return a problem for each heading linking where no link may go and each table of `rows` naming no software."""
    return check_heading_links(tokens, name) + check_vendor_names(tables, rows, name)


def check_heading_links(tokens: list[Token], name: str) -> list[str]:
    """Return a problem for every section heading whose link is not one descriptions may have."""
    problems = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in SECTION_TAGS:
            url = vendor_of(" ".join(tokens[index + 1].content.split())).url
            if url and not is_safe_link(url):  # the pages and the API would link it as written
                problems.append(f"{name}:{(token.map or [0])[0] + 1}: section heading links to {printable(url)!r}, "
                                "which is not an http:, https:, mailto: or relative URL")
    return problems


def check_vendor_names(tables: list[Table], rows: list[Row], name: str) -> list[str]:
    """Return a problem for every table that gives `rows` but sits under no heading naming their software."""
    sources = {row.source for row in rows}
    return [f"{name}:{table.line}: table has no section heading naming the software that sends its codes: "
            "put one above it, such as ## [nginx](https://nginx.org/)"
            for table in tables if not vendor_of(table.heading).name
            and any(f"{name}:{line}" in sources for line, _ in table.rows)]
