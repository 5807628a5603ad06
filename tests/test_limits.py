"""Oversized content is refused quickly with a `path:line` error; the real content builds fast."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import build
from conftest import CONTENT, TEMPLATES
from statusdocs.model import ContentError, Settings
from statusdocs.files import MAX_FILE_BYTES
from statusdocs.parse import MAX_LINE_CHARS, read_documents
from statusdocs.registry import read_registry

TABLE = "## 信息响应\n\n| code | 描述 |\n| --- | --- |\n| 100 | 继续。 |\n"
LONG = "长" * (MAX_LINE_CHARS + 1)

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
    build.build(CONTENT, TEMPLATES, tmp_path / "site", Settings())
    assert time.perf_counter() - started < 1.0
