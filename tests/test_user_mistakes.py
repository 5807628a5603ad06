"""Every kind of problem a user can cause outside the content tables is one line naming the file, never a traceback.

Each kind is made in a copy of content/ and templates/ and built by `build.py` in a child process: the exit status
is 1 (0 where the build goes on), stderr holds no traceback and every line of it names the file concerned, and a
build that fails leaves the output folder byte for byte as it was.
"""
from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.read.files import input_texts
from statusdocs.cache import Cache
from statusdocs.memo import SiteMemo

ROOT = Path(__file__).resolve().parent.parent
CACHE = "statusdocs-cache"  # in tmp/, named by STATUSDOCS_CACHE: the user's cache folder
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"  # not UTF-8, as every image is not


@dataclass(frozen=True)
class Mistake:
    """One mistake, made in a copy of the project (content/, templates/, out/ and tmp/ for TMPDIR and the cache)."""

    make: Callable[[Path], object]
    expected: list[str]  # stderr's lines before the summary, `{root}` standing for the copy's folder
    status: int = 1
    content: str = "content"  # the --content folder in the copy


def append(path: Path, data: bytes) -> int:
    """Add `data` to the end of a file; return the number of the line it starts on."""
    old = path.read_bytes()
    path.write_bytes(old + data)
    return old.count(b"\n") + 1


def end_line(relative: str) -> int:
    """Return the line of a shipped file where text appended to it starts."""
    return (ROOT / relative).read_bytes().count(b"\n") + 1


def size(relative: str) -> int:
    """Return the size of a shipped file: the offset of a byte appended to it."""
    return (ROOT / relative).stat().st_size


def include_line() -> int:
    """Return the line of index.html that includes code-list.html."""
    lines = (ROOT / "templates" / "index.html").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if "code-list.html" in line)


def bad_row(folder: Path) -> None:
    """Add a content file whose third line is a mistyped code."""
    (folder / "extra.md").write_text("| 状态码 | 描述 |\n| --- | --- |\n| 4O4 | 错 |\n", encoding="utf-8")


def colon_folder(root: Path) -> None:
    """Name the content folder `http: content`, and give it a bad row to report."""
    (root / "content").rename(root / "http: content")
    bad_row(root / "http: content")


def surrogate_title(root: Path) -> None:
    """Give the source document a title YAML reads as a lone surrogate."""
    document = root / "content" / "http-status.md"
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("title: HTTP 状态码", 'title: "\\ud800"', 1), encoding="utf-8")


def cache_file(root: Path) -> None:
    """Put a file where the cache folder should be."""
    (root / "tmp").mkdir()
    (root / "tmp" / CACHE).write_text("not a folder\n", encoding="utf-8")


def registry_folder(root: Path) -> None:
    """Put a folder where the content's registry.csv is."""
    (root / "content" / "registry.csv").unlink()
    (root / "content" / "registry.csv").mkdir()


def planted_cache(root: Path) -> None:
    """Leave a cache folder anyone may write in, holding a site memo that runs code when it is loaded."""
    folder = root / "tmp" / CACHE
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    path = SiteMemo(Cache(folder)).path_of(input_texts(root / "content"))  # type: ignore[arg-type]
    path.write_bytes(pickle.dumps(Planted(str(root / "code-ran"))))


def read_only_cache(root: Path) -> None:
    """Leave a cache folder of the user's that the user may not write in (root may write anywhere)."""
    if os.getuid() == 0:
        pytest.skip("root may write in any folder")
    (root / "tmp" / CACHE).mkdir(parents=True, mode=0o500)


def foreign_cache(root: Path) -> None:
    """Leave a cache folder that belongs to another user (only root can make one)."""
    if os.getuid() != 0:
        pytest.skip("only root can give a folder to another user")
    (root / "tmp" / CACHE).mkdir(parents=True)
    os.chown(root / "tmp" / CACHE, 12345, -1)


class Planted:
    """What another user could leave in a shared cache folder: loading it makes a folder (it could do anything)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        """Make pickle call os.mkdir(marker) on loading."""
        return os.mkdir, (self.marker,)


def warned(reason: str) -> list[str]:
    """Return the one warning a build gives about an unsafe cache folder."""
    return [f"{{root}}/tmp/{CACHE}: warning: cache folder {reason}; building without it (remove it, or set "
            "STATUSDOCS_CACHE to a folder of your own)"]


def user_codes_file(root: Path) -> None:
    """Give the build a new output folder that holds the user's own file named `codes`."""
    shutil.rmtree(root / "out")
    (root / "out").mkdir()
    (root / "out" / "codes").write_text("my notes\n", encoding="utf-8")


def unnamed_file(root: Path) -> None:
    """Add a content file, with a code of its own, whose name is not valid UTF-8."""
    (root / "content" / os.fsdecode(b"new\xff.md")).write_text(
        "| 状态码 | 描述 |\n| --- | --- |\n| 299 | 新的 |\n", encoding="utf-8")


