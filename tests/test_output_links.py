"""Every write and removal lands inside the output folder: links, a strict manifest, files in folders' places, locks."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import CONTENT, TEMPLATES
from statusdocs.model import Settings
from statusdocs.output.write import MANIFEST, UNFINISHED

ROOT = TEMPLATES.parent


def tree(folder: Path) -> dict[str, bytes | str]:
    """Return every file (its bytes) and every link (its target) under `folder` by relative path, hidden ones too."""
    found: dict[str, bytes | str] = {}
    for parent, folders, names in os.walk(folder):  # links to folders are listed, never followed
        for path in (Path(parent) / name for name in folders + names):
            if path.is_symlink() or path.is_file():
                found[path.relative_to(folder).as_posix()] = os.readlink(path) if path.is_symlink() else path.read_bytes()
    return found


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """Run build.py's command line in this process; return its exit status and its stderr lines."""
    status = cli.main(list(args))
    return status, capsys.readouterr().err.splitlines()


def test_a_link_to_the_templates_assets_is_not_written_through(content_copy: Path, capsys) -> None:
    """`site/assets -> templates/assets`: one line naming the link; the template sources and the site stay."""
    templates, out = content_copy.parent / "templates", content_copy.parent / "site"
    sources = ("--content", str(content_copy), "--templates", str(templates), "--out", str(out))
    assert run_main(capsys, *sources)[0] == 0
    for asset in (out / "assets").iterdir():
        asset.unlink()
    (out / "assets").rmdir()
    (out / "assets").symlink_to(templates / "assets")
    before = tree(templates), tree(out)
    status, errors = run_main(capsys, *sources)
    assert status == 1 and errors[0] == (
        f"{out}/assets: a symbolic link to {templates}/assets, out of the output folder; "
        "the build writes nothing through it: remove the link or choose another --out")
    assert (tree(templates), tree(out)) == before


def test_a_link_to_another_folder_gets_no_pages(tmp_path: Path, capsys) -> None:
    """`out/codes -> elsewhere/`: refused before anything is written; elsewhere/ stays empty."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "codes").symlink_to(elsewhere)
    status, errors = run_main(capsys, "--out", str(out))
    assert status == 1 and errors[0] == (
        f"{out}/codes: a symbolic link to {elsewhere}, out of the output folder; "
        "the build writes nothing through it: remove the link or choose another --out")
    assert list(elsewhere.iterdir()) == [] and tree(out) == {"codes": str(elsewhere)}


def test_a_link_inside_the_folder_is_written_through(real_site: Path, tmp_path: Path) -> None:
    """A link that stays in the output folder is no reason to refuse: the build lands inside it."""
    out = tmp_path / "out"
    (out / "real-assets").mkdir(parents=True)
    (out / "assets").symlink_to("real-assets")
    cli.build(CONTENT, TEMPLATES, out, Settings())
    assert (out / "real-assets" / "style.css").read_bytes() == (real_site / "assets" / "style.css").read_bytes()


def test_removal_never_reaches_out_through_a_link(real_site: Path, tmp_path: Path, capsys) -> None:
    """A manifest line through a link out of the folder removes nothing there, not even an empty folder."""
    out, outside = tmp_path / "out", tmp_path / "outside"
    (outside / "empty").mkdir(parents=True)
    (outside / "page.html").write_text("mine", encoding="utf-8")
    shutil.copytree(real_site, out)
    (out / "link").symlink_to(outside)
    with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write("link/empty/index.html\nlink/page.html\n")
    status, errors = run_main(capsys, "--out", str(out))
    assert status == 0 and errors == [
        f"{out}/link: warning: a symbolic link to {outside}, out of the output folder; "
        f"not removing {relative} through it" for relative in ("link/empty/index.html", "link/page.html")]
    assert tree(outside) == {"page.html": b"mine"} and (outside / "empty").is_dir()
    assert tree(out) == tree(real_site) | {"link": str(outside)}


def test_a_manifest_line_naming_a_built_page_through_a_link_removes_nothing(real_site: Path, tmp_path: Path,
                                                                           capsys) -> None:
    """`alias -> codes` in the folder and `alias/404/index.html` listed: the page it just wrote stays."""
    out = tmp_path / "site"
    shutil.copytree(real_site, out)
    (out / "alias").symlink_to("codes")
    with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write("alias/404/index.html\n")
    assert run_main(capsys, "--out", str(out)) == (0, [])
    assert tree(out) == tree(real_site) | {"alias": "codes"}


@pytest.mark.parametrize(("line", "warning"), [
    (b"./codes/404/index.html", "ignored './codes/404/index.html': not a normalised relative path"),
    (b"codes/429/index.html/", "ignored 'codes/429/index.html/': not a normalised relative path"),
    (b"index.html/.", "ignored 'index.html/.': not a normalised relative path"),
    (b"codes//404/index.html", "ignored 'codes//404/index.html': not a normalised relative path"),
    (b"codes/../index.html", "ignored 'codes/../index.html': not a normalised relative path"),
    (b"/index.html", "ignored '/index.html': an absolute path"),
    (MANIFEST.encode(), f"ignored '{MANIFEST}': the manifest itself"),
    (b"codes/404/index.html\x00\x00", "ignored 'codes/404/index.html\\x00\\x00': a control character in the path"),
    (b"\x00" * 4, "ignored '\\x00\\x00\\x00\\x00': a control character in the path"),
    (b"codes/404/index.html\r", "ignored 'codes/404/index.html\\r': a control character in the path"),
    (b"codes/\xff/index.html", "ignored 'codes/\\xff/index.html': not UTF-8"),
], ids=["dot segment first", "trailing slash", "dot segment last", "empty segment", "dot-dot segment", "absolute",
        "the manifest", "NUL after a path", "NUL line of a killed build", "carriage return", "not UTF-8"])
def test_a_manifest_line_that_is_not_a_normalised_path_is_ignored(real_site: Path, tmp_path: Path, capsys,
                                                                 line: bytes, warning: str) -> None:
    """An odd manifest line: one warning naming the manifest and its line, and a complete site; said once."""
    out = tmp_path / "site"
    shutil.copytree(real_site, out)  # as a build leaves it
    with (out / MANIFEST).open("ab") as manifest:
        manifest.write(line + b"\n")
    number = (out / MANIFEST).read_bytes().count(b"\n")
    status, errors = run_main(capsys, "--out", str(out))
    assert status == 0 and tree(out) == tree(real_site)
    assert errors == [f"{out / MANIFEST}:{number}: warning: {warning}"]
    assert run_main(capsys, "--out", str(out)) == (0, [])  # the manifest was written anew: no warning again


def test_a_killed_builds_manifest_with_a_nul_line_breaks_no_build(real_site: Path, tmp_path: Path, capsys) -> None:
    """A manifest marked unfinished, NUL bytes in its last line (as a crash leaves it): a warning, the full site."""
    out = tmp_path / "site"
    shutil.copytree(real_site, out)  # as a build leaves it
    header, *paths = (out / MANIFEST).read_text(encoding="utf-8").splitlines(keepends=True)
    (out / MANIFEST).write_text(header + UNFINISHED + "".join(paths[:-1]) + "codes/\x00\x00\x00/index.html\n",
                                encoding="utf-8")
    status, errors = run_main(capsys, "--out", str(out))
    assert status == 0 and tree(out) == tree(real_site)
    assert errors == [f"{out / MANIFEST}:{len(paths) + 2}: warning: ignored 'codes/\\x00\\x00\\x00/index.html': "
                      "a control character in the path"]


@pytest.mark.parametrize("blocker", ["codes", "codes/404", "api"])
def test_a_file_where_the_build_needs_a_folder_is_named_first(tmp_path: Path, capsys, blocker: str) -> None:
    """A user's file named `codes` (or `codes/404`): one line naming it, and nothing written."""
    out = tmp_path / "out"
    path = out / blocker
    path.parent.mkdir(parents=True)
    path.write_text("mine", encoding="utf-8")
    before = tree(out)
    status, errors = run_main(capsys, "--out", str(out))
    assert status == 1 and "Traceback" not in "\n".join(errors)
    assert errors[0] == f"{path}: a file where the build needs a folder; move it away or choose another --out"
    assert tree(out) == before


