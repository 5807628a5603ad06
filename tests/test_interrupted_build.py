"""A build killed with SIGKILL at any point leaves only complete files; a failed build leaves the folder as it was."""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.output.write import MANIFEST, UNFINISHED
from conftest import CONTENT, TEMPLATES
from support import files_of

pytestmark = pytest.mark.slow  # hundreds of builds, killed part-way
ROOT = TEMPLATES.parent
TEMPORARY_NAME = re.compile(r"\..+\.\d+\.tmp")  # `.index.html.<pid>.tmp`: may be left behind by a kill
# Runs build.py's main and SIGKILLs itself at the k-th file operation of the write stage: halfway through
# writing a temporary file, or just before a rename, an unlink or an rmdir. Only the standard library's
# functions are wrapped, to stop at an exact point; the build's own code runs unchanged.
KILLER = """
import os, pathlib, signal, sys
sys.path.insert(0, sys.argv[1])
from statusdocs import cli
from statusdocs.output.write import MANIFEST, UNFINISHED
stop, count = int(sys.argv[2]), 0
write_bytes, replace, unlink, rmdir = pathlib.Path.write_bytes, os.replace, os.unlink, os.rmdir

def reached():
    global count
    count += 1
    return count == stop

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def killing_write(self, data):
    if reached():
        write_bytes(self, data[: len(data) // 2])
        die()
    return write_bytes(self, data)

def wrap(function):
    def killing(*args, **kwargs):
        if reached():
            die()
        return function(*args, **kwargs)
    return killing

pathlib.Path.write_bytes = killing_write
os.replace, os.unlink, os.rmdir = wrap(replace), wrap(unlink), wrap(rmdir)  # pathlib's unlink and rmdir call these
status = cli.main(sys.argv[3:])
print("operations", count)
sys.exit(status)
"""


def make_new_content(folder: Path) -> Path:
    """Copy the real content with a new title (so every page changes), 510 removed and 419 added."""
    shutil.copytree(CONTENT, folder)
    document = folder / "http-status.md"
    text = document.read_text(encoding="utf-8").replace("title: HTTP 状态码", "title: HTTP 状态码（新版）", 1)
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("| 510 ")]
    at = next(i for i, line in enumerate(lines) if line.startswith("| 417 ")) + 1
    lines.insert(at, "| 419 | 为测试加入的状态码。 |\n")
    document.write_text("".join(lines), encoding="utf-8")
    return folder


