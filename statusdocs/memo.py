"""What earlier runs read, so that a run over unchanged content skips reading it again.

Importing markdown-it and PyYAML and reading the tables with them is most of a build's time. The site memo keeps
what was read from a set of texts (the status documents, the registry, the fact files), one pickle per set in the
cache folder (cache.py), named by the SHA-1 of the texts, of the code that reads them, of the parsers' versions
and of Python's: a run over unchanged content loads it and never imports a parser.
"""
from __future__ import annotations

import importlib.util
import pickle  # jinja2's bytecode cache has imported it already, and hashlib too
import sys
from hashlib import sha1
from pathlib import Path

from .cache import Cache


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