def test_a_folder_where_the_build_writes_a_file_is_named_first(real_site: Path, tmp_path: Path, capsys) -> None:
    """A folder in place of a page the last build wrote: one line naming it, nothing half written."""
    out = tmp_path / "out"
    shutil.copytree(real_site, out)
    (out / "codes" / "404" / "index.html").unlink()
    (out / "codes" / "404" / "index.html").mkdir()
    (out / "index.html").write_text("changed", encoding="utf-8")
    before = tree(out)
    status, errors = run_main(capsys, "--out", str(out))
    assert status == 1 and errors[0] == (f"{out}/codes/404/index.html: a folder where the build writes a file; "
                                         "move it away or choose another --out")
    assert tree(out) == before and (out / "codes" / "404" / "index.html").is_dir()


def test_two_builds_at_once_give_one_complete_site(real_site: Path, tmp_path: Path) -> None:
    """Two builds started together into one folder: no error, and the folder is exactly one build's site."""
    for attempt in range(4):  # without the lock, two writers collide in most attempts
        out = tmp_path / f"out{attempt}"
        errors: list[BaseException] = []

        def run() -> None:
            try:
                cli.build(CONTENT, TEMPLATES, out, Settings())
            except BaseException as error:  # noqa: BLE001 - any failure of either build fails the test
                errors.append(error)
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and tree(out) == tree(real_site)


@pytest.mark.slow
def test_a_build_waits_for_the_build_that_holds_the_folder(real_site: Path, tmp_path: Path) -> None:
    """While another build holds the folder, `build.py` says it waits, writes nothing, then builds in full."""
    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # what a running build holds while it writes
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--out", str(out)], cwd="/",
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr.readline() == f"{out}: waiting for another build into this folder to finish\n"
        assert list(out.iterdir()) == []
    finally:
        os.close(holder)
        assert process.wait(timeout=60) == 0 and process.stderr.read() == ""
    assert tree(out) == tree(real_site)
