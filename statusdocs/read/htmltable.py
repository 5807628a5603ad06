"""HTML `<table>` -> rows of cell texts with their lines, for tables.py (imported only when a file has one).

A cell reads as a browser shows it: its paragraphs, list items and `<br>` lines (and, where blank lines cut the
table into blocks, its Markdown paragraphs and list items) each a line, joined by `<br>`, the one tag a cell keeps.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

ROW_TAGS = ("tr", "td", "th")
# Tags after which a cell's text goes on in a new line; a list item's line starts with `- `.
LINE_TAGS = {"br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "table", "tr",
             "h1", "h2", "h3", "h4", "h5", "h6"}
LINE_BREAK = "\n\n"  # what a line tag adds to a cell's text: a blank line, as between Markdown paragraphs
LINES = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-+*]|[0-9]{1,9}[.)])[ \t])")  # a blank line, or a list item's line


class HtmlTableReader(HTMLParser):
    """Collects the rows of HTML tables as cell texts, each line of a cell joined by `<br>`."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tables: list[list[tuple[int, list[str]]]] = []
        self.stray: list[int] = []  # lines of `<tr>`, `<td>` and `<th>` outside any table: no row holds them
        self.depth = 0  # tables open; rows of a table nested in a cell belong to that cell's text
        self.row_open = False  # a `<tr>` of the outer table is open
        self.cell: list[str] | None = None  # the open cell's pieces of text, joined when it closes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a table, a row or a cell; start a new line of a cell at a line tag."""
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
            else:
                self.break_line()
        elif self.depth == 0 and tag in ROW_TAGS:
            if self.line() not in self.stray[-1:]:
                self.stray.append(self.line())
        elif self.depth == 1 and tag in ROW_TAGS:
            self.close_cell()
            if tag == "tr" or not self.row_open:  # a cell with no row open opens one, as in a browser
                self.tables[-1].append((self.line(), []))
                self.row_open = True
            if tag != "tr":
                self.cell = []
        elif tag in LINE_TAGS or self.depth > 1 and tag in ROW_TAGS:
            self.break_line("- " if tag == "li" else "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Treat `<br/>` as `<br>`."""
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        """Close a cell, a row or a table (a cell without its end tag closes at the next cell or row)."""
        if tag in LINE_TAGS:  # `</p>`: what follows is a new line (an empty line is dropped)
            self.break_line()
        if tag in ROW_TAGS and self.depth == 1:
            self.close_cell()
            self.row_open = self.row_open and tag != "tr"
        elif tag == "table" and self.depth:
            if self.depth == 1:
                self.close_cell()
                self.row_open = False
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        """Add text to the open cell."""
        if self.cell is not None:
            self.cell.append(data)

    def close(self) -> None:
        """Read the rest and close the open cell."""
        super().close()
        self.close_cell()

    def break_line(self, start: str = "") -> None:
        """Start a new line of the open cell's text, beginning with `start`."""
        if self.cell is not None:
            self.cell += [LINE_BREAK, start]

    def close_cell(self) -> None:
        """End the open cell: its lines, whitespace collapsed as a browser shows it, join its row."""
        if self.cell is not None:
            lines = (" ".join(line.split()) for line in LINES.split("".join(self.cell)))
            self.tables[-1][-1][1].append("<br>".join(line for line in lines if line))
            self.cell = None

    def line(self) -> int:
        """Return the 1-based line of the tag being read."""
        return self.first_line + self.getpos()[0] - 1
