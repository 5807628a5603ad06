"""The only code that touches the output folder: atomic writes, and removal of what an earlier build wrote.

Every path is checked where it really lands (links followed) before anything is written, and one build at a
time holds the folder.
"""
from __future__ import annotations

import fcntl
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..model import ContentError, printable

# The list of files the last build wrote; a build removes a file only when this list names it.
MANIFEST = ".statusdocs-manifest"
MANIFEST_HEADER = "# Files written by statusdocs (build.py); a build removes only files listed here.\n"
# The second line of the list written before the files: a build that finds it was killed, and looks for its
# temporary files in every folder (otherwise only beside the list itself).
UNFINISHED = "# unfinished: a build was writing these files\n"
# What write_file leaves behind when the build is killed before its rename; the next build removes it.
TEMPORARY_NAME = re.compile(r"\.(.+)\.\d+\.tmp")


def write_tree(pages: dict[str, str | bytes], out: Path, sources: Iterable[Path] = (),
               project: Path | None = None, waiting: Callable[[], object] = lambda: None) -> list[str]:
    """Make `out` hold `pages` (text as UTF-8), replacing each file atomically; remove only our stale files.

    `out` may not overlap the `sources` folders the build reads, nor be or hold the `project` folder. While
    another build writes `out`, this one calls `waiting()` and waits. Returns `path:line: message` warnings.
    """
    out = check_output_folder(out, sources, project)
    out.mkdir(parents=True, exist_ok=True)
    with lock_folder(out, waiting):
        return replace_files({relative: as_bytes(content) for relative, content in pages.items()}, out)


@contextmanager
def lock_folder(out: Path, waiting: Callable[[], object]) -> Iterator[None]:
    """Hold `out` for this build alone, waiting first for another build that holds it."""
    # An exclusive flock on the folder's own descriptor: no lock file to leave behind, to list or to remove;
    # the kernel releases it when a build dies, even by SIGKILL; and every open is a lock of its own, so two
    # threads of one process (serve, tests) wait for each other as two processes do.
    descriptor = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError:  # a file system with no flock on folders (NFS can refuse it): build unlocked
            pass
        yield
    finally:
        os.close(descriptor)


def replace_files(files: dict[str, bytes], out: Path) -> list[str]:
    """Write `files` into `out` and remove our stale files, once every path is checked; return the warnings."""
    written, killed, warnings = read_manifest(out)
    check_folders(out, [*files, MANIFEST])
    changed = [relative for relative in sorted(files) if not holds(out / relative, files[relative])]
    check_collisions(changed, out, written)
    stale = sorted(written - set(files))
    if not (changed or stale or killed or warnings or written != set(files)):
        return []  # the folder holds this very build already: nothing is written
    # Record every file this build may create before creating it, so a killed build's files stay known.
    write_manifest(out, written | set(files), UNFINISHED)
    for relative in changed:
        write_file(out / relative, files[relative])
    warnings += remove_files(out, stale, set(files))
    remove_temporary_files(out, written | set(files) if killed else {MANIFEST})
    write_manifest(out, set(files))
    return warnings


def check_output_folder(out: Path, sources: Iterable[Path], project: Path | None) -> Path:
    """Return `out` resolved; refuse a file, a dangling link, a path under a file, or a folder we read."""
    if out.is_symlink() and not out.exists():
        raise ContentError([f"{out}: output folder is a symbolic link to a missing path"])
    resolved = out.resolve()
    blocker = next((path for path in (resolved, *resolved.parents) if path.exists()), None)
    if blocker is not None and not blocker.is_dir():
        where = "is a file" if blocker == resolved else f"is under {blocker}, which is a file"
        raise ContentError([f"{out}: output folder {where}; give a folder"])
    if project is not None and project.resolve().is_relative_to(resolved):
        raise ContentError([f"{out}: output folder holds the project {project.resolve()}; "
                            "give a folder of its own, such as site/"])
    for folder in sources:
        folder = folder.resolve()
        if folder.is_relative_to(resolved) or resolved.is_relative_to(folder):
            raise ContentError([f"{out}: output folder overlaps {folder}, which the build reads; "
                                "give a folder of its own, such as site/"])
    return resolved


def read_manifest(out: Path) -> tuple[set[str], bool, list[str]]:
    """Return the paths the last build listed in `out`, whether it was killed, and a warning per line ignored."""
    try:
        lines = (out / MANIFEST).read_bytes().split(b"\n")
    except OSError:  # no earlier build (or a folder in its place, which check_collisions names)
        return set(), False, []
    paths, warnings = set(), []
    for number, line in enumerate(lines, 1):
        if line and not line.startswith(b"#"):
            path, problem = read_manifest_line(line)
            if problem:
                warnings.append(f"{out / MANIFEST}:{number}: ignored '{printable(path)}': {problem}")
            else:
                paths.add(path)
    return paths, UNFINISHED.rstrip("\n").encode("utf-8") in lines, warnings


def read_manifest_line(line: bytes) -> tuple[str, str | None]:
    """Return a manifest line's path, and why it is not one a build lists (None if it is a normalised path)."""
    try:
        path = line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="backslashreplace"), "not UTF-8"
    if any(unicodedata.category(character) == "Cc" for character in path):
        return path, "a control character in the path"  # a NUL left by a crash: unusable as a path
    if path.startswith("/"):
        return path, "an absolute path"
    if any(part in ("", ".", "..") for part in path.split("/")):  # `./a`, `a/`, `a/.`, `a//b`, `../a`
        return path, "not a normalised relative path"
    return path, "the manifest itself" if path == MANIFEST else None


