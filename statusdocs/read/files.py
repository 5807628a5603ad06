"""Reading the content folder's files: which files are content, their text, and every text a build reads.

Kept apart from the Markdown parser: a build whose content is in the memo reads its texts and nothing more.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..model import ContentError, printable

# A runaway file would stall the build; the real document is 13 KB.
MAX_FILE_BYTES = 10 * 2**20
REFERENCE_FOLDER = "reference"  # under the content folder: files of facts, never status documents
REGISTRY_FILE = "registry.csv"
# The IANA registry statusdocs carries, a byte-for-byte copy of content/registry.csv: a folder without its own uses it.
PACKAGED_REGISTRY = Path(__file__).parents[1] / REGISTRY_FILE  # package data at the top: statusdocs/registry.csv
PACKAGED_REGISTRY_DATE = "2025-09-15"  # the "Last Updated" date of IANA's page the copy was taken from


def content_files(content: Path) -> list[Path]:
    """Return the `*.md` files of `content` in name order, leaving out hidden and editor files."""
    if not content.is_dir():
        raise ContentError([f"{content}: content folder not found"])
    paths = sorted(path for path in content.glob("*.md") if is_source_name(path.name))
    if not paths:
        raise ContentError([f"{content}: no *.md content files in this folder"])
    unnamed = [f"{content.name}/{printable(path.name)}:1: file name is not valid UTF-8; rename the file"
               for path in paths if not is_utf8_name(path.name)]  # pages and the API name their documents
    if unnamed:
        raise ContentError(unnamed)
    return paths


def is_source_name(name: str) -> bool:
    """Tell whether a file name is the user's, not hidden (`.draft.md`) nor an editor's (`x~`, `#x#`)."""
    return not name.startswith(".") and not name.endswith("~") and not (name.startswith("#") and name.endswith("#"))


def is_utf8_name(name: str) -> bool:
    """Tell whether a file name read from the disk is valid UTF-8 (Python keeps other bytes as lone surrogates)."""
    return not any("\udc80" <= character <= "\udcff" for character in name)


def decode_file(path: Path, name: str) -> str:
    """Return the text of a UTF-8 file, naming the line of the first invalid byte."""
    return decode_text(read_limited(path, name), name)


def decode_text(data: bytes, name: str) -> str:
    """Return the text of a UTF-8 file's bytes, naming the line of the first invalid byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError([utf8_problem(error, name)]) from None


def utf8_problem(error: UnicodeDecodeError, name: str) -> str:
    """Return `name:line: not valid UTF-8` for the first invalid byte of a file's bytes."""
    line = error.object.count(b"\n", 0, error.start) + 1
    return f"{name}:{line}: not valid UTF-8 (byte {error.start})"


def read_limited(path: Path, name: str) -> bytes:
    """Return a file's bytes, refusing one over MAX_FILE_BYTES without reading the rest of it."""
    if not os.path.lexists(path):
        raise ContentError([f"{name}: file not found"])
    if not path.is_file():  # a FIFO would block the build; a folder or a dangling link cannot be read
        raise ContentError([f"{name}:1: not a regular file; a content file must be one"])
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ContentError([f"{name}:1: cannot read this file: {error.strerror}"]) from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError([f"{name}:1: file is larger than {MAX_FILE_BYTES // 2**20} MB, "
                            f"the limit for a content file"])
    return data


def registry_path(content: Path) -> Path:
    """Return the registry a build of `content` reads: its own registry.csv, else the one statusdocs carries."""
    if not content.is_dir():  # the registry is read first: a missing --content folder is said here
        raise ContentError([f"{content}: content folder not found"])
    own = content / REGISTRY_FILE
    return own if os.path.lexists(own) else PACKAGED_REGISTRY  # a folder or a dangling link there is its problem


def registry_notice(content: Path) -> str | None:
    """Return the line saying that `content` has no registry.csv and the packaged one is used, or None."""
    if not content.is_dir() or os.path.lexists(content / REGISTRY_FILE):
        return None
    return (f"{content.name}/{REGISTRY_FILE}: not in the content folder; using the IANA registry of "
            f"{PACKAGED_REGISTRY_DATE} that statusdocs carries")


def registry_name(path: Path) -> str:
    """Return the name problems give a registry file: `content/registry.csv`, `statusdocs/registry.csv`."""
    return f"{path.parent.name}/{path.name}"


def input_texts(content: Path) -> dict[str, str] | None:
    """Return every text a build reads from `content`, by the name its problems would use; None if one can't be read.

    The status documents, the registry (the folder's own or the packaged one) and the fact files: the site's records
    are made from these and nothing else.
    """
    facts = [path for path in (content / REFERENCE_FOLDER).glob("*.md") if is_source_name(path.name)]
    try:
        registry = registry_path(content)
        texts = {path.relative_to(content.parent).as_posix(): decode_file(path, "")
                 for path in [*content_files(content), *facts]}
        return {**texts, registry_name(registry): decode_file(registry, "")}
    except ContentError:  # the full read says what is wrong, with the line
        return None
