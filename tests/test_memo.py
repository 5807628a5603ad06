"""The front matter memo: a repeat build skips PyYAML, and the memo never changes what a build reads."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from statusdocs.memo import MAX_ENTRIES, FrontMatterMemo
from statusdocs.model import ContentError
from statusdocs.parse import read_documents

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((Path(__file__).parent / "cases" / "valid").glob("*.md"))
REAL_FRONT_MATTER = "title: HTTP 状态码\ndate: 2020-08-11\ntags:\n - http\ncategories:\n - http"
# Builds in a child process and says whether it imported PyYAML.
SCRIPT = ("import sys, build; status = build.main(['--content', sys.argv[1], '--out', sys.argv[2]]); "
          "print('yaml' in sys.modules); sys.exit(status)")


def run_build(content: Path, out: Path, temporary: Path) -> tuple[bool, str]:
    """Build in a new process whose caches live in `temporary`; return (PyYAML imported, index.html)."""
    temporary.mkdir(exist_ok=True)
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(content), str(out)], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "TMPDIR": str(temporary)}, timeout=60, check=True)
    return result.stdout.splitlines()[-1] == "True", (out / "index.html").read_text(encoding="utf-8")


def test_a_repeat_build_does_not_import_pyyaml(tmp_path: Path) -> None:
    first = run_build(ROOT / "content", tmp_path / "first", tmp_path / "tmp")
    second = run_build(ROOT / "content", tmp_path / "second", tmp_path / "tmp")
    assert first[0] and not second[0]
    assert first[1] == second[1] and "<title>HTTP 状态码</title>" in first[1]


def test_a_changed_front_matter_is_read_again(tmp_path: Path, content_copy: Path) -> None:
    run_build(content_copy, tmp_path / "site", tmp_path / "tmp")
    document = content_copy / "http-status.md"
    document.write_text(document.read_text(encoding="utf-8").replace("title: HTTP 状态码", "title: 新标题"),
                        encoding="utf-8")
    imported, index = run_build(content_copy, tmp_path / "site", tmp_path / "tmp")
    assert imported and "<title>新标题</title>" in index


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_the_memo_reads_every_case_as_pyyaml_does(case: Path, tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / case.name).write_bytes(case.read_bytes())
    memo = FrontMatterMemo(tmp_path / "memo.json")
    parsed = read_documents(folder, memo)
    memo.save()
    assert read_documents(folder) == parsed == read_documents(folder, FrontMatterMemo(tmp_path / "memo.json"))


@pytest.mark.parametrize("stored", [
    "not json", "[]", '{"title: x": "x"}', json.dumps({REAL_FRONT_MATTER: {"title": 5, "date": None}}),
    json.dumps({REAL_FRONT_MATTER: {"title": "x"}}), json.dumps({REAL_FRONT_MATTER: {"title": "x", "extra": "y"}}),
    json.dumps({REAL_FRONT_MATTER: {"title": "x", "date": None}}),
], ids=["not-json", "a-list", "not-a-mapping", "title-not-text", "no-date", "another-key", "no-provenance"])
def test_a_memo_in_another_shape_is_ignored(tmp_path: Path, stored: str) -> None:
    path = tmp_path / "memo.json"
    path.write_text(stored, encoding="utf-8")
    source, supplement, unofficial = read_documents(ROOT / "content", FrontMatterMemo(path))
    assert (source.title, source.date, source.provenance) == ("HTTP 状态码", "2020-08-11", "source")
    assert (supplement.provenance, unofficial.provenance) == ("supplement", "unofficial")


def test_the_memo_keeps_only_the_newest_entries(tmp_path: Path) -> None:
    path = tmp_path / "memo.json"
    for number in range(MAX_ENTRIES + 5):
        memo = FrontMatterMemo(path)
        memo.put(f"title: {number}", {"title": str(number), "date": None, "provenance": None})
        memo.save()
    known = FrontMatterMemo(path).known
    assert len(known) == MAX_ENTRIES and "title: 4" not in known and known["title: 5"]["title"] == "5"


def test_front_matter_with_a_problem_is_not_remembered(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "bad.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    memo = FrontMatterMemo(tmp_path / "memo.json")
    for _ in range(2):
        with pytest.raises(ContentError, match=r"bad\.md:2: front matter is not valid YAML"):
            read_documents(folder, memo)
    memo.save()
    assert not memo.new and not (tmp_path / "memo.json").exists()


def test_a_memo_that_cannot_be_written_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "memo.json").mkdir()  # a folder where the file should go
    memo = FrontMatterMemo(tmp_path / "memo.json")
    read_documents(ROOT / "content", memo)
    memo.save()
    assert memo.new and [path.name for path in tmp_path.iterdir()] == ["memo.json"]
