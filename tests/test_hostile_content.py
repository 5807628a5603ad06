"""Property tests: any content, however broken, gives records or `path:line` errors, never a traceback."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from statusdocs.model import ContentError, Settings
from statusdocs.parse import NEWLINE, normalize_text, read_documents, tokenize
from statusdocs.rows import CODE_HEADERS, DESCRIPTION_HEADERS
from statusdocs.records import build_site
from statusdocs.registry import read_registry, reason_phrases
from statusdocs.render import render_pages

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
          "\ufeff", "\u200b", "\u202e", "０", "４", "٤", "²", "𝟒", "🙂", "<script>alert(1)</script>",
          "[x](javascript:alert(1))", "![i](http://x/i.png)", "404", "4xx", "200", "99", "1000", ":"]
SCALARS = ["2020-08-11", "2020-13-45", "2020-02-30 25:61:00", "1" * 5000, "0x" + "f" * 5000, "1e999",
           "[", "{", "]", "*undefined", "&a [*a]", "!!python/object:os.system", "!!binary ===", "? [a]",
           "'", '"', "|", ">", "~", "null", "yes", ".nan", "{a: [b, {c: d}]}", "[" * 60 + "]" * 60]

text = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(TRICKY)), max_size=20).map("".join)
fragment = st.one_of(text, st.sampled_from(TRICKY), st.lists(st.sampled_from(TRICKY), max_size=8).map("".join))
code_cell = st.one_of(st.integers(0, 1000).map(str), st.integers(100, 599).map(str),
                      st.sampled_from(["9" * 4301, "1" * 5000, "0404", "４０４", "٤٠٤", "404.0", "+404", "4 04"]),
                      st.integers(0, 6000).map(lambda n: "9" * n), fragment)
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
def front_matter(draw: st.DrawFn) -> str:
    """Draw a YAML front matter block, often broken."""
    keys = st.sampled_from(["title", "date", "tags", "categories", "", "title:", "- x", "  ", "\u00a0title", "ｔｉｔｌｅ"])
    lines = [f"{draw(keys)}: {draw(st.one_of(st.sampled_from(SCALARS), fragment))}"
             for _ in range(draw(st.integers(0, 4)))]
    closing = draw(st.sampled_from(["---", "---", "...", "", "--- x"]))
    return "\n".join(["---", *lines, closing])


block = st.one_of(
    table(), table(), front_matter(), fragment,
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
def test_any_content_gives_records_or_path_line_errors(tmp_path: Path, files: list[bytes]) -> None:
    """Generated content files give a site's records and pages, or a ContentError whose lines are `path:line: ...`."""
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    for old in content.iterdir():
        old.unlink()
    for index, data in enumerate(files):
        (content / f"{index}.md").write_bytes(data)
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
    if site.codes:  # rendering compiles the templates afresh: only worth it for a site with pages
        pages = render_pages(site, TEMPLATES, Settings())
        assert all(isinstance(data, bytes) or data.encode("utf-8") for data in pages.values())  # objects.inv is bytes


def assert_no_row_lost(name: str, text: str, sources: set[str]) -> None:
    """Assert every line written as a table row (outside code and HTML blocks) is a header, or a record's,
    a class note's or a warning's line (a warning on a table's header line names all its rows)."""
    lines = NEWLINE.split(normalize_text(text))
    structural: set[int] = set()
    for token in tokenize(text):
        if token.type in ("fence", "code_block", "html_block", "front_matter") and token.map:
            structural.update(range(token.map[0], token.map[1]))
        elif token.type == "table_open" and token.map:
            skipped = f"{name}:{token.map[0] + 1}" in sources
            structural.update(range(*token.map) if skipped else (token.map[0], token.map[0] + 1))
    for number, line in enumerate(lines):
        if number not in structural and line.strip()[:1] == "|" and line.strip().count("|") >= 2:
            assert f"{name}:{number + 1}" in sources, f"{name}:{number + 1} was lost: {line!r}"


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
