"""What earlier builds read, so that a build of unchanged content skips the slow parts of reading it.

Importing PyYAML costs about a tenth of a whole build. The front matter memo maps the exact text of each front
matter to the title, date and provenance read from it, and keeps the last MAX_ENTRIES of them, so several sites
can share it. Reading the tables of the content with markdown-it costs about as much again: the read memo keeps
the documents and the facts read from them, one pickle per set of texts, named by the SHA-1 of the texts and of
the code that reads them. Both live in Jinja's bytecode cache folder, which Jinja makes for this user alone (mode 0700),
beside the compiled templates it loads the same way.
"""
from __future__ import annotations

import json
import os
import pickle  # jinja2's bytecode cache has imported it already, and hashlib too
from hashlib import sha1
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

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


# The code that reads the content: a memo made by other code (or another markdown-it) is never found.
READERS = sorted(Path(__file__).parent.glob("*.py"))
MAX_READS = 20  # memo files kept per kind: the newest, enough for several sites and a test run's copies


class ReadMemo:
    """What earlier builds read from the same content texts, one small pickle per kind and set of texts."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or Path(FileSystemBytecodeCache().directory)
        self.readers: bytes | None = None  # the digest of the reading code, once per build

    def get(self, kind: str, texts: dict[str, str]) -> object | None:
        """Return what an earlier build read as `kind` ("documents", "facts") from exactly these texts, or None."""
        try:
            with self.path_of(kind, texts).open("rb") as file:
                return pickle.load(file)
        except Exception:  # noqa: BLE001 - missing, half-written or of older code: not known
            return None

    def put(self, kind: str, texts: dict[str, str], read: object) -> None:
        """Keep what this build read from these texts; a memo that cannot be written is left out."""
        path = self.path_of(kind, texts)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)
            for stale in sorted(self.folder.glob(f"statusdocs-{kind}-*.pickle"),
                                key=lambda known: known.stat().st_mtime_ns)[:-MAX_READS]:
                stale.unlink(missing_ok=True)  # a build that has it open still reads it whole
        except OSError:
            temporary.unlink(missing_ok=True)

    def path_of(self, kind: str, texts: dict[str, str]) -> Path:
        """Return the memo file of a set of texts, named by the SHA-1 of the texts and of the reading code."""
        if self.readers is None:
            from markdown_it import __version__  # the parser is part of the reading code

            self.readers = sha1(b"".join(path.read_bytes() for path in READERS) + __version__.encode()).digest()
        digest = sha1(self.readers)
        for name, text in sorted(texts.items()):
            digest.update(f"\0{name}\0{text}".encode("utf-8", "surrogatepass"))
        return self.folder / f"statusdocs-{kind}-{digest.hexdigest()}.pickle"