BASE = "templates/base.html"
STYLE = "templates/assets/style.css"
RECURSION = b"{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n"  # a macro that calls itself
MISTAKES = {
    "content-row": Mistake(lambda root: bad_row(root / "content"),
                           ["content/extra.md:3: status code '4O4' is not a number"]),
    "front-matter-lone-surrogate": Mistake(surrogate_title, [
        "content/http-status.md:2: front matter cannot be read: title holds a lone surrogate (\\ud800), "
        "which UTF-8 cannot encode"]),
    "file-name-not-utf8": Mistake(unnamed_file, ["content/new\\udcff.md:1: file name is not valid UTF-8; "
                                                 "rename the file"]),
    "template-raises": Mistake(lambda root: append(root / BASE, b"{{ 1 / 0 }}\n"),
                               [f"{BASE}:{end_line(BASE)}: division by zero (ZeroDivisionError)"]),
    "template-calls-undefined": Mistake(lambda root: append(root / BASE, b"{{ nothing() }}\n"),
                                        [f"{BASE}:{end_line(BASE)}: 'nothing' is undefined"]),
    "template-recursion": Mistake(lambda root: append(root / BASE, RECURSION),
                                  [f"{BASE}:{end_line(BASE)}: maximum recursion depth exceeded (RecursionError)"]),
    "template-not-utf8": Mistake(lambda root: append(root / BASE, b"\xff\n"),
                                 [f"{BASE}:{end_line(BASE)}: not valid UTF-8 (byte {size(BASE)})"]),
    "template-missing": Mistake(lambda root: (root / "templates" / "code-list.html").unlink(),
                                [f"templates/index.html:{include_line()}: template code-list.html not found"]),
    "embed-missing": Mistake(lambda root: (root / "templates" / "embed.js").unlink(),
                             ["templates/embed.js: file not found"]),
    "binary-asset": Mistake(lambda root: (root / "templates" / "assets" / "logo.png").write_bytes(PNG), [], 0),
    "swap-file-asset": Mistake(lambda root: (root / "templates" / "assets" / ".style.css.swp").write_bytes(
        b"b0VIM 9.0\x00" + PNG), [], 0),
    "css-not-utf8": Mistake(lambda root: append(root / STYLE, b"\xff"),
                            [f"{STYLE}:{end_line(STYLE)}: not valid UTF-8 (byte {size(STYLE)})"]),
    "fifo-asset": Mistake(lambda root: os.mkfifo(root / "templates" / "assets" / "live.css"),
                          ["templates/assets/live.css: not a regular file; an asset must be one"]),
    "colon-in-content-folder": Mistake(colon_folder,
                                       ["http: content/extra.md:3: status code '4O4' is not a number"],
                                       content="http: content"),
    "missing-content-folder": Mistake(lambda root: None, ["{root}/missing: content folder not found"],
                                      content="missing"),
    "missing-registry": Mistake(lambda root: (root / "content" / "registry.csv").unlink(),
                                ["content/registry.csv: not in the content folder; using the IANA registry of "
                                 "2025-09-15 that statusdocs carries"], 0),
    "registry-is-a-folder": Mistake(registry_folder,
                                    ["content/registry.csv:1: not a regular file; a content file must be one"]),
    "file-as-cache-folder": Mistake(cache_file, warned("is a file or a link, not a folder"), 0),
    "cache-folder-others-write": Mistake(planted_cache, warned("can be written by other users"), 0),
    "cache-folder-read-only": Mistake(read_only_cache, warned("cannot be written"), 0),
    "cache-folder-of-another-user": Mistake(foreign_cache, warned("belongs to another user (uid 12345)"), 0),
    "file-named-codes-in-out": Mistake(user_codes_file, [
        "{root}/out/codes: a file where the build needs a folder; move it away or choose another --out"]),
}
# What a build that goes on must have done besides.
OUTCOMES: dict[str, Callable[[Path], bool]] = {
    "binary-asset": lambda root: (root / "out" / "assets" / "logo.png").read_bytes() == PNG,
    "swap-file-asset": lambda root: not (root / "out" / "assets" / ".style.css.swp").exists(),
    "cache-folder-others-write": lambda root: not (root / "code-ran").exists(),
}


@pytest.fixture(scope="module")
def shared_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the TMPDIR of the builds that leave the cache folder alone: their memos serve one another."""
    return tmp_path_factory.mktemp("tmp")


@pytest.mark.slow("builds once per kind of mistake, in a child process")
@pytest.mark.parametrize("kind", MISTAKES)
def test_every_mistake_is_one_line_naming_its_file(kind: str, tmp_path: Path, real_site: Path,
                                                   shared_tmp: Path) -> None:
    mistake = MISTAKES[kind]
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(real_site, tmp_path / "out")
    mistake.make(tmp_path)
    before = snapshot(tmp_path / "out")
    temporary = tmp_path / "tmp" if (tmp_path / "tmp").exists() else shared_tmp
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(tmp_path / mistake.content),
                             "--templates", str(tmp_path / "templates"), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, errors="backslashreplace", timeout=60,
                            env={**os.environ, "TMPDIR": str(temporary), "STATUSDOCS_CACHE": str(temporary / CACHE)})
    expected = [line.format(root=tmp_path) for line in mistake.expected]
    if mistake.status:
        expected.append(f"build failed: {len(expected)} problem(s); {tmp_path / 'out'} left unchanged")
        assert snapshot(tmp_path / "out") == before
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected
    assert result.returncode == mistake.status
    assert OUTCOMES.get(kind, lambda root: True)(tmp_path)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Return every path under `folder` with its bytes (None for a folder)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


@pytest.mark.slow("checks two copies of the content")
@pytest.mark.parametrize("name", ["c:content", os.fsdecode(b"c\xffcontent")], ids=["colon", "not-utf8"])
def test_check_names_a_file_whatever_its_folder_is_called(name: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / name
    shutil.copytree(ROOT / "content", folder)
    line = append(folder / "check" / "acknowledged.md", b"| x |\n")
    status = cli.main(["check", "--content", str(folder), "--templates", str(ROOT / "templates")])
    shown = name.encode("utf-8", "backslashreplace").decode("ascii")  # a lone surrogate is printed escaped
    assert status == 1
    assert [finding for finding in capsys.readouterr().out.splitlines() if ": error: " in finding] == [
        f"{shown}/check/acknowledged.md:{line}: error: row has 1 cell but the header has 2 cells: "
        "the missing cells are left empty",
        f'{shown}/check/acknowledged.md:{line}: error: "x" is acknowledged without a reason: say why it stays']
