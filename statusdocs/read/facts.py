"""content/reference/*.md -> the facts per code: constants, header fields, caching, related codes, editor notes,
search words; and per document, its credit.

Each file is a heading, a paragraph naming its sources, and one table whose first column is `code` (`document` in
credits.md); a row is one fact. The cells use the small vocabulary the file's paragraph documents. A row that
breaks it is a `path:line: message` problem, and the problems of every file are reported at once.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .files import REFERENCE_FOLDER, decode_file, is_source_name
from .table_lint import lint_tables
from ..model import (CACHING_MARKS, CACHING_WORDS, LANGUAGE_FORMS, Caching, CodeFacts, Constant, Constants, ContentError,
                    Credit, HeaderField, NotSent, Reference, ReferenceData, RelatedCode, printable)
from .parse import NEWLINE, check_lines, line_of, normalize_text, tokenize
from .tables import Table, read_tables

DASH = "—"  # "none" in any cell
WORD_SEPARATOR = "、"  # between the search words of search-words.md
LANGUAGES = ("python", "go", "node", "spring", "dotnet", "rust", "rails", "symfony")  # constants.md's columns
LEVELS = ("MUST", "SHOULD", "MAY")
# Patterns, compiled by `re` on first use: a build whose facts are in the memo never needs them.
CODE = r"[1-5][0-9]{2}"
NAME = r"([A-Za-z_][A-Za-z0-9_]*)(?: \(([^()]+)\))?"  # NAME or NAME (note; note)
NOTE = r"[0-9]+(?:\.[0-9]+)*\+|deprecated(?: [0-9]+(?:\.[0-9]+)*)?|removed [0-9]+(?:\.[0-9]+)*"
FIELD_NAME = r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
RFC = r"RFC ([0-9]{3,5})"
SECTION = r"[0-9]+(?:\.[0-9]+)*"
SPEC = r"RFC ([0-9]{3,5}) §([0-9]+(?:\.[0-9]+)*)"
CODE_SPAN = r"`([^`]+)`"
DOCUMENT = r"[^/\\]+\.md"  # a status document's file name: the documents sit directly in the content folder
WEB_URL = r"https?://[^\s<>\"]+"
RFC_URL = "https://www.rfc-editor.org/rfc/rfc{number}.html#section-{section}"

Cells = dict[str, str]  # a row's cells by column


class FactFile(NamedTuple):
    """What one file of content/reference/ holds: its columns, how a row becomes a fact, what may not repeat."""

    columns: tuple[str, ...]  # the first one names what a row is about: `code`, or `document` in credits.md
    read_row: Callable[[Cells], object]  # raises ValueError with the message
    key: Callable[[Cells], object] | None  # rows with the same key are one fact written twice; None: any number


class FactRow(NamedTuple):
    """One row read: its code (its document, in credits.md), where it is written, and its fact."""

    code: int | str
    source: str
    fact: object


def read_reference(content: Path) -> ReferenceData:
    """Read the fact files of `content`/reference/ that exist, reporting every problem of every file at once."""
    texts, problems = read_fact_texts(content)
    found: dict[str, tuple[FactRow, ...]] = {}
    for name, text in texts.items():
        found[name], file_problems = read_fact_file(text, name)
        problems += file_problems
    problems.sort(key=lambda problem: (problem.split(":", 1)[0], line_of(problem)))
    if problems:
        raise ContentError(problems)
    constants = next((name for name in texts if name.endswith("/constants.md")), "")
    by_file = {Path(name).name: rows for name, rows in found.items()}
    credits = {str(row.code): row.fact._replace(row=row.source)  # type: ignore[attr-defined]
               for row in by_file.pop(CREDITS, ())}  # about documents, not codes
    return ReferenceData(join_facts(by_file), list_named_codes(found), constants, credits)


def list_named_codes(found: dict[str, tuple[FactRow, ...]]) -> tuple[tuple[int, str], ...]:
    """Return (code, source) for every code a fact row names: its own, and the other code of a related pair."""
    named: list[tuple[int, str]] = []
    for name, rows in found.items():
        for row in rows if not name.endswith(f"/{CREDITS}") else ():
            other = (row.fact[0],) if name.endswith("/related.md") else ()  # type: ignore[index]
            named += [(code, row.source) for code in (row.code, *other)]  # type: ignore[misc]
    return tuple(named)


def read_fact_texts(content: Path) -> tuple[dict[str, str], list[str]]:
    """Return the text of each fact file that exists, by its `content/reference/name.md`, and why others can't be read."""
    texts: dict[str, str] = {}
    problems = find_unknown_fact_files(content)
    for file in FILES:
        path = content / REFERENCE_FOLDER / file
        if path.exists():
            name = path.relative_to(content.parent).as_posix()
            try:
                texts[name] = decode_file(path, name)
            except ContentError as error:
                problems.extend(error.problems)
    return texts, problems


