"""The one folder statusdocs keeps its caches in, and what may live there.

The folder is `$STATUSDOCS_CACHE` when that variable is set, else `$XDG_CACHE_HOME/statusdocs`, else
`~/.cache/statusdocs`. Three kinds of file live in it, each named by a digest of what it was made from, so that a
stale one is never found, only left to be replaced:

- `statusdocs-site-*.pickle`: the records read from one set of content texts (memo.py); a build of unchanged
  content loads them and never imports markdown-it;
- `statusdocs-traditional-*.json`: the search data's Traditional map (traditional.py), made without OpenCC;
- `__jinja2_*.cache`: Jinja's compiled templates (render.TemplateCache), as Python keeps `.pyc` files.

Deleting the folder is safe at any time, even during a build: what cannot be read is made again, what cannot be
written is left out, and the next run makes the folder again. A pickle or a compiled template runs code when it is
loaded, so a folder that is not this user's alone (another user's, writable by others, a link or a file) is never
used: the run goes on without caches and says so in one line.
"""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .output.traditional import Converter

CACHE_VARIABLE = "STATUSDOCS_CACHE"  # names the folder itself
FOLDER_NAME = "statusdocs"  # under $XDG_CACHE_HOME, or ~/.cache


@dataclass(frozen=True)
class Cache:
    """The cache folder one run may use, and the OpenCC conversions its holder keeps in memory."""

    folder: Path | None  # None: no safe folder, so nothing is read from disk or kept there
    converter: Converter | None = None  # `serve`'s, kept between its rebuilds; None: a build makes its own

    def path(self, name: str) -> Path | None:
        """Return where the file `name` is kept, None without a folder."""
        return self.folder / name if self.folder else None

    def read_bytes(self, name: str) -> bytes | None:
        """Return the bytes of a kept file, None when it is missing or cannot be read."""
        path = self.path(name)
        try:
            return path.read_bytes() if path else None
        except OSError:
            return None

    def write_bytes(self, name: str, data: bytes) -> None:
        """Keep a file whole or not at all (written beside it, then renamed); one that cannot be written is left out."""
        path = self.path(name)
        if path is None:
            return
        temporary = path.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError:  # a full disk, or the folder removed meanwhile: made again next time
            temporary.unlink(missing_ok=True)

    def keep_newest(self, pattern: str, count: int) -> None:
        """Remove all but the `count` newest files whose names match `pattern`."""
        if self.folder is None:
            return
        try:
            for stale in sorted(self.folder.glob(pattern), key=lambda known: known.stat().st_mtime_ns)[:-count]:
                stale.unlink(missing_ok=True)  # a run that has it open still reads it whole
        except OSError:  # removed by another run meanwhile
            pass


NO_CACHE = Cache(None)


def open_cache(converter: Converter | None = None) -> Cache:
    """Return this run's cache, its folder made if missing; without a folder when it is not safe, said on stderr."""
    folder = cache_folder()
    if folder is None:
        print(f"~/.cache/{FOLDER_NAME}: warning: cache folder has no home folder to live in; building without it "
              f"(set {CACHE_VARIABLE} to a folder of your own)", file=sys.stderr)
        return Cache(None, converter)
    problem = unsafe_reason(folder)
    if problem:
        print(f"{folder}: warning: cache folder {problem}; building without it (remove it, or set {CACHE_VARIABLE} "
              "to a folder of your own)", file=sys.stderr)
        return Cache(None, converter)
    return Cache(folder, converter)


def cache_folder() -> Path | None:
    """Return the folder caches live in, None when it is under a home folder this user has none of."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):  # the XDG rule: a relative path there is to be ignored
        return Path(base) / FOLDER_NAME
    try:
        return Path.home() / ".cache" / FOLDER_NAME
    except RuntimeError:  # no HOME and no entry in the password database
        return None


def unsafe_reason(folder: Path) -> str | None:
    """Make `folder` for this user alone if missing; return why what it holds cannot be trusted, or None."""
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as error:
        return f"cannot be made: {error.strerror}"
    try:
        status = folder.lstat()
    except OSError as error:  # its parent is a file
        return f"cannot be made: {error.strerror}"
    if not stat.S_ISDIR(status.st_mode):
        return "is a file or a link, not a folder"
    if status.st_uid != os.getuid():
        return f"belongs to another user (uid {status.st_uid})"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "can be written by other users"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "cannot be written"
    if status.st_mode & 0o077:
        os.chmod(folder, 0o700)  # others may not read the user's drafts either
    return None
