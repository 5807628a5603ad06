"""HTML `<table>` -> rows of cell texts with their lines, for tables.py (imported only when a file has one)."""
from __future__ import annotations

from html.parser import HTMLParser

ROW_TAGS = ("tr", "td", "th")


class HtmlTableReader(HTMLParser):
    """Collects the rows of HTML tables as cell texts; `<br>` stays as the one tag a cell keeps."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tables: list[list[tuple[int, list[str]]]] = []
        self.stray: list[int] = []  # lines of `<tr>`, `<td>` and `<th>` outside any table: no row holds them
        self.depth = 0  # tables open; rows of a table nested in a cell belong to that cell's text
        self.row_open = False  # a `<tr>` of the outer table is open
        self.cell: list[str] | None = None  # the open cell's pieces of text, joined when it closes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a table, a row or a cell; keep a line break inside a cell."""
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
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
        elif tag == "br" and self.cell is not None:
            self.cell.append("<br>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Treat `<br/>` as `<br>`."""
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        """Close a cell, a row or a table (a cell without its end tag closes at the next cell or row)."""
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

    def close_cell(self) -> None:
        """End the open cell: its text, whitespace collapsed as a browser shows it, joins its row."""
        if self.cell is not None:
            self.tables[-1][-1][1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def line(self) -> int:
        """Return the 1-based line of the tag being read."""
        return self.first_line + self.getpos()[0] - 1
