"""What earlier builds made, so that a build of unchanged content skips reading it again.

Importing markdown-it and reading the tables with it costs about a fifth of a whole build. The site memo keeps
the records made from a set of texts (the status documents, the registry, the fact files), one pickle per set,
named by the SHA-1 of the texts, of the code that reads them, of the parsers' versions and of Python's: a build
of unchanged content loads the records and never imports the parser. When the tables changed, the front matter
memo still spares PyYAML (a tenth of a build): it maps the exact text of each front matter to the title, date and
provenance read from it, and keeps the last MAX_ENTRIES of them, so several sites can share it. Both live in
cache_folder(), the user's private folder in the temporary folder, beside the compiled templates and the search
data's Traditional map. A pickle or compiled template runs code when loaded: a folder another user could write
in is never used (the build goes on without the memos, and says so once).
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import pickle  # jinja2's bytecode cache has imported it already, and hashlib too
import stat
import sys
import tempfile
from hashlib import sha1
from pathlib import Path

from .model import Site

# Bump when parse.read_front_matter reads the same text differently: a memo of another format is then not found.
FORMAT = 2
MAX_ENTRIES = 100
FRONT_MATTER_KEYS = ("title", "date", "provenance")  # the keys a build reads; a memo entry holds all or none
Meta = dict[str, "str | None"]  # {} or {"title": ..., "date": ..., "provenance": ...}


@functools.cache
def cache_folder() -> Path | None:
    """Return this user's private cache folder, made if missing; None, said once on stderr, when it is not safe."""
    folder = Path(tempfile.gettempdir()) / f"_jinja2-cache-{os.getuid()}"  # Jinja's name: its old caches still serve
    problem = unsafe_reason(folder)
    if problem:
        print(f"{folder}: warning: cache folder {problem}; building without it (remove it, or set TMPDIR to a "
              "folder of your own)", file=sys.stderr)
        return None
    return folder


def unsafe_reason(folder: Path) -> str | None:
    """Make `folder` for this user alone if missing; return why what it holds cannot be trusted, or None."""
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError as error:
        return f"cannot be made: {error.strerror}"
    status = folder.lstat()
    if not stat.S_ISDIR(status.st_mode):
        return "is a file or a link, not a folder"
    if status.st_uid != os.getuid():
        return f"belongs to another user (uid {status.st_uid})"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "can be written by other users"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "cannot be written"
    if status.st_mode & 0o077:
        os.chmod(folder, 0o700)  # as Jinja did: others may not read the user's drafts either
    return None


class FrontMatterMemo:
    """Title, date and provenance by front matter text: those of earlier builds, and those this build reads."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None and (folder := cache_folder()):
            path = folder / f"statusdocs-front-matter-{FORMAT}.json"
        self.path = path  # None without a safe cache folder: nothing is kept
        self.known = load_memo(path) if path else {}
        self.new: dict[str, Meta] = {}

    def get(self, text: str) -> Meta | None:
        """Return what an earlier build read from this front matter, or None."""
        return self.known.get(text)

    def put(self, text: str, meta: Meta) -> None:
        """Remember what this build read from a front matter without a problem."""
        self.new[text] = meta

    def save(self) -> None:
        """Add this build's new front matter for later builds; a memo that cannot be written is left out."""
        if not self.new or self.path is None:
            return
        entries = list({**self.known, **self.new}.items())[-MAX_ENTRIES:]  # the oldest go first
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(dict(entries), ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


def load_memo(path: Path) -> dict[str, Meta]:
    """Return the memo stored in `path`; empty when it is missing, unreadable or not in this format."""
    try:
        memo = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    sound = isinstance(memo, dict) and all(
        isinstance(meta, dict) and (not meta or set(meta) == set(FRONT_MATTER_KEYS))
        and all(value is None or isinstance(value, str) for value in meta.values()) for meta in memo.values())
    return memo if sound else {}


# The code that makes the records, and the parsers it uses: a memo made by other code is never found.
READERS = sorted(Path(__file__).parent.glob("*.py"))
PARSERS = ("markdown_it", "mdit_py_plugins", "yaml")  # each package's __init__.py names its version
MAX_SITES = 20  # memo files kept: the newest, enough for several sites and a test run's copies


class SiteMemo:
    """The records earlier builds made from the same texts, one pickle per set of texts."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_folder()
        self.readers: bytes | None = None  # the digest of the reading code, once per build

    def get(self, texts: dict[str, str]) -> Site | None:
        """Return the site an earlier build made from exactly these texts, or None."""
        path = self.path_of(texts)
        if path is None:
            return None
        try:
            with path.open("rb") as file:
                site = pickle.load(file)
        except Exception:  # noqa: BLE001 - missing, half-written or of older code: not known
            return None
        return site if isinstance(site, Site) else None

    def put(self, texts: dict[str, str], site: Site) -> None:
        """Keep the site made from these texts; a memo that cannot be written is left out."""
        path = self.path_of(texts)
        if path is None:
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)
            for stale in sorted(self.folder.glob("statusdocs-site-*.pickle"),
                                key=lambda known: known.stat().st_mtime_ns)[:-MAX_SITES]:
                stale.unlink(missing_ok=True)  # a build that has it open still reads it whole
        except OSError:
            temporary.unlink(missing_ok=True)

    def path_of(self, texts: dict[str, str]) -> Path | None:
        """Return the memo file of a set of texts, named by the SHA-1 of the texts and of the reading code."""
        if self.folder is None:  # no safe folder: nothing is kept
            return None
        if self.readers is None:  # the parsers' versions are read from their files: importing them costs 25 ms
            parsers = [importlib.util.find_spec(name) for name in PARSERS]
            files = READERS + [Path(spec.origin) for spec in parsers if spec and spec.origin]
            self.readers = sha1(b"".join(path.read_bytes() for path in files) + sys.version.encode()).digest()
        digest = sha1(self.readers)
        for name, text in sorted(texts.items()):
            digest.update(f"\0{name}\0{text}".encode("utf-8", "surrogatepass"))
        return self.folder / f"statusdocs-site-{digest.hexdigest()}.pickle"
