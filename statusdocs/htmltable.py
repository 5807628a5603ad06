"""HTML `<table>` -> rows of cell texts with their lines, for tables.py (imported only when a file has one)."""
from __future__ import annotations

from html.parser import HTMLParser


class HtmlTableReader(HTMLParser):
    """Collects the rows of HTML tables as cell texts; `<br>` stays as the one tag a cell keeps."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tables: list[list[tuple[int, list[str]]]] = []
        self.depth = 0  # tables open; rows of a table nested in a cell belong to that cell's text
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a table, a row or a cell; keep a line break inside a cell."""
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.tables[-1].append((self.first_line + self.getpos()[0] - 1, []))
        elif self.depth == 1 and tag in ("td", "th") and self.tables[-1]:
            self.cell = []
            self.tables[-1][-1][1].append("")
        elif tag == "br" and self.cell is not None:
            self.add_text("<br>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Treat `<br/>` as `<br>`."""
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        """Close a cell or a table (a cell without its end tag closes at the next cell or row)."""
        if tag in ("td", "th", "tr") and self.depth == 1:
            self.cell = None
        elif tag == "table":
            self.depth = max(0, self.depth - 1)
            self.cell = None if self.depth == 0 else self.cell

    def handle_data(self, data: str) -> None:
        """Add text to the open cell."""
        if self.cell is not None:
            self.add_text(data)

    def add_text(self, text: str) -> None:
        """Append to the open cell, whitespace collapsed as a browser shows it."""
        self.cell.append(text)  # type: ignore[union-attr]
        self.tables[-1][-1][1][-1] = " ".join("".join(self.cell).split())  # type: ignore[union-attr]
