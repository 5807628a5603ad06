"""Property tests: any content, however broken, gives records or `path:line` errors, never a traceback."""
from __future__ import annotations

import os
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from statusdocs.read.table_lint import block_lines, split_cells, table_cells
from statusdocs.model import ContentError, Settings
from statusdocs.read.parse import NEWLINE, check_lines, normalize_text, read_documents, tokenize
from statusdocs.read.rows import CODE_HEADERS, DESCRIPTION_HEADERS
from statusdocs.records import build_site
from statusdocs.read.registry import read_registry, reason_phrases
from statusdocs.output.render import render_pages
from statusdocs.read.tables import markdown_rows

REGISTRY = Path(__file__).resolve().parent.parent / "content" / "registry.csv"
TEMPLATES = REGISTRY.parent.parent / "templates"
PHRASES = reason_phrases(read_registry(REGISTRY))
PROBLEM_LINE = re.compile(r"[^:\n]+:\d+: \S.*")
# At least 2,000 generated documents per run in CI; fewer on a developer's machine.
EXAMPLES = 2000 if os.environ.get("CI") else int(os.environ.get("HYPOTHESIS_EXAMPLES", "300"))
pytestmark = pytest.mark.slow(f"hypothesis: up to {EXAMPLES} generated inputs")
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])

# Pieces that have broken Markdown table and YAML readers before: pipes, escapes, markup, controls.
TRICKY = ["|", "\\|", "｜", "\\", "`", "``", "*", "_", "[", "]", "(", ")", "<", ">", "&", "#", "---",
          "\t", "\r", "\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u00a0", "\u2028", "\u2029",
          "\ufeff", "\u200b", "\u202e", "\u200f", "\u2060", "\u00ad", "０", "４", "٤", "²", "𝟒", "🙂", "<script>alert(1)</script>",
          "[x](javascript:alert(1))", "![i](http://x/i.png)", "404", "4xx", "200", "99", "1000", ":"]
SCALARS = ["2020-08-11", "2020-13-45", "2020-02-30 25:61:00", "1" * 5000, "0x" + "f" * 5000, "1e999",
           "[", "{", "]", "*undefined", "&a [*a]", "!!python/object:os.system", "!!binary ===", "? [a]",
           "'", '"', "|", ">", "~", "null", "yes", ".nan", "{a: [b, {c: d}]}", "[" * 60 + "]" * 60]

text = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(TRICKY)), max_size=20).map("".join)
fragment = st.one_of(text, st.sampled_from(TRICKY), st.lists(st.sampled_from(TRICKY), max_size=8).map("".join))
# Format characters (Unicode Cf) no reader sees, and controls: before, inside or after a code.
INVISIBLE = ["\u200b", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\x85", "\x7f"]
invisible_code = st.builds(lambda mark, code, at: code[:at] + mark + code[at:], st.sampled_from(INVISIBLE),
                           st.integers(100, 599).map(str), st.integers(0, 3))
code_cell = st.one_of(st.integers(0, 1000).map(str), st.integers(100, 599).map(str),
                      st.sampled_from(["9" * 4301, "1" * 5000, "0404", "４０４", "٤٠٤", "404.0", "+404", "4 04"]),
                      st.integers(0, 6000).map(lambda n: "9" * n), invisible_code, fragment)
title_cell = st.one_of(st.sampled_from(sorted(CODE_HEADERS | DESCRIPTION_HEADERS)), fragment)
long_line = st.builds(lambda char, size: char * size, st.sampled_from(["x", "|", "字", "`", " "]),
                      st.sampled_from([1000, 99_999, 100_000, 100_001, 250_000]))


@st.composite
def table_row(draw: st.DrawFn, cells: st.SearchStrategy[str]) -> str:
    """Draw one table line: cells joined by a pipe, with or without the outer pipes."""
    pipe = draw(st.sampled_from(["|", "|", "|", "｜", "\\|", " | "]))
    values = draw(st.lists(cells, min_size=0, max_size=5))
    line = pipe.join(values)
    if draw(st.booleans()):
        line = pipe + line
    if draw(st.booleans()):
        line = line + pipe
    return line


@st.composite
def table(draw: st.DrawFn) -> str:
    """Draw a Markdown table: a header, a delimiter row and body rows of codes and descriptions."""
    if draw(st.booleans()):  # a table the reader accepts, so that the rows' cells get read
        header, delimiter = draw(st.sampled_from(["| code | 描述 |", "|  响应码   | 描述  |", "| 状态码 |"])), "--- | ---"
    else:
        header = draw(table_row(title_cell))
        delimiter = draw(st.sampled_from(["|", "｜", ""])).join(
            [draw(st.sampled_from(["---", ":--", "--:", "-", "", "- -", "===", "----"]))
             for _ in range(draw(st.integers(0, 4)))])
    body = draw(st.lists(table_row(st.one_of(code_cell, fragment)), max_size=8))
    return "\n".join([header, f"|{delimiter}|" if draw(st.booleans()) else delimiter, *body])


@st.composite
def html_table(draw: st.DrawFn) -> str:
    """Draw an HTML table: rows of cells, with or without their end tags, `<tr>` or header, a blank line at times."""
    cell = st.one_of(code_cell, fragment, st.sampled_from(["code", "描述", "状态码"]))
    tag = st.sampled_from(["<td>{}</td>", "<td>{}", "<th>{}</th>", "<TD>{}</TD>", "<td>{}<br>{}</td>",
                           "<td>\n\n{}\n\n</td>", "<td><p>{}</p><p>{}</p></td>", "<td>\n\n- {}\n- {}\n\n</td>",
                           "<td><ul><li>{}</li></ul></td>"])  # cells with paragraphs and lists, as GitHub renders
    lines = ["<table>"]
    for cells in draw(st.lists(st.lists(cell, max_size=4), max_size=6)):
        opening, closing = draw(st.sampled_from(["<tr>", "<tr>", "<TR>", ""])), draw(st.sampled_from(["</tr>", ""]))
        lines.append(opening + "".join(draw(tag).format(value, value) for value in cells) + closing)
        if draw(st.integers(0, 7)) == 0:
            lines.append("")  # a blank line ends the HTML block
    return "\n".join([*lines, draw(st.sampled_from(["</table>", "</table>", ""]))])


# Containers and the marks their lines start with: the first line's, and the others'.
CONTAINERS = {"> ": "> ", ">": ">", "- ": "  ", "* ": "  ", "1. ": "   ", "10) ": "    ", "> - ": ">   ",
              "- > ": "  > ", "> > ": "> > ", "1. > ": "   > "}


@st.composite
def contained(draw: st.DrawFn) -> str:
    """Draw a table in a blockquote or a list item (or both): some lines lazy (no mark), some blank in the container."""
    first = draw(st.sampled_from(sorted(CONTAINERS)))
    lines = []
    for index, line in enumerate(draw(st.one_of(table(), html_table())).split("\n")):
        lines.append((first if index == 0 else draw(st.sampled_from([CONTAINERS[first]] * 5 + ["", first]))) + line)
        if draw(st.integers(0, 9)) == 0:
            lines.append(CONTAINERS[first].rstrip())
    return "\n".join(lines)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Draw a YAML front matter block, often broken."""
    keys = st.sampled_from(["title", "date", "tags", "categories", "", "title:", "- x", "  ", "\u00a0title", "ｔｉｔｌｅ"])
    lines = [f"{draw(keys)}: {draw(st.one_of(st.sampled_from(SCALARS), fragment))}"
             for _ in range(draw(st.integers(0, 4)))]
    closing = draw(st.sampled_from(["---", "---", "...", "", "--- x"]))
    return "\n".join(["---", *lines, closing])


# A list item or heading that starts with a code (or a typo of one), then a phrase and text, as lists are written.
item = st.builds("{}{}{}{}".format,
                 st.sampled_from(["- ", "* ", "1. ", "- **", "- [`", "# ", "## ", "### ", "> - ", "  - "]), code_cell,
                 st.sampled_from(["", " ", ": ", " - ", " — ", "** ", "`](u) - ", "（", "\n  "]),
                 st.one_of(st.sampled_from(sorted(PHRASES.values())), fragment))
block = st.one_of(
    table(), table(), contained(), contained(), html_table(), front_matter(), fragment, item, item,
    st.builds("{}{}".format, st.sampled_from(["# ", "## ", "### ", "##", "## ## ", "> ", ">", "- ", "    "]), fragment),
    long_line, st.just(""), st.sampled_from(["```", "~~~", "<!--", "-->", "<table>", "</table>", "***"]),
)
newline = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\n\n"])


@st.composite
def document(draw: st.DrawFn) -> str:
    """Draw a whole content file as text."""
    blocks = draw(st.lists(block, max_size=8))
    return draw(newline).join(blocks)


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    """Draw a content file's bytes: a document, sometimes with a BOM or invalid UTF-8 spliced in."""
    kind = draw(st.sampled_from(["text", "text", "text", "spliced", "binary", "empty"]))
    if kind == "binary":
        return draw(st.binary(max_size=200))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\n", b"\xef\xbb\xbf\xef\xbb\xbf"]))
    data = draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + draw(document()).encode("utf-8")
    if kind == "spliced":
        at = draw(st.integers(0, len(data)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xe5\xad", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80"]))
        data = data[:at] + bad + data[at:]
    return data