def check_folders(out: Path, relatives: list[str]) -> None:
    """Refuse, before anything is written, a link out of `out` or a file where `relatives` need a folder."""
    problems: dict[str, str] = {}  # the folder in the way (relative) -> the line naming it
    for folder in sorted({folder for relative in relatives for folder in folders_on_the_way(relative)}):
        problem = None if under_any(folder, problems) else folder_problem(out / folder, out)
        if problem:
            problems[folder] = problem
    if problems:
        raise ContentError(list(problems.values()))


def folders_on_the_way(relative: str) -> list[str]:
    """Return the folders holding `relative`, outermost first: `codes`, `codes/404` for `codes/404/index.html`."""
    parts = relative.split("/")[:-1]
    return ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]


def under_any(relative: str, folders: Iterable[str]) -> bool:
    """Tell whether `relative` lies inside one of `folders` (relative paths too)."""
    return any(relative.startswith(f"{folder}/") for folder in folders)


def folder_problem(folder: Path, out: Path) -> str | None:
    """Say what keeps the build from making files in `folder` (its parent already checked), or None."""
    try:
        mode = os.lstat(folder).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None  # the build makes it, in a parent that lies in `out`
    if stat.S_ISLNK(mode) and not folder.resolve().is_relative_to(out):
        return (f"{folder}: a symbolic link to {folder.resolve()}, out of the output folder; "
                "the build writes nothing through it: remove the link or choose another --out")
    if not (stat.S_ISDIR(mode) or folder.is_dir()):  # a file, or a link (inside `out`) to no folder
        return f"{folder}: a file where the build needs a folder; move it away or choose another --out"
    return None


def is_folder(path: Path) -> bool:
    """Tell whether `path` is a folder itself, not a link to one (a file written there would fail)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def check_collisions(changed: list[str], out: Path, written: set[str]) -> None:
    """Refuse to replace a folder, or a file or link in `out` that no earlier build of this tool wrote."""
    # Only a changed file can be a folder: a folder never holds a file's bytes.
    folders = [relative for relative in [*changed, MANIFEST] if is_folder(out / relative)]
    if folders:
        raise ContentError([f"{out / relative}: a folder where the build writes a file; "
                            "move it away or choose another --out" for relative in folders])
    foreign = [relative for relative in changed if relative not in written and os.path.lexists(out / relative)]
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise ContentError([f"{out / foreign[0]}{more}: not replacing what no earlier build of this tool wrote "
                            f"(not listed in {MANIFEST}); move it away or choose another --out"])


def as_bytes(content: str | bytes) -> bytes:
    """Return a page's content as the bytes written."""
    return content if isinstance(content, bytes) else content.encode("utf-8")


def write_manifest(out: Path, paths: set[str], note: str = "") -> None:
    """Write the list of files this build owns, atomically like every other file."""
    text = MANIFEST_HEADER + note + "".join(f"{path}\n" for path in sorted(paths))
    write_file(out / MANIFEST, text.encode("utf-8"))


def write_file(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder, renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def holds(target: Path, data: bytes) -> bool:
    """Tell whether `target` is a file holding exactly `data` (one open, one read: most files are unchanged)."""
    try:
        descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.fstat(descriptor).st_size == len(data) and os.read(descriptor, len(data) + 1) == data
    except OSError:  # a folder in the file's place: not the file
        return False
    finally:
        os.close(descriptor)


def remove_files(out: Path, relatives: list[str], kept: set[str]) -> list[str]:
    """Delete files an earlier build wrote, then each folder this leaves empty; never through a link out of `out`.

    A path that is one of the `kept` files spelt another way (through a link inside `out`) is left alone.
    """
    warnings, kept_files = [], {identity(out / relative) for relative in kept} if relatives else set()
    for relative in relatives:
        path = out / relative
        link = link_out(out, path.parent)
        if link is not None:
            warnings.append(f"{link}: a symbolic link to {link.resolve()}, out of the output folder; "
                            f"not removing {relative} through it")
            continue
        if (path.is_file() or path.is_symlink()) and identity(path) not in kept_files:
            os.unlink(path)
        remove_empty_folders(path.parent, out)
    return warnings


def identity(path: Path) -> tuple[int, int] | None:
    """Return the device and inode of `path` itself (a link's own, not its target's), or None if it is missing."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def link_out(out: Path, folder: Path) -> Path | None:
    """Return the first folder on the way from `out` to `folder` that really lies out of `out` (a link), if any."""
    parts = folder.relative_to(out).parts
    steps = (out.joinpath(*parts[:depth]) for depth in range(1, len(parts) + 1))
    return next((step for step in steps if not step.resolve().is_relative_to(out)), None)


def remove_empty_folders(folder: Path, out: Path) -> None:
    """Remove `folder` and its parents below `out` while they are empty folders (a link stops the walk)."""
    while folder != out and not folder.is_symlink() and folder.is_dir() and not any(folder.iterdir()):
        os.rmdir(folder)
        folder = folder.parent


def remove_temporary_files(out: Path, owned: set[str]) -> None:
    """Delete the temporary files a killed build left beside files this tool owns."""
    folders = {os.path.dirname(relative) for relative in owned}
    for folder in sorted(folder for folder in folders if link_out(out, out / folder) is None):
        try:
            names = os.listdir(out / folder)
        except OSError:
            continue
        for name in names:
            match = TEMPORARY_NAME.fullmatch(name)
            if match and (os.path.join(folder, match.group(1)) in owned or match.group(1) == MANIFEST):
                os.unlink(out / folder / name)