def find_unknown_fact_files(content: Path) -> list[str]:
    """Return a problem for every `*.md` in `content`/reference/ that names no kind of fact: nothing would read it."""
    folder = content / REFERENCE_FOLDER
    known = sorted([*FILES, *CHECKED_BY_TESTS])
    unknown = sorted(path for path in folder.glob("*.md") if is_source_name(path.name) and path.name not in known)
    return [f"{path.relative_to(content.parent).as_posix()}:1: not a fact file, so nothing reads it: the files of "
            f"{folder.relative_to(content.parent).as_posix()}/ are {', '.join(known)}" for path in unknown]


@functools.lru_cache(maxsize=16)  # `serve` rebuilds on every save, mostly of other files: each text is read once
def read_fact_file(text: str, name: str) -> tuple[tuple[FactRow, ...], tuple[str, ...]]:
    """Return the rows of one fact file, and a problem for every row that is not a sound fact."""
    problems: list[str] = []
    rows = read_fact_table(text, name, FILES[Path(name).name], problems)
    return tuple(rows), tuple(problems)


def read_fact_table(text: str, name: str, kind: FactFile, problems: list[str]) -> list[FactRow]:
    """Return the rows of one fact file's table, adding a problem for every row that is not a sound fact."""
    try:
        check_lines(text, name)
    except ContentError as error:
        problems.extend(error.problems)
        return []
    tokens = tokenize(text)
    problems.extend(lint_tables(NEWLINE.split(normalize_text(text)), tokens, name))
    table = find_fact_table(read_tables(tokens), name, kind.columns[0], problems)
    if table is None:
        return []
    if sorted(table.header) != sorted(kind.columns):
        problems.append(f"{name}:{table.line}: the columns must be {' | '.join(kind.columns)}, "
                        f"not {printable(' | '.join(table.header))}")
        return []
    return read_fact_rows(table, name, kind, problems)


def find_fact_table(tables: list[Table], name: str, first: str, problems: list[str]) -> Table | None:
    """Return the one table of a fact file, its first column headed `first`; any other table is a problem."""
    table = next((table for table in tables if table.header and table.header[0].strip() == first), None)
    if table is None:
        problems.append(f"{name}:1: no table whose first column is headed {first}")
        return None
    problems.extend(f"{name}:{other.line}: a fact file holds one table (the one at line {table.line}), and nothing "
                    "reads this one: move its rows there, or write it as text" for other in tables if other is not table)
    return table


def read_fact_rows(table: Table, name: str, kind: FactFile, problems: list[str]) -> list[FactRow]:
    """Type every body row of a fact table; a key written twice names both lines."""
    rows: list[FactRow] = []
    seen: dict[object, str] = {}
    for line, values in table.rows:
        source = f"{name}:{line}"
        cells = dict(zip(table.header, (value.strip() for value in values)))
        try:
            code, fact = read_subject(cells, kind.columns[0]), kind.read_row(cells)
        except ValueError as error:
            problems.append(f"{source}: {error}")
            continue
        key = kind.key(cells) if kind.key else None
        if key is not None and key in seen:
            problems.append(f"{source}: {describe_key(key)} is written twice (also at {seen[key]})")
            continue
        seen.setdefault(key, source)
        rows.append(FactRow(code, source, fact))
    return rows


def describe_key(key: object) -> str:
    """Return how a message names a repeated key: "status code 404", "404 Retry-After", "the pair 301 308"."""
    return f"status code {key}" if isinstance(key, int) else " ".join(map(str, key))  # type: ignore[call-overload]


def read_subject(cells: Cells, first: str) -> int | str:
    """Return what the row is about (its code, or the document a credit is for), refusing an empty cell anywhere."""
    empty = next((column for column, value in cells.items() if not value), None)
    if empty:
        raise ValueError(f"the {empty} cell is empty; write {DASH} for none")
    if first == "document":
        return cells["document"]  # read_credit checks it
    return read_status_code(cells["code"], "code")


def read_status_code(cell: str, column: str) -> int:
    """Return a three-digit status code cell as a number."""
    if not re.fullmatch(CODE, cell):
        raise ValueError(f"{column} {printable(cell)!r} is not a status code (three digits, 100-599)")
    return int(cell)


# --- one reader per file ----------------------------------------------------------------------------------------

def read_constants(cells: Cells) -> tuple[Constants, ...]:
    """Return the names of every language's column."""
    return tuple(Constants(language, read_names(language, cells[language], int(cells["code"])))
                 for language in LANGUAGES)


