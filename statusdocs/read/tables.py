"""Markdown block tokens -> tables of cell texts, each row with its line: Markdown tables and HTML `<table>`s."""
from __future__ import annotations

from typing import NamedTuple

from markdown_it.token import Token

# Heading levels that open a section; level 1 is the document's own title.
SECTION_TAGS = {"h2", "h3", "h4", "h5", "h6"}
# Cells in all the tables of a file, counted once its rows are padded to the widest: past it, parsing and reading
# them takes seconds and gigabytes (2,000 columns x 900 rows: 34 s, 1.9 GB). Real documents have under 1,000.
MAX_TABLE_CELLS = 20_000
TOO_MANY_CELLS = f"the tables hold more than {MAX_TABLE_CELLS:,} cells by this line, the limit for a content file"
Rows = list[tuple[int, list[str]]]  # a table's rows as written: (1-based line, cell texts)


class Table(NamedTuple):
    """One table as written: its header cells and body rows, each row with its 1-based line."""

    line: int  # the header row's line
    heading: str  # the heading of the section the table sits in, "" before any
    section: int  # counts sections in the document: tables with the same number share a heading
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_tables(tokens: list[Token]) -> list[Table]:
    """Return every Markdown and HTML table of a document, in document order, up to MAX_TABLE_CELLS cells in all."""
    tables: list[Table] = []
    heading, section, cells = "", 0, 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in SECTION_TAGS:
            heading, section = " ".join(tokens[index + 1].content.split()), section + 1
        for rows in tables_at(tokens, index):
            cells += cell_count(rows)
            if cells > MAX_TABLE_CELLS:  # lint_tables reports it: padding the rest would spend what the limit saves
                return tables
            if rows:
                tables.append(make_table(rows, heading, section))
    return tables


def tables_at(tokens: list[Token], index: int) -> list[Rows]:
    """Return the rows of each table that the token at `index` opens: one Markdown table, or an HTML block's."""
    token = tokens[index]
    if token.type == "table_open":
        return [markdown_rows(tokens, index)]
    if token.type == "html_block" and "<table" in token.content.lower():
        return html_tables(token.content, (token.map or [0])[0] + 1).tables
    return []


def cell_count(rows: Rows) -> int:
    """Return how many cells a table has once its rows are padded to its widest."""
    return len(rows) * max((len(cells) for _, cells in rows), default=0)


def make_table(rows: Rows, heading: str, section: int) -> Table:
    """Return a table of its first row as header and the rest as body, every row padded to the widest."""
    (line, header), *body = rows
    width = max(len(cells) for _, cells in rows)
    pad = lambda cells: tuple(cells) + ("",) * (width - len(cells))  # noqa: E731 - short and local
    return Table(line, heading, section, pad(header), tuple((number, pad(cells)) for number, cells in body))


def markdown_rows(tokens: list[Token], start: int) -> Rows:
    """Return (line, cell texts) for each row of the Markdown table that opens at `start`."""
    rows: Rows = []
    for token in (tokens[index] for index in range(start, len(tokens))):  # not tokens[start:], a copy per table
        if token.type == "tr_open":
            rows.append(((token.map or [0])[0] + 1, []))
        elif token.type == "inline":
            rows[-1][1].append(token.content.strip())
        elif token.type == "table_close":
            break
    return rows


def html_tables(html: str, first_line: int) -> HtmlTables:
    """Return the rows of each `<table>` in an HTML block that starts on `first_line`, and its rows outside any."""
    from .htmltable import HtmlTableReader  # html.parser costs a build without HTML tables 1-2 ms

    reader = HtmlTableReader(first_line)
    try:
        reader.feed(html)
        reader.close()
    except AssertionError as error:  # html.parser before Python 3.13 refuses `<![x`, which a browser skips
        return HtmlTables(reader.tables, reader.stray, (reader.line(), str(error)))
    return HtmlTables(reader.tables, reader.stray)


class HtmlTables(NamedTuple):
    """What an HTML block holds: the rows of each table, and the lines of rows and cells outside any table."""

    tables: list[Rows]
    stray: list[int]
    unread: tuple[int, str] | None = None  # the line where html.parser gave up, and why: the rest is not read
