"""The only code that touches the output folder: atomic writes, and removal of what an earlier build wrote."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .model import ContentError

# The list of files the last build wrote; a build removes a file only when this list names it.
MANIFEST = ".statusdocs-manifest"
MANIFEST_HEADER = "# Files written by statusdocs (build.py); a build removes only files listed here.\n"
# The second line of the list written before the files: a build that finds it was killed, and looks for its
# temporary files in every folder (otherwise only beside the list itself).
UNFINISHED = "# unfinished: a build was writing these files\n"
# What write_file leaves behind when the build is killed before its rename; the next build removes it.
TEMPORARY_NAME = re.compile(r"\.(.+)\.\d+\.tmp")


def write_tree(pages: dict[str, str | bytes], out: Path, sources: Iterable[Path] = (),
               project: Path | None = None) -> None:
    """Make `out` hold `pages` (text as UTF-8), replacing each file atomically; remove only our stale files.

    `out` may not overlap the `sources` folders the build reads, nor be or hold the `project` folder.
    """
    out = check_output_folder(out, sources, project)
    written, killed = read_manifest(out)
    files = {relative: as_bytes(content) for relative, content in pages.items()}
    changed = [relative for relative in sorted(files) if not holds(out / relative, files[relative])]
    check_collisions(changed, out, written)
    stale = sorted(written - set(files))
    if not (changed or stale or killed or written != set(files)):
        return  # the folder holds this very build already: nothing is written
    # Record every file this build may create before creating it, so a killed build's files stay known.
    write_manifest(out, written | set(files), UNFINISHED)
    for relative in changed:
        write_file(out / relative, files[relative])
    remove_files(out, stale)
    remove_temporary_files(out, written | set(files) if killed else {MANIFEST})
    write_manifest(out, set(files))


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


def read_manifest(out: Path) -> tuple[set[str], bool]:
    """Return the relative paths the last build recorded in `out` (those inside it), and whether it was killed."""
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return set(), False
    paths = {line.rstrip("\n") for line in lines if line.strip() and not line.startswith("#")}
    return {path for path in paths if inside(out, path)}, UNFINISHED in lines


def inside(out: Path, relative: str) -> bool:
    """Tell whether `relative` names a path inside `out`: not absolute, no `..`, not the manifest itself."""
    return not os.path.isabs(relative) and ".." not in relative.split("/") and relative != MANIFEST


def check_collisions(changed: list[str], out: Path, written: set[str]) -> None:
    """Refuse to replace a file, folder or link in `out` that no earlier build of this tool wrote."""
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


def remove_files(out: Path, relatives: list[str]) -> None:
    """Delete files an earlier build wrote, then each folder that this leaves empty, up to `out`."""
    for relative in relatives:
        path = out / relative
        if (path.is_file() or path.is_symlink()) and path.parent.resolve().is_relative_to(out):
            os.unlink(path)
        remove_empty_folders(path.parent, out)


def remove_empty_folders(folder: Path, out: Path) -> None:
    """Remove `folder` and its parents below `out` while they are empty."""
    while folder != out and folder.is_relative_to(out) and folder.is_dir() and not any(folder.iterdir()):
        os.rmdir(folder)
        folder = folder.parent


def remove_temporary_files(out: Path, owned: set[str]) -> None:
    """Delete the temporary files a killed build left beside files this tool owns."""
    folders = {os.path.dirname(relative) for relative in owned}
    for folder in sorted(folders):
        try:
            names = os.listdir(out / folder)
        except OSError:
            continue
        for name in names:
            match = TEMPORARY_NAME.fullmatch(name)
            if match and (os.path.join(folder, match.group(1)) in owned or match.group(1) == MANIFEST):
                os.unlink(out / folder / name)