def read_names(language: str, cell: str, code: int) -> tuple[Constant, ...]:
    """Read "—", a node phrase, or `NAME (note; note), NAME`, preferred first."""
    if cell == DASH:
        return ()
    if language == "node":
        return (Constant(cell, qualify(language, cell, code)),)
    names = []
    for item in cell.split(", "):
        match = re.fullmatch(NAME, item)
        if not match:
            raise ValueError(f"{language}: {printable(item)!r} is not a name, or a name with notes in parentheses")
        notes = tuple(match[2].split("; ")) if match[2] else ()
        wrong = next((note for note in notes if not re.fullmatch(NOTE, note)), None)
        if wrong:
            raise ValueError(f"{language}: note {printable(wrong)!r} of {match[1]} is not "
                             "X.Y+, deprecated, deprecated X.Y or removed X.Y")
        names.append(Constant(match[1], qualify(language, match[1], code), notes))
    return tuple(names)


def read_header(cells: Cells) -> HeaderField:
    """Return a header field with its requirement level, its section and its example value."""
    if not re.fullmatch(FIELD_NAME, cells["header"]):
        raise ValueError(f"header {printable(cells['header'])!r} is not a field name such as Retry-After")
    if cells["level"] not in (*LEVELS, DASH):
        raise ValueError(f"level {printable(cells['level'])!r} is not one of {', '.join(LEVELS)}, {DASH}")
    if not re.fullmatch(RFC, cells["spec"]) or not re.fullmatch(SECTION, cells["section"]):
        raise ValueError(f"spec {printable(cells['spec'])!r} and section {printable(cells['section'])!r} "
                         "are not written as RFC 9110 and 15.5.2")
    number = cells["spec"].removeprefix("RFC ")
    reference = make_reference(number, cells["section"])
    level = "" if cells["level"] == DASH else cells["level"]
    return HeaderField(cells["header"], level, reference, read_example(cells["example"]))


def read_example(cell: str) -> str:
    """Return the value a `code span` holds, "" for "—"."""
    if cell == DASH:
        return ""
    match = re.fullmatch(CODE_SPAN, cell)
    if not match or not match[1].strip() or not match[1].isprintable():
        raise ValueError(f"example {printable(cell)!r} is not {DASH} or a value in backticks, such as `120`")
    return match[1].strip()


def read_caching(cells: Cells) -> Caching:
    """Return the caching, content and redirect words of a code, checked against the vocabulary."""
    for column, words in CACHING_WORDS.items():
        allowed = [*words, DASH] if column == "redirect" else list(words)
        if cells[column] not in allowed:
            raise ValueError(f"{column} {printable(cells[column])!r} is not one of {', '.join(allowed)}")
    redirect = "" if cells["redirect"] == DASH else cells["redirect"]
    marks = tuple(marks[cells[column]] for column, marks in CACHING_MARKS.items() if cells[column] in marks)
    return Caching(cells["cacheable"], cells["content"], redirect, read_specs(cells["spec"]), marks)


def read_related(cells: Cells) -> tuple[int, str]:
    """Return the other code of a pair and the reason."""
    other = read_status_code(cells["related"], "related")
    if other == int(cells["code"]):
        raise ValueError(f"{other} is related to itself")
    return other, cells["reason"]


def read_note(cells: Cells) -> tuple[str, tuple[Reference, ...], str]:
    """Return an editor's note (inline Markdown), the specifications it relies on, and the words it quotes ("" for
    none: the note is about the code, not about a document's wording)."""
    return cells["note"], read_specs(cells["spec"]), "" if cells["quote"] == DASH else cells["quote"]


def read_credit(cells: Cells) -> Credit:
    """Return whose text a document is, where it is from, and its licence; — for a URL or licence it has none of."""
    if not re.fullmatch(DOCUMENT, cells["document"]):
        raise ValueError(f"document {printable(cells['document'])!r} is not the file name of a status document in "
                         "the content folder, such as http-status.md")
    if cells["source"] == DASH:
        raise ValueError("source is —: a credit names whose text the document is")
    urls = [read_web_url(cells[column], column) for column in ("source_url", "licence_url")]
    if cells["licence"] == DASH and urls[1]:
        raise ValueError(f"licence_url {printable(cells['licence_url'])!r} is given, but no licence")
    return Credit(cells["source"], urls[0], "" if cells["licence"] == DASH else cells["licence"], urls[1], "")


def read_web_url(cell: str, column: str) -> str:
    """Return an http(s) URL cell, "" for —."""
    if cell != DASH and not re.fullmatch(WEB_URL, cell):
        raise ValueError(f"{column} {printable(cell)!r} is not {DASH} or an http(s) URL")
    return "" if cell == DASH else cell


def read_specs(cell: str) -> tuple[Reference, ...]:
    """Read "RFC 9110 §15.5.5; RFC 9111 §3" into linked references, "—" into none."""
    if cell == DASH:
        return ()
    references = []
    for part in cell.split("; "):
        match = re.fullmatch(SPEC, part)
        if not match:
            raise ValueError(f"spec {printable(part)!r} is not written as RFC 9110 §15.5.5 (several separated by '; ')")
        references.append(make_reference(match[1], match[2]))
    return tuple(references)


