"""Parser cases as data files: tests/cases/valid/*.md (+ .json, UPDATE_CASES=1 rewrites) and errors/*.md (+ .err)."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from statusdocs.model import ContentError, Document
from statusdocs.read.parse import read_documents
from statusdocs.read.registry import read_registry, reason_phrases

CASES = Path(__file__).parent / "cases"
PHRASES = reason_phrases(read_registry(CASES.parent.parent / "content" / "registry.csv"))
VALID = sorted((CASES / "valid").glob("*.md"))
ERRORS = sorted((CASES / "errors").glob("*.md"))
# Ways an editor may save the same document; every one must parse the same.
ENCODINGS = {
    "lf": lambda data: data,
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
    "bom-crlf": lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
}


def content_folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """Make a content folder holding `files`."""
    folder = tmp_path / "content"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("case", VALID, ids=lambda path: path.stem)
def test_valid_case(case: Path, encoding: str, tmp_path: Path) -> None:
    """Each valid case gives exactly its expected rows, however it is saved."""
    folder = content_folder(tmp_path, {case.name: ENCODINGS[encoding](case.read_bytes())})
    [document] = read_documents(folder, phrases=PHRASES)
    expected = case.with_suffix(".json")
    if os.environ.get("UPDATE_CASES") == "1" and encoding == "lf":
        expected.write_text(dump_case(describe(document)), encoding="utf-8")
    assert describe(document) == json.loads(expected.read_text(encoding="utf-8"))
    assert {row.source.rsplit(":", 1)[0] for row in document.rows} == {f"content/{case.name}"}


def dump_case(data: dict[str, list[object]]) -> str:
    """Return a case's expected data as JSON with one row a line, to read and review."""
    parts = [f' "{key}": [' + ",".join(f"\n  {json.dumps(item, ensure_ascii=False)}" for item in items)
             + ("\n ]" if items else "]") for key, items in data.items()]
    return "{\n" + ",\n".join(parts) + "\n}\n"


def describe(document: Document) -> dict[str, list[object]]:
    """Return what a document gives as plain data: rows (with the code's short name last, when it has one), class
    notes, warnings (lines without the path)."""
    def line(source: str) -> int:
        return int(source.rsplit(":", 1)[1])
    return {"rows": [[row.code, row.heading, row.description, line(row.source), row.phrase,
                      [[field.label, field.value] for field in row.fields], *([row.name] if row.name else [])]
                     for row in document.rows],
            "notes": [[note.digit, note.text, line(note.source)] for note in document.notes],
            "warnings": [warning.split(": ", 1)[0].rsplit(":", 1)[1] + ": " + warning.split(": ", 1)[1]
                         for warning in document.warnings]}


@pytest.mark.parametrize("case", ERRORS, ids=lambda path: path.stem)
def test_error_case(case: Path, tmp_path: Path) -> None:
    """Each bad case is reported with exactly its expected `path:line: message` lines."""
    folder = content_folder(tmp_path, {case.name: case.read_bytes()})
    with pytest.raises(ContentError) as raised:
        read_documents(folder)
    assert raised.value.problems == case.with_suffix(".err").read_text(encoding="utf-8").splitlines()


def test_front_matter_and_attribution(tmp_path: Path) -> None:
    """Front matter gives title and date; the blockquote gives the attribution lines."""
    case = CASES / "valid" / "front-matter.md"
    [document] = read_documents(content_folder(tmp_path, {case.name: case.read_bytes()}))
    assert (document.title, document.date) == ("状态码手册", "2021-01-02")
    assert document.attribution == ("来源：https://example.org/status", "第二行")
    assert document.provenance == "source"


def test_front_matter_names_a_supplement(tmp_path: Path) -> None:
    """`provenance: supplement` marks a document as the site's own text; its rows read as any others."""
    text = "---\nprovenance: supplement\n---\n\n| code | 描述 |\n| --- | --- |\n| 425 | 太早 |\n"
    [document] = read_documents(content_folder(tmp_path, {"extra.md": text.encode()}))
    assert (document.provenance, document.title, [row.code for row in document.rows]) == ("supplement", None, [425])


def test_every_file_is_read_and_codes_are_unique_across_files(tmp_path: Path) -> None:
    """Codes from every *.md file are read; one documented in two files names both lines."""
    table = "| code | 描述 |\n| --- | --- |\n| {0} | 说明 |\n"
    folder = content_folder(tmp_path, {"a.md": table.format(404).encode(), "b.md": table.format(500).encode()})
    assert [row.code for doc in read_documents(folder) for row in doc.rows] == [404, 500]
    (folder / "c.md").write_text("\n" + table.format(404), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        read_documents(folder)
    assert raised.value.problems == ["content/c.md:4: status code 404 is documented twice (also at content/a.md:3)"]


def test_all_problems_of_all_files_at_once(tmp_path: Path) -> None:
    """Problems in several files are all reported in one run."""
    files = {case.name: case.read_bytes() for case in ERRORS if case.stem in ("duplicate", "not-a-number")}
    with pytest.raises(ContentError) as raised:
        read_documents(content_folder(tmp_path, files))
    assert len(raised.value.problems) == 2  # one in each file


# SHA-256 of the seed document and the IANA registry, as the project was given them.
SOURCES = {
    "http-status.md": ("seed/http-status.md", "1f98f3a54752d698ef976a9ab93c8d3a0a70a69943ff88ce8f1ea5b11fd20e7c"),
    "registry.csv": ("data/iana-http-status-codes.csv",
                     "4a9550d4b4ae49cf41cf9050cf9b56b0d6082ad1edfc0e2b09b07f251a36d7a4"),
}


@pytest.mark.parametrize("name", SOURCES)
def test_seed_document_is_kept_verbatim(name: str) -> None:
    """content/ holds the seed and the registry byte for byte; compared with them too when they are beside it."""
    root = Path(__file__).resolve().parent.parent
    data = (root / "content" / name).read_bytes()
    original, digest = SOURCES[name]
    assert hashlib.sha256(data).hexdigest() == digest
    source = root.parent / "shared" / original  # in the team's layout and in CI, not in a user's clone
    if source.exists():
        assert data == source.read_bytes()


@pytest.mark.parametrize(("files", "expected"), [
    (None, "{folder}: content folder not found"),
    ({}, "{folder}: no *.md content files in this folder"),
])
def test_missing_content_is_one_clear_error(tmp_path: Path, files: dict[str, bytes] | None, expected: str) -> None:
    """A content folder that is missing or holds no Markdown is named in one line."""
    folder = content_folder(tmp_path, files) if files is not None else tmp_path / "nowhere"
    with pytest.raises(ContentError) as raised:
        read_documents(folder)
    assert raised.value.problems == [expected.format(folder=folder)]
