"""What earlier builds read, so that a build of unchanged content skips the slow parts of reading it.

Importing PyYAML costs about a tenth of a whole build. The front matter memo maps the exact text of each front
matter to the title, date and provenance read from it, and keeps the last MAX_ENTRIES of them, so several sites
can share it. Reading the tables of content/reference/ with markdown-it costs about as much again: the fact memo
keeps the facts read from them, one pickle per set of texts, named by the SHA-1 of the texts and of the code that
reads them. Both live in Jinja's bytecode cache folder, which Jinja makes for this user alone (mode 0700),
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


# The code that turns fact files into facts: a memo made by other code is another file, never a stale answer.
READERS = [Path(__file__).with_name(name) for name in ("reference.py", "model.py", "parse.py", "tables.py", "lines.py")]


class FactMemo:
    """Facts read by earlier builds, by the fact files' names and texts: one small pickle per set of texts."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or Path(FileSystemBytecodeCache().directory)

    def get(self, texts: dict[str, str]) -> object | None:
        """Return what an earlier build read from exactly these texts, or None."""
        try:
            with self.path_of(texts).open("rb") as file:
                return pickle.load(file)
        except Exception:  # noqa: BLE001 - missing, half-written or of older code: not known
            return None

    def put(self, texts: dict[str, str], facts: object) -> None:
        """Keep what this build read from these texts; a memo that cannot be written is left out."""
        path = self.path_of(texts)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)

    def path_of(self, texts: dict[str, str]) -> Path:
        """Return the memo file of a set of texts, named by the SHA-1 of the texts and of the reading code."""
        from markdown_it import __version__  # the parser is part of the reading code

        digest = sha1(b"".join(path.read_bytes() for path in READERS) + __version__.encode())
        for name, text in sorted(texts.items()):
            digest.update(f"\0{name}\0{text}".encode("utf-8", "surrogatepass"))
        return self.folder / f"statusdocs-facts-{digest.hexdigest()}.pickle"
