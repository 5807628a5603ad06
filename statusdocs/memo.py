"""What earlier runs read, so that a run over unchanged content skips reading it again.

Importing markdown-it and reading the tables with it is most of a build's time. The site memo keeps what was read
from a set of texts (the status documents, the registry, the fact files), one pickle per set in the cache folder
(cache.py), named by the SHA-1 of the texts, of the code that reads them, of the parsers' versions and of Python's:
a run over unchanged content loads it and never imports the parser. When the tables changed, the front matter
memo still spares PyYAML: it maps the exact text of each front matter to the title, date and provenance read from
it, and keeps the last MAX_ENTRIES of them, so several sites can share it.
"""
from __future__ import annotations

import importlib.util
import json
import os
import pickle  # jinja2's bytecode cache has imported it already, and hashlib too
import sys
from hashlib import sha1
from pathlib import Path

from .cache import Cache

# Bump when parse.read_front_matter reads the same text differently: a memo of another format is then not found.
FORMAT = 2
FRONT_MATTER_FILE = f"statusdocs-front-matter-{FORMAT}.json"
MAX_ENTRIES = 100
FRONT_MATTER_KEYS = ("title", "date", "provenance")  # the keys a build reads; a memo entry holds all or none
Meta = dict[str, "str | None"]  # {} or {"title": ..., "date": ..., "provenance": ...}


class FrontMatterMemo:
    """Title, date and provenance by front matter text: those of earlier builds, and those this build reads."""

    def __init__(self, path: Path | None) -> None:
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
READERS = sorted(Path(__file__).parent.rglob("*.py"))
PARSERS = ("markdown_it", "mdit_py_plugins", "yaml")  # each package's __init__.py names its version
MAX_SITES = 20  # memo files kept: the newest, enough for several sites and a test run's copies
SITE_FILES = "statusdocs-site-*.pickle"


class SiteMemo:
    """What earlier runs read from the same texts, one pickle per set of texts in the cache folder."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.readers: bytes | None = None  # the digest of the reading code, once per run

    def get(self, texts: dict[str, str]) -> object | None:
        """Return what an earlier run kept for exactly these texts, or None (the caller checks its type)."""
        data = self.cache.read_bytes(self.name_of(texts)) if self.cache.folder else None
        try:
            return pickle.loads(data) if data else None
        except Exception:  # noqa: BLE001 - half-written or of older code: not known
            return None

    def put(self, texts: dict[str, str], read: object) -> None:
        """Keep what was read from these texts, dropping the oldest memos beyond MAX_SITES."""
        if self.cache.folder:
            self.cache.write_bytes(self.name_of(texts), pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))
            self.cache.keep_newest(SITE_FILES, MAX_SITES)

    def path_of(self, texts: dict[str, str]) -> Path | None:
        """Return the memo file of a set of texts, None without a cache folder."""
        return self.cache.path(self.name_of(texts))

    def name_of(self, texts: dict[str, str]) -> str:
        """Return the name of the memo of a set of texts: the SHA-1 of the texts and of the reading code."""
        if self.readers is None:  # the parsers' versions are read from their files: importing them costs 25 ms
            parsers = [importlib.util.find_spec(name) for name in PARSERS]
            files = READERS + [Path(spec.origin) for spec in parsers if spec and spec.origin]
            self.readers = sha1(b"".join(path.read_bytes() for path in files) + sys.version.encode()).digest()
        digest = sha1(self.readers)
        for name, text in sorted(texts.items()):
            digest.update(f"\0{name}\0{text}".encode("utf-8", "surrogatepass"))
        return SITE_FILES.replace("*", digest.hexdigest())
