"""Oversized content is refused quickly with a `path:line` error; the real content builds fast."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import CONTENT, TEMPLATES
from statusdocs.model import ContentError, Settings
from statusdocs.read.files import MAX_FILE_BYTES
from statusdocs.read.parse import MAX_LINE_CHARS, read_documents
from statusdocs.read.registry import read_registry
from statusdocs.read.rows import read_status_rows
from statusdocs.read.tables import Table

TABLE = "## 信息响应\n\n| code | 描述 |\n| --- | --- |\n| 100 | 继续。 |\n"
LONG = "长" * (MAX_LINE_CHARS + 1)
# The limits on the parsers' work, as the README states them.
MAX_LINES, MAX_TABLE_CELLS, MAX_MARKUP = 10_000, 20_000, 50_000
MARKUP = "!#$%&*+-:<=>@[\\]^_`{}~"  # markdown-it's inline terminators
MARKUP_LIMIT = (f"more than 50,000 Markdown markup characters ({' '.join(MARKUP)}) by this line, "
                "the limit for a content file")
CELL_LIMIT = "the tables hold more than 20,000 cells by this line, the limit for a content file"


def at_limits(lines: int = MAX_LINES, cells: int = MAX_TABLE_CELLS, markup: int = MAX_MARKUP) -> bytes:
    """Return a document of `lines` lines whose 4-column table has `cells` cells (rounded up to a row) and whose
    continuation rows hold `markup` markup characters: `*`, and the delimiter row's 12 dashes."""
    rows = -(-cells // 4) - 1  # the header row has 4 cells too
    stars, extra = divmod(markup - 12, rows)
    table = ["| code | 描述 | 备注 | 其他 |", "| --- | --- | --- | --- |", f"| 404 | {'*' * (stars + extra)} | x | x |"]
    table += [f"|  | {'*' * stars} | x | x |"] * (rows - 1)
    return "\n".join([*table, *("段落。" if number % 2 else "" for number in range(lines - len(table)))]).encode() + b"\n"

CASES = [
    ("over 10 MB", b"x" * (MAX_FILE_BYTES + 1),
     ["content/big.md:1: file is larger than 10 MB, the limit for a content file"]),
    ("long line", f"# 标题\n\n{LONG}\n{TABLE}".encode(),
     ["content/big.md:3: line is 100,001 characters long, over the limit of 100,000"]),
    ("long row", f"{TABLE}| 101 | {LONG} |\n".encode(),
     ["content/big.md:6: line is 100,011 characters long, over the limit of 100,000"]),
    ("two long lines, CR and CRLF breaks", f"a\rb\r\n{LONG}\n\n{LONG}".encode(),
     ["content/big.md:1: a carriage return (\\r) without a line feed ends this line early; remove it",
      "content/big.md:3: line is 100,001 characters long, over the limit of 100,000",
      "content/big.md:5: line is 100,001 characters long, over the limit of 100,000"]),
    ("a line over 10,000 lines", at_limits(lines=MAX_LINES + 1),
     ["content/big.md:10001: file has 10,001 lines, over the limit of 10,000"]),
    ("a million one-character paragraphs", b"x\n\n" * 1_000_000,
     ["content/big.md:10001: file has 2,000,000 lines, over the limit of 10,000"]),
    ("a markup character over", at_limits(markup=MAX_MARKUP + 1), [f"content/big.md:5001: {MARKUP_LIMIT}"]),
    ("6 MB of emphasis markers", (TABLE + f"|  | {'*' * 99_000} |\n" * 60).encode(),
     [f"content/big.md:6: {MARKUP_LIMIT}"]),
    ("a table row over", at_limits(cells=MAX_TABLE_CELLS + 1), [f"content/big.md:5002: {CELL_LIMIT}"]),
    ("2,000 columns x 900 rows", ("|" + " x |" * 2000 + "\n|" + " - |" * 2000 + "\n" +
                                  ("| 100 |" + " x |" * 1999 + "\n") * 900).encode(),
     [f"content/big.md:12: {CELL_LIMIT}"]),
    ("a short row padded to 2,000 columns", ("|" + " x |" * 2000 + "\n|" + " - |" * 2000 + "\n" +
                                             "| 100 |\n" * 20).encode(), [f"content/big.md:12: {CELL_LIMIT}"]),
    ("an HTML table padded to its widest row", ("<table>\n<tr>" + "<th>x</th>" * 200 + "</tr>\n" +
                                                "<tr><td>100</td></tr>\n" * 100 + "</table>\n").encode(),
     [f"content/big.md:2: {CELL_LIMIT}"]),
]


@pytest.mark.parametrize(("data", "problems"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_oversized_content_is_refused_before_parsing(tmp_path: Path, data: bytes, problems: list[str]) -> None:
    """A file over 10 MB or a line over 100,000 characters is one exact error, raised in well under a second."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "big.md").write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(ContentError) as error:
        read_documents(content)
    assert error.value.problems == problems
    assert time.perf_counter() - started < 1.0


def test_content_at_the_limits_is_accepted(tmp_path: Path) -> None:
    """The real document padded to exactly 10 MB, with lines of exactly 100,000 characters, still reads."""
    document = (CONTENT / "http-status.md").read_bytes()
    line = b"<!--" + b"x" * (MAX_LINE_CHARS - 7) + b"-->\n"
    padding = MAX_FILE_BYTES - len(document) - 1
    lines, rest = divmod(padding, len(line))
    (tmp_path / "content").mkdir()
    data = document + b"\n" + line * lines + b"<!--" + b"x" * (rest - 8) + b"-->\n"
    assert len(data) == MAX_FILE_BYTES and max(map(len, data.split(b"\n"))) == MAX_LINE_CHARS
    (tmp_path / "content" / "http-status.md").write_bytes(data)
    assert sum(len(document.rows) for document in read_documents(tmp_path / "content")) == 59


def test_content_at_every_limit_is_accepted(tmp_path: Path) -> None:
    """A document of exactly 10,000 lines, 20,000 table cells and 50,000 markup characters reads, every row of it."""
    data = at_limits()
    assert data.count(b"\n") == MAX_LINES and sum(map(data.decode().count, MARKUP)) == MAX_MARKUP
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "big.md").write_bytes(data)
    [document] = read_documents(tmp_path / "content")
    [row] = document.rows
    assert len(row.continued) == MAX_TABLE_CELLS // 4 - 2 and row.description.count("<br>") == len(row.continued)


def test_continuation_rows_join_in_linear_time() -> None:
    """9,999 continuation rows of 1,000 characters (10 MB, as many as the limits allow) join to their code in
    a second or two (0.45 s measured): joined row by row, each copying the text so far, they took 33 s."""
    rows = ((3, ("404", "说明")), *((line, ("", "x" * 1000)) for line in range(4, 10_003)))
    table = Table(1, "", 0, ("code", "描述"), tuple(rows))
    started = time.perf_counter()
    [row] = read_status_rows([table], "content/big.md", {}).rows
    assert time.perf_counter() - started < 2.0
    assert len(row.continued) == 9_999 and len(row.description) == 2 + 9_999 * 1004


def test_oversized_registry_is_refused(tmp_path: Path) -> None:
    """The registry CSV has the same limits as the documents."""
    path = tmp_path / "content" / "registry.csv"
    path.parent.mkdir()
    path.write_bytes(b"Value,Description,Reference\n100,Continue," + b"x" * MAX_LINE_CHARS + b"\n")
    with pytest.raises(ContentError) as error:
        read_registry(path)
    assert error.value.problems == ["content/registry.csv:2: line is 100,013 characters long, "
                                    "over the limit of 100,000"]


def test_build_refuses_an_oversized_file_quickly_with_exit_status_1(content_copy: Path) -> None:
    """`python build.py` on a 12 MB file stops in a few seconds at most, with one line of error and no traceback."""
    (content_copy / "huge.md").write_bytes(("| 100 | 继续。 |\n" * 600_000).encode())
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(TEMPLATES.parent / "build.py"), "--content", str(content_copy),
                             "--out", str(content_copy.parent / "out")], capture_output=True, text=True)
    assert time.perf_counter() - started < 5.0
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "content/huge.md:1: file is larger than 10 MB, the limit for a content file"
    assert not (content_copy.parent / "out").exists()


def test_real_content_builds_fast(tmp_path: Path) -> None:
    """Reading, rendering and writing the real site takes well under a second (about 0.03 s when measured)."""
    started = time.perf_counter()
    cli.build(CONTENT, TEMPLATES, tmp_path / "site", Settings())
    assert time.perf_counter() - started < 1.0
