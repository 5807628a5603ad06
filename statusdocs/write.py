"""The only code that touches the output folder: atomic writes, stale files removed."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .model import ContentError

# Names a folder built by this tool holds; a non-empty folder with none of them is not ours to clean.
OWN_NAMES = ("index.html", "404.html", "codes", "classes", "assets")
# What write_file leaves behind when the build is killed before its rename; the next build removes it.
TEMPORARY_NAME = re.compile(r"\..+\.\d+\.tmp")


def write_tree(pages: dict[str, str | bytes], out: Path) -> None:
    """Make `out` hold exactly `pages` (text is written as UTF-8), replacing each file atomically."""
    check_replaceable(out)
    for relative, content in sorted(pages.items()):
        write_file(out / relative, content if isinstance(content, bytes) else content.encode("utf-8"))
    remove_stale(out, {str(out / relative) for relative in pages})


def check_replaceable(out: Path) -> None:
    """Refuse to clean a folder that holds files but nothing built by this tool."""
    names = [path.name for path in out.iterdir() if not TEMPORARY_NAME.fullmatch(path.name)] if out.is_dir() else []
    if names and not any((out / name).exists() for name in OWN_NAMES):
        raise ContentError([f"{out}: not replacing this folder: it is not empty and holds no built site"])


def write_file(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder, unless unchanged."""
    if holds(target, data):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def holds(target: Path, data: bytes) -> bool:
    """Tell whether `target` is a file holding exactly `data` (one open, one read: most files are unchanged)."""
    try:
        descriptor = os.open(target, os.O_RDONLY)
    except OSError:
        return False
    try:
        return os.fstat(descriptor).st_size == len(data) and os.read(descriptor, len(data) + 1) == data
    except OSError:  # a folder in the file's place: not the file
        return False
    finally:
        os.close(descriptor)


def remove_stale(out: Path, keep: set[str]) -> None:
    """Delete files and empty folders under `out` that the new build does not hold (`keep`: file paths)."""
    holding = {os.path.dirname(path) for path in keep}  # folders with a file of the new build: not empty
    for folder, dirs, files in os.walk(out, topdown=False):
        for name in files:
            if os.path.join(folder, name) not in keep:
                os.unlink(os.path.join(folder, name))
        for name in dirs:
            path = os.path.join(folder, name)
            if path not in holding and not os.listdir(path):
                os.rmdir(path)