def make_reference(number: str, section: str) -> Reference:
    """Return "RFC 9110 §15.5.5" with its link to the section on rfc-editor.org."""
    return Reference(f"RFC {number} §{section}", RFC_URL.format(number=number, section=section))


def read_words(cells: Cells) -> tuple[str, ...]:
    """Read "限流、频率限制" into the words readers type for a code; each one printable, none twice; "—" is none."""
    if cells["words"] == DASH:
        return ()
    words = tuple(word.strip() for word in cells["words"].split(WORD_SEPARATOR))
    wrong = next((word for word in words if not word or not word.isprintable()), None)
    if wrong is not None:
        raise ValueError(f"words: {printable(cells['words'])!r} has an empty or unprintable word "
                         f"(separate words with {WORD_SEPARATOR})")
    twice = next((word for index, word in enumerate(words) if word in words[:index]), None)
    if twice:
        raise ValueError(f"words: {printable(twice)!r} is written twice")
    return words


def read_not_sent(cells: Cells) -> NotSent:
    """Return what a client receives in place of a code no response carries: another code, or nothing (—)."""
    received = None if cells["received"] == DASH else read_status_code(cells["received"], "received")
    if received == int(cells["code"]):
        raise ValueError(f"received {received} is the code itself: a code clients receive as itself has no row here")
    return NotSent(received)


def pair_key(cells: Cells) -> tuple[str, ...]:
    """Return a related pair the same whichever way it is written."""
    return ("the pair", *sorted((cells["code"], cells["related"])))


FILES = {
    "constants.md": FactFile(("code", *LANGUAGES), read_constants, lambda cells: int(cells["code"])),
    "headers.md": FactFile(("code", "header", "level", "spec", "section", "example"), read_header,
                           lambda cells: (cells["code"], cells["header"])),
    "caching.md": FactFile(("code", "cacheable", "content", "redirect", "spec"), read_caching,
                           lambda cells: int(cells["code"])),
    "related.md": FactFile(("code", "related", "reason"), read_related, pair_key),
    "notes.md": FactFile(("code", "note", "quote", "spec"), read_note, None),
    "search-words.md": FactFile(("code", "words"), read_words, lambda cells: int(cells["code"])),
    "not-sent.md": FactFile(("code", "received"), read_not_sent, lambda cells: int(cells["code"])),
    "credits.md": FactFile(("document", "source", "source_url", "licence", "licence_url"), read_credit,
                           lambda cells: ("document", cells["document"])),
}
CREDITS = "credits.md"  # its rows are about documents, not codes

# Facts no page shows: the tests read them (tests/test_reference_data.py), to hold constants.md to its sources.
CHECKED_BY_TESTS = ("constant-exceptions.md",)


# --- how code writes a constant ----------------------------------------------------------------------------------

def qualify(language: str, name: str, code: int) -> str:
    """Return a constant as code writes it: `HTTPStatus.NOT_FOUND`, `:not_found`; Node's phrase is looked up by code."""
    return LANGUAGE_FORMS[language][1].format(code if language == "node" else name)


# --- joining the rows by code -----------------------------------------------------------------------------------

def join_facts(found: dict[str, tuple[FactRow, ...]]) -> dict[int, CodeFacts]:
    """Gather each code's facts from every file; a related pair is shown on both codes."""
    by_code: dict[str, defaultdict[int, list[object]]] = {name: defaultdict(list) for name in FILES}
    for name, rows in found.items():
        for row in rows:  # a note carries its row: one left out is reported there
            by_code[name][row.code].append((*row.fact, row.source) if name == "notes.md" else row.fact)  # type: ignore
    related: defaultdict[int, list[RelatedCode]] = defaultdict(list)
    for row in found.get("related.md", []):
        other, reason = row.fact  # type: ignore[misc]
        related[row.code].append(RelatedCode(other, reason))
        related[other].append(RelatedCode(row.code, reason))
    codes = set(related).union(*(set(facts) for facts in by_code.values()))
    return {code: CodeFacts(
        constants=next(iter(by_code["constants.md"][code]), ()),  # type: ignore[arg-type]
        headers=tuple(by_code["headers.md"][code]),  # type: ignore[arg-type]
        caching=next(iter(by_code["caching.md"][code]), None),  # type: ignore[arg-type]
        related=tuple(sorted(related[code], key=lambda item: item.code)),
        notes=tuple(by_code["notes.md"][code]),  # type: ignore[arg-type]
        words=next(iter(by_code["search-words.md"][code]), ()),  # type: ignore[arg-type]
        not_sent=next(iter(by_code["not-sent.md"][code]), None),  # type: ignore[arg-type]
    ) for code in sorted(codes)}
