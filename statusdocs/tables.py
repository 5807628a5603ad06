"""Markdown block tokens -> tables of cell texts, each row with its line: Markdown tables and HTML `<table>`s."""
from __future__ import annotations

from typing import NamedTuple

from markdown_it.token import Token

# Heading levels that open a section; level 1 is the document's own title.
SECTION_TAGS = {"h2", "h3", "h4", "h5", "h6"}


class Table(NamedTuple):
    """One table as written: its header cells and body rows, each row with its 1-based line."""

    line: int  # the header row's line
    heading: str  # the heading of the section the table sits in, "" before any
    section: int  # counts sections in the document: tables with the same number share a heading
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_tables(tokens: list[Token]) -> list[Table]:
    """Return every Markdown and HTML table of a document, in document order."""
    tables: list[Table] = []
    heading, section = "", 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in SECTION_TAGS:
            heading, section = " ".join(tokens[index + 1].content.split()), section + 1
        elif token.type == "table_open":
            tables.append(make_table(markdown_rows(tokens, index), heading, section))
        elif token.type == "html_block" and "<table" in token.content.lower():
            first_line = (token.map or [0])[0] + 1
            tables.extend(make_table(rows, heading, section) for rows in html_tables(token.content, first_line))
    return [table for table in tables if table is not None]


def make_table(rows: list[tuple[int, list[str]]], heading: str, section: int) -> Table | None:
    """Return a table of its first row as header and the rest as body, None when it has no row."""
    if not rows:
        return None
    (line, header), *body = rows
    width = max(len(cells) for _, cells in rows)
    pad = lambda cells: tuple(cells) + ("",) * (width - len(cells))  # noqa: E731 - short and local
    return Table(line, heading, section, pad(header), tuple((number, pad(cells)) for number, cells in body))


def markdown_rows(tokens: list[Token], start: int) -> list[tuple[int, list[str]]]:
    """Return (line, cell texts) for each row of the Markdown table that opens at `start`."""
    rows: list[tuple[int, list[str]]] = []
    for token in tokens[start:]:
        if token.type == "tr_open":
            rows.append(((token.map or [0])[0] + 1, []))
        elif token.type == "inline":
            rows[-1][1].append(token.content.strip())
        elif token.type == "table_close":
            break
    return rows


def html_tables(html: str, first_line: int) -> list[list[tuple[int, list[str]]]]:
    """Return the rows of each `<table>` in an HTML block that starts on `first_line`."""
    from .htmltable import HtmlTableReader  # html.parser costs a build without HTML tables 1-2 ms

    reader = HtmlTableReader(first_line)
    reader.feed(html)
    reader.close()
    return reader.tables
