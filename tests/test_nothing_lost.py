"""Content that would vanish stops the build: lost rows, unreadable files, a registry read wrongly."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, TEMPLATES
from statusdocs.model import ContentError
from statusdocs.read.parse import read_documents
from statusdocs.read.registry import read_registry
from support import run_build

ROOT = TEMPLATES.parent
ROW_303 = "| 303  |"
WATCHED = ("import sys; from statusdocs.serve import snapshot_files; "
           "print(*sorted(snapshot_files(sys.argv[1:])), sep='\\n')")


def lines_before(text: str, marker: str) -> int:
    """Return the number of lines before the one that starts with `marker`."""
    return text[: text.index(marker)].count("\n")


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda text: text.replace(ROW_303, "\n" + ROW_303, 1),
     "content/http-status.md:{after}: these 6 rows are cut off from the table above by the blank line {at} "
     "and would be lost: remove the blank line"),
    (lambda text: text.replace(ROW_303, " \t \n" + ROW_303, 1),
     "content/http-status.md:{after}: these 6 rows are cut off from the table above by the blank line {at} "
     "and would be lost: remove the blank line"),
    (lambda text: text.replace(ROW_303, "| 303 \r |", 1),
     "content/http-status.md:{at}: a carriage return (\\r) without a line feed ends this line early; remove it"),
    (lambda text: "", "content/http-status.md:1: no status code in this file: every *.md file of content/ is a "
                      "status document; add a table with a code column (headed code or 状态码), list items or headings that "
                      "start with a code (- 404 Not Found: …), or move the file"),
    (lambda text: text[:text.index("## ")], "content/http-status.md:1: no status code in this file: every *.md file "
     "of content/ is a status document; add a table with a code column (headed code or 状态码), list items or "
     "headings that start with a code (- 404 Not Found: …), or move the file"),
], ids=["blank line", "whitespace line", "stray carriage return", "emptied file", "front matter only"])
def test_a_table_cut_short_stops_the_build(tmp_path: Path, content_copy: Path, edit: object, expected: str) -> None:
    """The real document with 303-308 cut off its table: exit 1, the line named, the last site kept."""
    out = tmp_path / "out"
    assert run_build("--content", str(content_copy), "--out", str(out)).returncode == 0
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    source = content_copy / "http-status.md"
    text = source.read_text(encoding="utf-8")
    at = lines_before(text, ROW_303) + 1
    source.write_bytes(edit(text).encode("utf-8"))  # type: ignore[operator]
    result = run_build("--content", str(content_copy), "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == expected.format(at=at, after=at + 1)
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_a_content_file_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    """A FIFO named x.md would block the build on open: it is one line instead, at once."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "http-status.md").write_bytes((CONTENT / "http-status.md").read_bytes())
    os.mkfifo(content / "x.md")
    with pytest.raises(ContentError) as raised:
        read_documents(content)
    assert raised.value.problems == ["content/x.md:1: not a regular file; a content file must be one"]


def test_hidden_and_editor_files_are_ignored_by_build_and_watcher(tmp_path: Path) -> None:
    """Emacs' lock link, a hidden draft and backups: the build reads none, the watcher sees none."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "http-status.md").write_bytes((CONTENT / "http-status.md").read_bytes())
    (content / ".#http-status.md").symlink_to("user@host.1234:1700000000")  # dangling, as Emacs makes it
    for name in (".draft.md", "http-status.md~", "#http-status.md#"):
        (content / name).write_text("| code | 描述 |\n| --- | --- |\n| 4O4 | 坏的 |\n", encoding="utf-8")
    [document] = read_documents(content)
    assert len(document.rows) == 59
    watched = subprocess.run([sys.executable, "-c", WATCHED, str(content)], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout.splitlines()  # a process of its own: livereload stays out
    assert watched == [str(content / "http-status.md")]


REGISTRY_HEADER = "Value,Description,Reference\n"


@pytest.mark.parametrize(("rows", "problems"), [
    ('404,Not Found,"[RFC9110, Section 15.5.5]\n405,Method Not Allowed,"[RFC9110, Section 15.5.6]"\n',
     ["content/registry.csv:2: expected 3 fields (Value, Description, Reference), found 4: is a quote missing?"]),
    ('404,"Not Found,[RFC9110",Section 15.5.5]"\n',
     ["content/registry.csv:2: description 'Not Found,[RFC9110' holds a quote or a bracket: "
      "is a quote misplaced?"]),
    ('404,Not Found,"[RFC9110, Section 15.5.5]"\n404,Not Found,"[RFC9110, Section 15.5.5]"\n',
     ["content/registry.csv:3: status code 404 is listed twice (also at content/registry.csv:2)"]),
    ('404,Not\x00Found,"[RFC9110, Section 15.5.5]"\n',
     ["content/registry.csv:2: a field holds a line break or a control character: is a quote missing?"]),
], ids=["stray quote", "misplaced quote", "duplicate", "NUL byte"])
def test_a_registry_row_read_wrongly_is_a_path_line_error(tmp_path: Path, rows: str, problems: list[str]) -> None:
    path = tmp_path / "content" / "registry.csv"
    path.parent.mkdir()
    path.write_text(REGISTRY_HEADER + rows, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        read_registry(path)
    assert raised.value.problems == problems


def test_the_real_registry_reads_every_row() -> None:
    """Every code row of the shipped registry gives an entry (ranges and Unassigned rows give none)."""
    registry = read_registry(CONTENT / "registry.csv")
    assert len(registry) == 64 and registry[404].phrase == "Not Found" and registry[104].status == "temporary"
