"""The one path from a content folder to the site's records, used by `build`, `check` and `serve`.

    files -> registry -> rows (status documents) -> facts (content/reference/) -> records (records.py)

load_site() takes what an earlier run read from the same texts out of the site memo (memo.py), or reads them anew
with read_content(). `check` lints what was read (the documents, the registry, the facts) beside the records, so
all of it is kept.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .cache import Cache
from .read.files import input_texts, registry_name, registry_path
from .memo import SiteMemo
from .model import ContentError, Document, ReferenceData, RegistryEntry, Site


class LoadedSite(NamedTuple):
    """What was read from a content folder: the records, and what they were made from, for `check` to lint."""

    documents: tuple[Document, ...] | None  # None when the registry or the list of *.md files could not be read
    registry: dict[int, RegistryEntry] | None  # None when it could not be read
    reference: ReferenceData  # the facts; empty when a fact file has a problem
    problems: tuple[str, ...]  # `path:line: message`, every one found; the site is made only without any
    site: Site | None  # the records; None when there are problems

    def records(self) -> Site:
        """Return the site's records; ContentError listing every problem when the content has any."""
        if self.site is None:
            raise ContentError(list(self.problems))
        return self.site


def load_site(content: Path, cache: Cache) -> LoadedSite:
    """Return what `content` holds: what an earlier run read from the same texts, or read anew."""
    memo = SiteMemo(cache)
    texts = input_texts(content) if cache.folder else None  # the memo's key; the registry is read from it too
    known = memo.get(texts) if texts is not None else None
    if isinstance(known, LoadedSite):
        return known
    loaded = read_content(content, texts)
    if loaded.site is not None and texts is not None and input_texts(content) == texts:  # none saved while read
        memo.put(texts, loaded)
    return loaded


def read_content(content: Path, texts: dict[str, str] | None = None) -> LoadedSite:
    """Read the registry (from `texts` when they hold it), every status document and the fact files into records."""
    from .records import build_site  # here: a run whose texts are in the memo never needs markdown-it
    from .read.registry import read_registry

    try:
        path = registry_path(content)
        registry = read_registry(path, (texts or {}).get(registry_name(path)))
    except ContentError as error:  # without the registry no row can be read
        return LoadedSite(None, None, ReferenceData({}), tuple(error.problems), None)
    documents, reference, problems = read_documents_and_facts(content, registry)
    site = None if problems or documents is None else build_site(documents, registry, reference)
    return LoadedSite(documents, registry, reference, tuple(problems), site)


def read_documents_and_facts(content: Path, registry: dict[int, RegistryEntry]) -> tuple[
        tuple[Document, ...] | None, ReferenceData, list[str]]:
    """Return the status documents (None when there are none to read), the facts, and the problems of both."""
    from .read.parse import collect_documents  # markdown-it: 25 ms to import
    from .read.facts import read_reference
    from .read.registry import reason_phrases

    documents: tuple[Document, ...] | None = None
    try:
        found, problems = collect_documents(content, phrases=reason_phrases(registry))
        documents = tuple(found)
    except ContentError as error:  # no *.md file to read: the facts' problems are still said, all in one run
        problems = list(error.problems)
    reference = ReferenceData({})
    try:
        reference = read_reference(content)
    except ContentError as error:
        problems += error.problems
    return documents, reference, problems