def assert_old_or_new(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    """Assert every file in `out` is a complete file of the old or the new build; return which kinds occur."""
    kinds = set()
    for relative, data in files_of(out).items():
        if TEMPORARY_NAME.fullmatch(relative.rsplit("/", 1)[-1]):
            kinds.add("temporary")
            continue
        if relative == MANIFEST and data == intended_manifest(old, new):
            kinds.add("intent")  # written before the files: it names the old and the new build's files
            continue
        assert data in (old.get(relative), new.get(relative)), f"{relative} is neither the old nor the new file"
        kinds.add("new" if data == new.get(relative) and data != old.get(relative) else "old")
    return kinds


def intended_manifest(old: dict[str, bytes], new: dict[str, bytes]) -> bytes:
    """Return the manifest a build writes before its files: every file of the old and the new build."""
    listed = [set(files[MANIFEST].decode("utf-8").splitlines()[1:]) for files in (old, new) if MANIFEST in files]
    header = new[MANIFEST].decode("utf-8").splitlines(keepends=True)[0] + UNFINISHED
    return (header + "".join(f"{path}\n" for path in sorted(set().union(*listed)))).encode("utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """Return the new content folder, an old site, and the files of the old and the new build."""
    root = tmp_path_factory.mktemp("builds")
    new_content = make_new_content(root / "content")
    assert cli.main(["--out", str(root / "old"), "--content", str(CONTENT)]) == 0
    assert cli.main(["--out", str(root / "new"), "--content", str(new_content)]) == 0
    old, new = files_of(root / "old"), files_of(root / "new")
    assert "codes/419/index.html" in new and "codes/510/index.html" not in new
    assert all(old[path] != new[path] for path in new if path.endswith(".html") and path in old)
    return new_content, root / "old", old, new


def run_killer(stop: int, out: Path, content: Path) -> subprocess.CompletedProcess[str]:
    """Build `content` into `out` in a child process that SIGKILLs itself at file operation `stop`."""
    return subprocess.run([sys.executable, "-c", KILLER, str(ROOT), str(stop), "--out", str(out),
                           "--content", str(content)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("start", ["old site", "empty folder"])
@pytest.mark.slow("kills builds at many points and checks every file: 5-15 s")
def test_build_killed_at_many_points_leaves_complete_files_and_recovers(builds: tuple, tmp_path: Path,
                                                                      start: str) -> None:
    """After a SIGKILL at any write, unlink or rename, each file is old or new; the next build is exact."""
    new_content, old_site, old, new = builds
    out = tmp_path / "out"
    old = old if start == "old site" else {}

    def reset_out() -> None:
        shutil.rmtree(out, ignore_errors=True)
        if old:
            shutil.copytree(old_site, out)

    reset_out()
    finished = run_killer(0, out, new_content)  # stop 0 never comes: count the file operations from this start
    operations = int(finished.stdout.split("operations")[1])
    seen: set[str] = set()
    for stop in kill_points(operations):
        reset_out()
        killed = run_killer(stop, out, new_content)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        seen |= assert_old_or_new(out, old, new)
        assert cli.main(["--out", str(out), "--content", str(new_content)]) == 0
        assert files_of(out) == new
    assert seen >= {"temporary", "new"} | ({"old"} if old else set())  # the kills did land mid-write


def kill_points(operations: int) -> list[int]:
    """Return about 30 kill points spread over the write stage, with its first and last few."""
    step = max(1, operations // 24)
    return sorted({*range(1, 4), *range(1, operations + 1, step), *range(operations - 2, operations + 1)})


def test_build_killed_after_a_delay_leaves_complete_files(builds: tuple, tmp_path: Path) -> None:
    """`python build.py` SIGKILLed from outside at several moments leaves old or new files, then recovers."""
    new_content, old_site, old, new = builds
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "build.py"), "--out", str(out), "--content", str(new_content)]
    shutil.copytree(old_site, out)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.perf_counter() - started
    for fraction in (0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0):
        shutil.rmtree(out)
        shutil.copytree(old_site, out)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_old_or_new(out, old, new)
        assert subprocess.run(command, capture_output=True).returncode == 0
        assert files_of(out) == new


@pytest.mark.parametrize("breakage", ["content", "template"])
def test_failed_build_leaves_the_output_folder_byte_identical(builds: tuple, tmp_path: Path, breakage: str) -> None:
    """A build that fails on bad content or a broken template exits 1 and changes nothing in the folder."""
    new_content, old_site, old, _ = builds
    shutil.copytree(old_site, tmp_path / "out")
    shutil.copytree(new_content, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    if breakage == "content":
        with (tmp_path / "content" / "http-status.md").open("a", encoding="utf-8") as file:
            file.write("\n## 更多\n\n| code | 描述 |\n| --- | --- |\n| 4O4 | 字母 O |\n")
    else:
        (tmp_path / "templates" / "code.html").write_text("{% block main %}{{ code.nothing }}{% endblock %}",
                                                         encoding="utf-8")
    before = {path: path.stat().st_mtime_ns for path in (tmp_path / "out").rglob("*")}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(tmp_path / "out"), "--content",
                             str(tmp_path / "content"), "--templates", str(tmp_path / "templates")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert files_of(tmp_path / "out") == old
    assert {path: path.stat().st_mtime_ns for path in (tmp_path / "out").rglob("*")} == before
