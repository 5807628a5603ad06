"""What earlier builds made, so that a build of unchanged content skips reading it again.

Importing markdown-it and reading the tables with it costs about a fifth of a whole build. The site memo keeps
the records made from a set of texts (the status documents, the registry, the fact files), one pickle per set,
named by the SHA-1 of the texts, of the code that reads them, of the parsers' versions and of Python's: a build
of unchanged content loads the records and never imports the parser. When the tables changed, the front matter
memo still spares PyYAML (a tenth of a build): it maps the exact text of each front matter to the title, date and
provenance read from it, and keeps the last MAX_ENTRIES of them, so several sites can share it. Both live in
Jinja's bytecode cache folder, which Jinja makes for this user alone (mode 0700), beside the compiled templates
it loads the same way.
"""
from __future__ import annotations

import importlib.util
import json
import os
import pickle  # jinja2's bytecode cache has imported it already, and hashlib too
import sys
from hashlib import sha1
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .model import Site

# Bump when parse.read_front_matter reads the same text differently: a memo of another format is then not found.
FORMAT = 2
MAX_ENTRIES = 100
FRONT_MATTER_KEYS = ("title", "date", "provenance")  # the keys a build reads; a memo entry holds all or none
Meta = dict[str, "str | None"]  # {} or {"title": ..., "date": ..., "provenance": ...}


class FrontMatterMemo:
    """Title, date and provenance by front matter text: those of earlier builds, and those this build reads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(FileSystemBytecodeCache().directory) / f"statusdocs-front-matter-{FORMAT}.json"
        self.known = load_memo(self.path)
        self.new: dict[str, Meta] = {}

    def get(self, text: str) -> Meta | None:
        """Return what an earlier build read from this front matter, or None."""
        return self.known.get(text)

    def put(self, text: str, meta: Meta) -> None:
        """Remember what this build read from a front matter without a problem."""
        self.new[text] = meta

    def save(self) -> None:
        """Add this build's new front matter for later builds; a memo that cannot be written is left out."""
        if not self.new:
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
        self.folder = folder or Path(FileSystemBytecodeCache().directory)
        self.readers: bytes | None = None  # the digest of the reading code, once per build

    def get(self, texts: dict[str, str]) -> Site | None:
        """Return the site an earlier build made from exactly these texts, or None."""
        try:
            with self.path_of(texts).open("rb") as file:
                site = pickle.load(file)
        except Exception:  # noqa: BLE001 - missing, half-written or of older code: not known
            return None
        return site if isinstance(site, Site) else None

    def put(self, texts: dict[str, str], site: Site) -> None:
        """Keep the site made from these texts; a memo that cannot be written is left out."""
        path = self.path_of(texts)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)
            for stale in sorted(self.folder.glob("statusdocs-site-*.pickle"),
                                key=lambda known: known.stat().st_mtime_ns)[:-MAX_SITES]:
                stale.unlink(missing_ok=True)  # a build that has it open still reads it whole
        except OSError:
            temporary.unlink(missing_ok=True)

    def path_of(self, texts: dict[str, str]) -> Path:
        """Return the memo file of a set of texts, named by the SHA-1 of the texts and of the reading code."""
        if self.readers is None:  # the parsers' versions are read from their files: importing them costs 25 ms
            parsers = [importlib.util.find_spec(name) for name in PARSERS]
            files = READERS + [Path(spec.origin) for spec in parsers if spec and spec.origin]
            self.readers = sha1(b"".join(path.read_bytes() for path in files) + sys.version.encode()).digest()
        digest = sha1(self.readers)
        for name, text in sorted(texts.items()):
            digest.update(f"\0{name}\0{text}".encode("utf-8", "surrogatepass"))
        return self.folder / f"statusdocs-site-{digest.hexdigest()}.pickle"
