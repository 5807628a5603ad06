"""The site memo: a repeat build skips markdown-it and PyYAML, and the memo never changes what a build reads."""
from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from statusdocs import pipeline
from statusdocs.cache import Cache, open_cache
from statusdocs.memo import MAX_SITES, SiteMemo
from statusdocs.model import ContentError, Site
from statusdocs.pipeline import LoadedSite, load_site, read_content
from support import files_of

ROOT = Path(__file__).resolve().parent.parent
# Builds in a child process and says which of PyYAML and markdown-it it imported.
SCRIPT = ("import sys, build; status = build.main(['--content', sys.argv[1], '--out', sys.argv[2]]); "
          "print('yaml' in sys.modules, 'markdown_it' in sys.modules); sys.exit(status)")


def run_build(content: Path, out: Path, temporary: Path) -> tuple[bool, str]:
    """Build in a new process whose caches live in `temporary`; return (PyYAML imported, index.html)."""
    return run_build_imports(content, out, temporary)[0], (out / "index.html").read_text(encoding="utf-8")


def run_build_imports(content: Path, out: Path, temporary: Path) -> tuple[bool, bool]:
    """Build in a new process whose caches live in `temporary`; return whether it imported PyYAML, markdown-it."""
    temporary.mkdir(exist_ok=True)
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(content), str(out)], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "TMPDIR": str(temporary), "STATUSDOCS_CACHE": str(temporary)},
                            timeout=60, check=True)
    yaml, markdown_it = result.stdout.splitlines()[-1].split()
    return yaml == "True", markdown_it == "True"


def test_a_repeat_build_imports_neither_pyyaml_nor_markdown_it(tmp_path: Path) -> None:
    first = run_build_imports(ROOT / "content", tmp_path / "first", tmp_path / "tmp")
    second = run_build_imports(ROOT / "content", tmp_path / "second", tmp_path / "tmp")
    assert first == (True, True) and second == (False, False)
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second")
    assert len(files_of(tmp_path / "first")) > 180


def test_a_changed_front_matter_is_read_again(tmp_path: Path, content_copy: Path) -> None:
    run_build(content_copy, tmp_path / "site", tmp_path / "tmp")
    document = content_copy / "http-status.md"
    document.write_text(document.read_text(encoding="utf-8").replace("title: HTTP 状态码", "title: 新标题"),
                        encoding="utf-8")
    imported, index = run_build(content_copy, tmp_path / "site", tmp_path / "tmp")
    assert imported and "<title>新标题</title>" in index


@pytest.fixture
def memo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the caches of this test's runs in a folder of its own, and return that folder."""
    folder = tmp_path / "memo"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("STATUSDOCS_CACHE", str(folder))
    return folder


def read_site(content: Path) -> Site:
    """Return the site's records as a build reads them: from the memo when it has them."""
    return load_site(content, open_cache()).records()


def make_site(content: Path) -> Site:
    """Return the site's records read anew, without the memo."""
    return read_content(content).records()


def test_the_memo_gives_the_site_read_anew(content_copy: Path, memo_folder: Path) -> None:
    fresh = make_site(content_copy)
    assert read_site(content_copy) == fresh == read_site(content_copy)
    assert len(list(memo_folder.glob("statusdocs-site-*.pickle"))) == 1


def test_a_repeat_read_takes_the_site_from_the_memo(content_copy: Path, memo_folder: Path) -> None:
    site = read_site(content_copy)
    [stored] = memo_folder.glob("statusdocs-site-*.pickle")
    loaded = pickle.loads(stored.read_bytes())
    stored.write_bytes(pickle.dumps(loaded._replace(site=site._replace(title="marked"))))
    assert read_site(content_copy).title == "marked"  # not read again from the files


@pytest.mark.parametrize(("path", "old", "new"), [
    ("http-status.md", "请求失败，文件不存在", "改过的描述"),
    ("supplement.md", "（我是茶壶）", "（茶壶）"),
    ("registry.csv", "Not Found", "Not Found Changed"),
    ("reference/headers.md", "| 4 | `120` |", "| 4 | `60` |"),
    ("reference/notes.md", "原文在“对POST，PUT或者DE”处截断", "原文截断"),
], ids=["source", "supplement", "registry", "facts", "notes"])
def test_a_change_to_any_file_read_is_read_anew(content_copy: Path, memo_folder: Path,
                                                path: str, old: str, new: str) -> None:
    before = read_site(content_copy)
    file = content_copy / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    after = read_site(content_copy)
    assert after != before and after == make_site(content_copy)
    assert len(list(memo_folder.glob("statusdocs-site-*.pickle"))) == 2