def assert_problem_lines(error: ContentError) -> None:
    """Assert that every line of the error reads `path:line: message`."""
    assert error.problems
    for line in str(error).splitlines():
        assert PROBLEM_LINE.fullmatch(line), f"not a path:line: message line: {line!r}"


@PROPERTY
@given(files=st.lists(file_bytes(), min_size=1, max_size=2))
@example(files=[b"---\ntitle: 2020-13-45\n---\n"])  # crashes found by this test, kept as regressions
@example(files=[b"---\ntitle: 0x" + b"f" * 4000 + b"\n---\n", b"---\n" + b"[" * 3000 + b"\n---\n"])
@example(files=[b"| code | x |\n| --- | --- |\n| " + b"9" * 4301 + b" | x |\n", b"\\|\xc2\x85\\|\n---"])
@example(files=[b"0\n0\n---\n| code | x |\n--- | ---\n100|0\n200|0"])
@example(files=[b"> |\n---\n---", "| code | 描述 |\n--- | ---\n\x85".encode()])  # `> |` a header; U+0085 a row
@example(files=["> | code | 描述 |\n> | --- | --- |\n> | 404 | 没找到 | 多 |\n>\n> | 500 | 错误 |\n".encode()])
@example(files=["- | code | 描述 |\n  | --- | --- |\n  | \u200b404 | 没找到 |\n\u200b| 405 | x |\n".encode()])
@example(files=[b"<table>\n<tr><td>code</td></tr>\n<tr><td><![i](x)</td></tr>\n\n<tr><td>404</td></tr>\n</table>"])
@example(files=["| code | 描述 |\n| --- | --- |\n| 200 | 好 |\n\n- 404 Not Found: 找不到\n\n### 410 Gone\n\n没了\n".encode()])
def test_any_content_gives_records_or_path_line_errors(tmp_path: Path, files: list[bytes]) -> None:
    """Generated content files give a site's records and pages, or a ContentError whose lines are `path:line: ...`."""
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    for old in content.iterdir():
        old.unlink()
    for index, data in enumerate(files):
        (content / f"{index}.md").write_bytes(data)
        assert_lint_reads_as_parser(data.decode("utf-8-sig", "replace"))
    try:
        site = build_site(read_documents(content, phrases=PHRASES), read_registry(REGISTRY))
    except ContentError as error:
        assert_problem_lines(error)
        return
    assert all(100 <= code.code <= 599 and code.source.startswith("content/") for code in site.codes)
    documents = read_documents(content, phrases=PHRASES)
    named = {source for doc in documents for row in doc.rows for source in (row.source, *row.continued)}
    named |= {note.source for doc in documents for note in doc.notes}
    named |= {warning.split(": ", 1)[0] for doc in documents for warning in doc.warnings}
    for index, data in enumerate(files):
        assert_no_row_lost(f"content/{index}.md", data.decode("utf-8-sig"), named)
        assert_no_item_lost(f"content/{index}.md", data.decode("utf-8-sig"), named)
    if site.codes:  # rendering compiles the templates afresh: only worth it for a site with pages
        pages = render_pages(site, TEMPLATES, Settings())
        assert all(isinstance(data, bytes) or data.encode("utf-8") for data in pages.values())  # objects.inv is bytes


# Marks of blockquotes and list items at the start of a line, and after them the format characters no one sees.
CODE_START = re.compile(r"[1-5][0-9]{2}(?=[\s:：]|$)")  # a code as the first word of an item or heading
CONTAINER_MARKS = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*")


def assert_no_row_lost(name: str, text: str, sources: set[str]) -> None:
    """Assert every line written as a table row (outside code and HTML blocks; in a blockquote or list item too,
    after invisible characters too) and every `<tr>` of an HTML table is a header, or a record's, a class note's
    or a warning's line (a warning on a table's header line names all its rows)."""
    lines = NEWLINE.split(normalize_text(text))
    structural: set[int] = set()
    for token in tokenize(text):
        if token.type in ("fence", "code_block", "html_block", "front_matter") and token.map:
            structural.update(range(token.map[0], token.map[1]))
        if token.type == "html_block" and token.map:
            assert_html_rows_named(name, token.content, token.map[0], sources)
        elif token.type == "table_open" and token.map:
            skipped = f"{name}:{token.map[0] + 1}" in sources
            structural.update(range(*token.map) if skipped else (token.map[0], token.map[0] + 1))
    for number, line in enumerate(lines):
        shown = "".join(char for char in line[CONTAINER_MARKS.match(line).end():]  # type: ignore[union-attr]
                        if unicodedata.category(char) != "Cf").strip()
        if number not in structural and shown[:1] == "|" and shown.count("|") >= 2:
            assert f"{name}:{number + 1}" in sources, f"{name}:{number + 1} was lost: {line!r}"


