"""The output folder: a build removes only files an earlier build wrote, and refuses folders it must not touch."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import CONTENT, TEMPLATES
from statusdocs.model import ContentError, Settings
from statusdocs.output.write import MANIFEST
from support import files_of, run_build

ROOT = TEMPLATES.parent


def built_files(out: Path) -> set[str]:
    """Return the files the manifest in `out` lists."""
    return {line for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines() if not line.startswith("#")}


def test_building_into_the_current_folder_keeps_the_site(real_site: Path, tmp_path: Path) -> None:
    """`cd site && python ../build.py --out .` leaves the whole site, twice in a row."""
    out = tmp_path / "site"
    assert run_build("--out", str(out)).returncode == 0
    for _ in range(2):
        result = run_build("--out", ".", cwd=out)
        assert result.returncode == 0, result.stderr
        assert files_of(out) == files_of(real_site)
    assert built_files(out) | {MANIFEST} == set(files_of(out))


def test_a_users_files_beside_the_site_are_kept(tmp_path: Path, content_copy: Path) -> None:
    """Files no build wrote stay through builds, in the folder and in the built subfolders."""
    out = tmp_path / "project"
    mine = {".git/HEAD": b"ref: refs/heads/main\n", "notes.txt": b"mine", "codes/my-notes.md": b"notes",
            "codes/402/draft.txt": b"draft"}
    for relative, data in mine.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(data)
    (out / "classes").mkdir()  # an empty folder of a built site's name: no reason to refuse
    cli.build(content_copy, content_copy.parent / "templates", out, Settings())
    source = content_copy / "http-status.md"
    source.write_text(source.read_text(encoding="utf-8").replace("| 402  |  保留，未被使用 |\n", "")
                      .replace("| 403  |", "| 419  |"), encoding="utf-8")
    cli.build(content_copy, content_copy.parent / "templates", out, Settings())
    files = files_of(out)
    assert {relative: files.get(relative) for relative in mine} == mine
    assert "codes/402/index.html" not in files and "codes/403/index.html" not in files
    assert "codes/419/index.html" in files and "codes/404/index.html" in files
    assert not (out / "codes" / "403").exists()  # left empty by the removal: removed too


@pytest.mark.parametrize("collision", ["index.html", "404.html", "codes/404/index.html"])
def test_a_file_the_build_did_not_write_is_never_replaced(tmp_path: Path, collision: str) -> None:
    """A user's file where the build would write: exit 1, one line naming it, nothing changed."""
    out = tmp_path / "project"
    (out / collision).parent.mkdir(parents=True)
    (out / collision).write_text("my own page", encoding="utf-8")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    before = files_of(out)
    result = run_build("--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{out / collision}: not replacing what no earlier build of this tool wrote (not listed in {MANIFEST}); "
        "move it away or choose another --out",
        f"build failed: 1 problem(s); {out} left unchanged"]
    assert files_of(out) == before


def test_a_site_built_without_a_manifest_is_not_wiped(tmp_path: Path, content_copy: Path) -> None:
    """An older build's folder (no manifest): identical files are taken over, nothing of it is removed."""
    out = tmp_path / "old"
    source = content_copy / "http-status.md"
    source.write_text(source.read_text(encoding="utf-8").replace("| 403  |", "| 419  |"), encoding="utf-8")
    cli.build(content_copy, content_copy.parent / "templates", out, Settings())
    (out / MANIFEST).unlink()  # as a build before the manifest left it
    with pytest.raises(ContentError, match="not replacing what no earlier build of this tool wrote"):
        cli.build(CONTENT, TEMPLATES, out, Settings())  # its pages differ: they are not replaced
    shutil.rmtree(out)
    cli.build(CONTENT, TEMPLATES, out, Settings())
    (out / MANIFEST).unlink()
    (out / "codes" / "419").mkdir()
    (out / "codes" / "419" / "index.html").write_text("an old page", encoding="utf-8")
    cli.build(CONTENT, TEMPLATES, out, Settings())  # same bytes: taken over
    assert (out / "codes" / "419" / "index.html").read_text(encoding="utf-8") == "an old page"
    assert "codes/404/index.html" in built_files(out) and "codes/419/index.html" not in built_files(out)


def test_a_manifest_cannot_remove_files_outside_the_folder(tmp_path: Path) -> None:
    """Entries with `..`, absolute paths or links out of the folder are ignored."""
    out, outside = tmp_path / "site", tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    cli.build(CONTENT, TEMPLATES, out, Settings())
    (out / "link").symlink_to(tmp_path)
    with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write(f"../outside.txt\n{outside}\nlink/outside.txt\n")
    cli.build(CONTENT, TEMPLATES, out, Settings())
    assert outside.read_text(encoding="utf-8") == "keep"


def protected_spellings(tmp_path: Path) -> dict[str, str]:
    """Return spellings of the content, templates and project folders, and of a folder holding them."""
    (tmp_path / "link-to-content").symlink_to(CONTENT)
    return {
        "templates": str(TEMPLATES), "content relative": os.path.relpath(CONTENT, "/"),
        "content under ..": f"{TEMPLATES}/../content", "content with .": f"{CONTENT}/.",
        "content through a link": str(tmp_path / "link-to-content"), "inside content": f"{CONTENT}/site",
        "inside templates": f"{TEMPLATES}/assets", "project": str(ROOT), "project as ..": f"{CONTENT}/..",
        "above the project": str(ROOT.parent), "filesystem root": "/",
    }


@pytest.mark.parametrize("case", ["templates", "content relative", "content under ..", "content with .",
                                  "content through a link", "inside content", "inside templates", "project",
                                  "project as ..", "above the project", "filesystem root"])
def test_the_build_never_writes_into_what_it_reads(tmp_path: Path, case: str) -> None:
    """--out naming content/, templates/ or the project, however spelt: one line, exit 1, nothing changed."""
    before = files_of(CONTENT), files_of(TEMPLATES)
    out = protected_spellings(tmp_path)[case]
    result = run_build("--out", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first, last = result.stderr.splitlines()
    assert first.startswith(f"{Path(out)}: output folder ") and "give a folder of its own, such as site/" in first
    assert last == f"build failed: 1 problem(s); {Path(out)} left unchanged"
    assert (files_of(CONTENT), files_of(TEMPLATES)) == before


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: (tmp / "file").write_text("x") and tmp / "file", "output folder is a file; give a folder"),
    (lambda tmp: (tmp / "file").write_text("x") and tmp / "file" / "sub",
     "output folder is under {tmp}/file, which is a file; give a folder"),
    (lambda tmp: (tmp / "dangling").symlink_to(tmp / "nowhere") or tmp / "dangling",
     "output folder is a symbolic link to a missing path"),
], ids=["a file", "under a file", "a dangling link"])
def test_an_out_that_cannot_be_a_folder_is_one_line(tmp_path: Path, make: object, message: str) -> None:
    out = make(tmp_path)  # type: ignore[operator]
    result = run_build("--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"{out}: {message.format(tmp=tmp_path)}"
    assert not (tmp_path / "nowhere").exists()


def test_the_manifest_lists_exactly_the_built_files(real_site: Path) -> None:
    """The manifest names every file of the build and nothing else; it is written like the other files."""
    files = set(files_of(real_site)) - {MANIFEST}
    assert built_files(real_site) == files
    assert (real_site / MANIFEST).read_text(encoding="utf-8").startswith("# ")
