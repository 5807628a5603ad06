"""Same input, same bytes: across runs, hash seeds, time settings, folders and file-system listing order."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import CONTENT, TEMPLATES
from support import files_of

ENVIRONMENTS = [
    {},
    {"PYTHONHASHSEED": "0"},
    {"PYTHONHASHSEED": "1", "TZ": "Asia/Shanghai"},
    {"PYTHONHASHSEED": "random", "TZ": "America/Los_Angeles"},
    {"SOURCE_DATE_EPOCH": "0"},
    {"SOURCE_DATE_EPOCH": "1700000000", "LC_ALL": "C", "PYTHONHASHSEED": "4242"},
]


def run_build(out: Path, content: Path, environment: dict[str, str]) -> dict[str, bytes]:
    """Run `python build.py` in a fresh interpreter with extra environment variables; return the files."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONHASHSEED", "SOURCE_DATE_EPOCH")}
    subprocess.run([sys.executable, str(TEMPLATES.parent / "build.py"), "--out", str(out), "--content",
                    str(content)], env=env | environment, check=True, capture_output=True)
    return files_of(out)


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda env: " ".join(f"{k}={v}" for k, v in env.items())
                         or "plain")
def test_build_gives_the_same_bytes_in_any_environment(real_site: Path, tmp_path: Path,
                                                       environment: dict[str, str]) -> None:
    """A fresh `python build.py` run gives byte for byte the files of the session's in-process build."""
    assert run_build(tmp_path / "elsewhere" / "out", CONTENT, environment) == files_of(real_site)


def test_rebuild_into_the_same_folder_rewrites_nothing(real_site: Path, tmp_path: Path) -> None:
    """A second build of unchanged content leaves every file, bytes and modification time, as it was."""
    out = tmp_path / "out"
    cli.main(["--out", str(out)])
    times = {path: path.stat().st_mtime_ns for path in out.rglob("*")}
    cli.main(["--out", str(out)])
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*")} == times
    assert files_of(out) == files_of(real_site)


def test_content_files_are_read_in_name_order_whatever_the_listing_order(tmp_path: Path) -> None:
    """Files created in opposite orders (so listed in different orders) give the same site; the first name wins."""
    sections = split_document((CONTENT / "http-status.md").read_text(encoding="utf-8"))
    names = ["e.md", "b.md", "d.md", "a.md", "c.md"]
    folders = []
    for order in (names, names[::-1]):
        folder = tmp_path / f"content-{order[0]}"
        folder.mkdir()
        (folder / "registry.csv").write_bytes((CONTENT / "registry.csv").read_bytes())
        for name in order:
            index = sorted(names).index(name)
            (folder / name).write_text(f"---\ntitle: 标题{name}\n---\n\n> 来源 {name}\n\n{sections[index]}",
                                       encoding="utf-8")
        folders.append(folder)
    listings = [[name for name in os.listdir(folder) if name.endswith(".md")] for folder in folders]
    if all(listing == sorted(listing) for listing in listings):
        pytest.skip("this file system lists both folders in name order, so order cannot be shown to not matter")
    sites = [run_build(tmp_path / f"out-{index}", folder, {}) for index, folder in enumerate(folders)]
    assert sites[0] == sites[1]
    assert "<title>标题a.md</title>".encode() in sites[0]["index.html"]
    assert "来源 a.md".encode() in sites[0]["index.html"]


def split_document(text: str) -> list[str]:
    """Return the five `## ` sections of the document, front matter and attribution left out."""
    sections = text.split("\n## ")[1:]
    assert len(sections) == 5
    return [f"## {section}" for section in sections]


def test_output_holds_no_build_date(real_site: Path) -> None:
    """No file carries today's date, so SOURCE_DATE_EPOCH has nothing to override; the only date is the content's."""
    today = date.today()
    stamps = [today.isoformat(), f"{today.year}年{today.month}月{today.day}日", today.strftime("%Y/%m/%d")]
    for relative, data in files_of(real_site).items():
        assert not [stamp for stamp in stamps if stamp.encode() in data], relative
    assert b'<time datetime="2020-08-11">' in files_of(real_site)["index.html"]