def test_an_added_or_removed_file_is_read_anew(content_copy: Path, memo_folder: Path) -> None:
    before = read_site(content_copy)
    (content_copy / "extra.md").write_text("## 额外\n\n| code | 描述 |\n|---|---|\n| 599 | 网络超时 |\n",
                                           encoding="utf-8")
    assert 599 in {code.code for code in read_site(content_copy).codes}
    (content_copy / "extra.md").unlink()
    assert read_site(content_copy) == before
    (content_copy / "reference" / "related.md").unlink()
    assert read_site(content_copy) == make_site(content_copy) != before


@pytest.mark.parametrize("stored", [b"not a pickle", pickle.dumps({"title": "a dict"}), b""],
                         ids=["garbage", "not-a-site", "empty"])
def test_a_memo_file_that_is_not_a_site_is_ignored(content_copy: Path, memo_folder: Path, stored: bytes) -> None:
    site = read_site(content_copy)
    [path] = memo_folder.glob("statusdocs-site-*.pickle")
    path.write_bytes(stored)
    assert read_site(content_copy) == site
    assert isinstance(pickle.loads(path.read_bytes()), LoadedSite)  # and written again


def test_content_with_a_problem_is_not_remembered(content_copy: Path, memo_folder: Path) -> None:
    document = content_copy / "http-status.md"
    document.write_text(document.read_text(encoding="utf-8").replace("| 404  |", "| 4O4  |"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ContentError, match=r"http-status\.md:\d+: "):
            read_site(content_copy)
    assert not list(memo_folder.iterdir())


def test_a_file_saved_during_the_read_is_not_remembered(content_copy: Path, memo_folder: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The site made from the old text must not be kept under the new text's name (nor the other way)."""
    read = pipeline.read_content
    document = content_copy / "supplement.md"

    def save_while_reading(content: Path, texts: dict[str, str] | None = None) -> LoadedSite:
        loaded = read(content, texts)
        document.write_text(document.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return loaded

    monkeypatch.setattr(pipeline, "read_content", save_while_reading)
    read_site(content_copy)
    assert not list(memo_folder.iterdir())


def test_the_memo_knows_a_content_folder_by_its_name(tmp_path: Path, memo_folder: Path) -> None:
    """Sources name the folder (`content/http-status.md:60`): a copy under another name is not the same read."""
    for name in ("content", "other"):
        shutil.copytree(ROOT / "content", tmp_path / name)
    for name in ("content", "other", "content", "other"):  # the second round from the memo
        site = read_site(tmp_path / name)
        assert {code.source.split("/")[0] for code in site.codes} == {name}
    assert len(list(memo_folder.glob("statusdocs-site-*.pickle"))) == 2


def test_the_memo_knows_the_code_that_reads(content_copy: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    reader = tmp_path / "reader.py"
    reader.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr("statusdocs.memo.READERS", [reader])
    texts = {"content/a.md": "| 404 | x |"}
    first = SiteMemo(Cache(tmp_path)).path_of(texts)
    reader.write_text("A = 2\n", encoding="utf-8")
    assert SiteMemo(Cache(tmp_path)).path_of(texts) != first
    other = {"content/a.md": "| 404 | y |"}
    assert SiteMemo(Cache(tmp_path)).path_of(other) != SiteMemo(Cache(tmp_path)).path_of(texts)


def test_the_memo_keeps_only_the_newest_sites(content_copy: Path, memo_folder: Path) -> None:
    notes = content_copy / "reference" / "notes.md"
    text = notes.read_text(encoding="utf-8")
    for number in range(MAX_SITES + 3):
        notes.write_text(text + "\n" * number, encoding="utf-8")
        read_site(content_copy)
    assert len(list(memo_folder.glob("statusdocs-site-*.pickle"))) == MAX_SITES
