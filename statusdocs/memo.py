"""Front matter read by earlier builds, so that a build whose front matter is unchanged never imports PyYAML.

Importing PyYAML costs about a tenth of a whole build. The memo maps the exact text of each front matter to the
title, date and provenance read from it, and keeps the last MAX_ENTRIES of them, so several sites can share it.
It lives in Jinja's bytecode cache folder, which Jinja makes for this user alone, beside the compiled templates.
"""
from __future__ import annotations

import json
import os
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
