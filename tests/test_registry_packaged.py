"""The registry ships with the generator: a content folder without registry.csv uses the copy statusdocs carries."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.cache import open_cache
from statusdocs.pipeline import load_site, read_content
from support import build_here as run_build, files_of

ROOT = Path(__file__).resolve().parent.parent
PACKAGED_REGISTRY = ROOT / "statusdocs" / "registry.csv"
# SHA-256 of IANA's registry of 2025-09-15 (files.PACKAGED_REGISTRY_DATE): a new copy needs a new date and digest.
DIGEST = "4a9550d4b4ae49cf41cf9050cf9b56b0d6082ad1edfc0e2b09b07f251a36d7a4"
DOCUMENT = """# 我的状态码

| 状态码 | 描述 |
| --- | --- |
| 200 | 请求成功，响应里带着结果。 |
| 404 | 服务器找不到请求的资源。 |
"""
NOTICE = ("content/registry.csv: not in the content folder; using the IANA registry of 2025-09-15 "
          "that statusdocs carries")


def make_content(parent: Path, registry: bytes | None = None) -> Path:
    """Return a folder `content` under `parent` holding DOCUMENT, and `registry` as its registry.csv if given."""
    content = parent / "content"
    content.mkdir(parents=True)
    (content / "codes.md").write_text(DOCUMENT, encoding="utf-8")
    if registry is not None:
        (content / "registry.csv").write_bytes(registry)
    return content


def phrase_of(out: Path, code: int) -> str:
    """Return the reason phrase a built site's API gives a code."""
    return json.loads((out / "api" / "codes" / f"{code}.json").read_text(encoding="utf-8"))["phrase"]


def changed_registry(phrase: str) -> bytes:
    """Return the shipped registry with 404's reason phrase replaced."""
    return (ROOT / "content" / "registry.csv").read_bytes().replace(b"\n404,Not Found,", f"\n404,{phrase},".encode())


def test_the_packaged_registry_is_ianas_of_its_date() -> None:
    """The copy is content/registry.csv byte for byte, the registry of the date the build names."""
    data = PACKAGED_REGISTRY.read_bytes()
    assert data == (ROOT / "content" / "registry.csv").read_bytes()
    assert hashlib.sha256(data).hexdigest() == DIGEST
    page = ROOT.parent / "shared" / "data" / "iana-http-status-codes.txt"  # IANA's own text, in the team's layout
    if page.exists():
        assert "Last Updated\n   2025-09-15\n" in page.read_text(encoding="utf-8")


def test_a_folder_without_registry_builds_as_with_a_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No registry.csv: the same pages as beside a copy of the registry, and one line saying so."""
    bare = make_content(tmp_path / "bare")
    assert run_build(bare, tmp_path / "bare-out", capsys) == (0, [NOTICE])
    copy = make_content(tmp_path / "copy", (ROOT / "content" / "registry.csv").read_bytes())
    assert run_build(copy, tmp_path / "copy-out", capsys) == (0, [])
    assert read_content(bare).records() == read_content(copy).records()
    assert files_of(tmp_path / "bare-out") == files_of(tmp_path / "copy-out")
    assert phrase_of(tmp_path / "bare-out", 404) == "Not Found"


def test_the_folders_own_registry_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path, changed_registry("Nowhere To Be Found"))
    assert run_build(content, tmp_path / "out", capsys) == (0, [])
    assert phrase_of(tmp_path / "out", 404) == "Nowhere To Be Found"


@pytest.mark.parametrize("make", [os.mkdir, lambda path: os.symlink("missing.csv", path)], ids=["folder", "dangling"])
def test_a_registry_that_is_not_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   make: Callable[[Path], object]) -> None:
    content = make_content(tmp_path)
    make(content / "registry.csv")
    assert run_build(content, tmp_path / "out", capsys) == (1, [
        "content/registry.csv:1: not a regular file; a content file must be one",
        f"build failed: 1 problem(s); {tmp_path / 'out'} left unchanged"])


def test_check_uses_the_packaged_registry_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert cli.main(["check", "--content", str(content)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"content/registry.csv: note: {NOTICE.partition(': ')[2]}" in out
    assert "statusdocs/registry.csv:9: warning: status code 201 Created is registered but not documented" in out


def test_adding_a_registry_after_a_build_is_read_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site memo keys on the registry a build uses: adding or removing the folder's own is seen."""
    monkeypatch.setenv("STATUSDOCS_CACHE", str(tmp_path / "memo"))
    content = make_content(tmp_path)
    phrase = {code.code: code.phrase for code in load_site(content, open_cache()).records().codes}[404]
    (content / "registry.csv").write_bytes(changed_registry("Nowhere To Be Found"))
    changed = {code.code: code.phrase for code in load_site(content, open_cache()).records().codes}[404]
    (content / "registry.csv").unlink()
    again = {code.code: code.phrase for code in load_site(content, open_cache()).records().codes}[404]
    assert (phrase, changed, again) == ("Not Found", "Nowhere To Be Found", "Not Found")
    assert len(list((tmp_path / "memo").glob("statusdocs-site-*.pickle"))) == 2


@pytest.mark.slow("copies the package and runs setuptools' build_py")
def test_the_package_carries_the_registry(tmp_path: Path) -> None:
    """What `pip install .` copies of the package holds the registry (setuptools' build_py, as a wheel has it)."""
    pytest.importorskip("setuptools", reason="setuptools builds the package")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "statusdocs", tmp_path / "statusdocs", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py", "--build-lib",
                    "lib"], cwd=tmp_path, check=True, capture_output=True, timeout=60)
    assert (tmp_path / "lib" / "statusdocs" / "registry.csv").read_bytes() == PACKAGED_REGISTRY.read_bytes()