def assert_no_item_lost(name: str, text: str, sources: set[str]) -> None:
    """Assert every list item and heading whose text starts with a code is a record's or a warning's line."""
    tokens = tokenize(text)
    for index, token in enumerate(tokens[:-2]):
        item = token.type == "list_item_open" and tokens[index + 1].type == "paragraph_open"
        inline = tokens[index + 2] if item else tokens[index + 1] if token.type == "heading_open" else None
        if inline is not None and CODE_START.match(inline.content) and token.map:
            where = f"{name}:{token.map[0] + 1}"
            assert where in sources, f"{where} was lost: {inline.content!r}"


class RowTags(HTMLParser):
    """The line of the first row or cell tag and of every `<tr>` of each outermost HTML table, as a browser nests them."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.tables: list[list[tuple[str, int]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count tables; note the rows and cells of the outermost ones."""
        self.depth += tag == "table"
        if tag == "table" and self.depth == 1:
            self.tables.append([])
        elif tag in ("tr", "td", "th") and self.depth == 1:
            self.tables[-1].append((tag, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        """Close a table."""
        self.depth -= tag == "table" and self.depth > 0


def assert_html_rows_named(name: str, html: str, first: int, sources: set[str]) -> None:
    """Assert every `<tr>` of an HTML table but its header row is a record's, a note's or a warning's line, or the
    table's header line is a warning's."""
    reader = RowTags()
    try:
        reader.feed(html)
        reader.close()
    except AssertionError:  # html.parser before Python 3.13 on `<![x`: the lint refuses such HTML with rows in it
        return
    for tags in reader.tables:
        header = f"{name}:{first + tags[0][1]}" if tags else ""
        for tag, line in tags[1:]:
            where = f"{name}:{first + line}"
            assert tag != "tr" or where in sources or header in sources, f"{where} was lost: a <tr> of {html!r}"


def assert_lint_reads_as_parser(text: str) -> None:
    """Assert the table lint sees each table row's cells as markdown-it does (before it pads or cuts them), and that
    the cell limit counts at least as many cells as markdown-it makes, in blockquotes and list items alike."""
    try:
        check_lines(text, "content/x.md")
    except ContentError:
        return
    tokens = tokenize(text)
    lines = block_lines(NEWLINE.split(normalize_text(text)), tokens)
    made = 0
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            rows = markdown_rows(tokens, index)
            width = len(rows[0][1])
            made += width * len(rows)
            for line, cells in rows:
                written = [cell.strip().replace("\x00", "\ufffd") for cell in split_cells(lines[line - 1])]
                assert (written + [""] * width)[:width] == cells, f"line {line} {lines[line - 1]!r} is {cells}"
    assert sum(table_cells(NEWLINE.split(text))) >= made


REGISTRY_VALUES = ["100", "404", "509", "999", "0", "104-199", "4٠4", "²⁰⁰", "1" * 5000, "", " 404", "-1"]
REGISTRY_TEXTS = ["Continue", "(Unused)", "Unassigned", "Not Extended (OBSOLETED)", "(OBSOLETED)",
                  "Upload Resumption Supported (TEMPORARY - registered 2024-11-13, expires 2025-11-13)",
                  "[RFC9110, Section 15.5.5]", "[RFC9110]", "[RFC 2518, Section 10.1]", "[draft-ietf-x-y]",
                  "[", "]", '"', '""', ",", "\n", "\r", "\x00"]


@st.composite
def registry_bytes(draw: st.DrawFn) -> bytes:
    """Draw a registry CSV: its header, rows of codes, phrases and references, sometimes broken."""
    header = draw(st.sampled_from(["Value,Description,Reference", "Value,Description", "", "\ufeffValue,"
                                   "Description,Reference", "Reference,Value,Description,Extra"]))
    cell = st.one_of(st.sampled_from(REGISTRY_VALUES + REGISTRY_TEXTS), fragment)
    rows = draw(st.lists(st.lists(cell, max_size=5), max_size=8))
    lines = [header, *(",".join(draw(st.sampled_from(["{}", '"{}"'])).format(value) for value in row)
                       for row in rows)]
    data = draw(newline).join(lines).encode("utf-8")
    return data + draw(st.sampled_from([b"", b"\xff", b'"' + b"x" * 140_000 + b'"', b'"\n' * 60_000]))


@settings(PROPERTY, max_examples=EXAMPLES // 2)
@given(data=registry_bytes())
def test_any_registry_gives_entries_or_path_line_errors(tmp_path: Path, data: bytes) -> None:
    """A generated registry CSV gives entries by code or a ContentError whose lines are `path:line: ...`."""
    path = tmp_path / "content" / "registry.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    try:
        entries = read_registry(path)
    except ContentError as error:
        assert_problem_lines(error)
        return
    assert all(isinstance(code, int) and entry.status for code, entry in entries.items())
