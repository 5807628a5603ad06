"""Markdown content files -> documents of table rows, with `path:line` on every problem."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .files import content_files, decode_file
from .items import read_items
from .table_lint import join_html_tables, lint_tables, table_cells
from ..model import PROVENANCES, SOURCE, UNOFFICIAL, ContentError, Document, Row, printable, split_problem
from .rows import read_status_rows
from .tables import MAX_TABLE_CELLS, TOO_MANY_CELLS, read_tables
from .vendors import check_vendor_sections

NEWLINE = re.compile(r"\r\n?|\n")  # what the Markdown parser counts as a line break
LONE_CR = re.compile(r"\r(?!\n)")  # a line break to the parser, rarely meant: it splits a table row
# A line limit that keeps a runaway file from stalling the build; the real document's lines are under 400.
MAX_LINE_CHARS = 100_000
# Limits on the parsers' work, each far above what the real content uses, checked before markdown-it starts: the
# block parser's time goes with the lines (and table cells, tables.py), the inline parser's with the characters
# it stops at, MARKUP (each costs 1 to 8 microseconds and some 400 bytes: 6 MB of `*` took 28 s and 2.6 GB).
MAX_LINES = 10_000  # the real document has 102
MAX_MARKUP = 50_000  # the real content has at most 600 in a file
MARKUP = "!#$%&*+-:<=>@[\\]^_`{}~"  # markdown-it's inline terminators
FRONT_MATTER_KEYS = ("title", "date", "provenance")  # the keys a build reads from a front matter
Meta = dict[str, "str | None"]  # {} or {"title": ..., "date": ..., "provenance": ...}

# Block structure only: cells keep their inline source in Token.content, which records.py renders once.
_PARSER = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")


def read_documents(content: Path, phrases: Mapping[int, str] | None = None) -> list[Document]:
    """Parse every `*.md` file in `content`, reporting every problem at once."""
    documents, problems = collect_documents(content, phrases)
    if problems:
        raise ContentError(problems)
    return documents


def collect_documents(content: Path, phrases: Mapping[int, str] | None = None) -> tuple[list[Document], list[str]]:
    """Return the documents that could be read and the problems of every file (`phrases`: the registry's)."""
    paths = content_files(content)
    documents: list[Document] = []
    problems: list[str] = []
    for path in paths:
        name = path.relative_to(content.parent).as_posix()
        try:
            document, found = read_document(decode_file(path, name), name, phrases)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        documents.append(document)
        problems.extend(found)
        if not document.rows and not found:  # an emptied file (a save half done, a mistake) would take its codes off the site
            problems.append(f"{name}:1: no status code in this file: every *.md file of {content.name}/ is a status "
                            "document; add a table with a code column (headed code or 状态码), list items or headings that "
                            "start with a code (- 404 Not Found: …), or move the file")
            problems.extend(document.warnings)  # what was skipped, and why
    problems.extend(find_duplicate_codes((row, doc.provenance == UNOFFICIAL) for doc in documents for row in doc.rows))
    return documents, problems


def read_document(text: str, name: str, phrases: Mapping[int, str] | None = None) -> tuple[Document, list[str]]:
    """Return one content file's sound rows and the problems of the others; `phrases` are the registry's."""
    check_lines(text, name)
    tokens = tokenize(text)
    problems = lint_tables(NEWLINE.split(normalize_text(text)), tokens, name)
    meta: Meta = {}
    attribution: tuple[str, ...] = ()
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            meta = parse_front_matter(token, name, problems)
        elif token.type == "blockquote_open" and not attribution:
            attribution = read_blockquote(tokens, index)
    items = read_items(tokens, read_tables(tokens), name, phrases or {})  # tables, and list items and headings
    found = read_status_rows(items.tables, name, phrases or {})
    problems += found.problems
    if meta.get("provenance") == UNOFFICIAL:  # each section names the software: the pages and the API link it
        problems += check_vendor_sections(tokens, items.tables, found.rows, name)
    document = Document(meta.get("title"), meta.get("date"), attribution, tuple(found.rows),
                        meta.get("provenance") or SOURCE, tuple(found.notes), (*found.warnings, *items.warnings))
    return document, sorted(problems, key=line_of)


def line_of(problem: str) -> int:
    """Return the line number of a `path:line: message` problem."""
    return int(split_problem(problem)[0].rpartition(":")[2])


def tokenize(text: str) -> list[Token]:
    """Return the markdown-it block tokens of a content file's text, each HTML table one html_block however blank
    lines cut it; `Token.map` gives 0-based lines."""
    text = normalize_text(text)
    return join_html_tables(_PARSER.parse(text), NEWLINE.split(text))


def normalize_text(text: str) -> str:
    """Drop a byte order mark and turn CRLF line ends into LF, as the parser reads them."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def check_lines(text: str, name: str) -> None:
    """Refuse a lone CR, a line over MAX_LINE_CHARS and a file past a limit on the parsers' work, before the
    Markdown parser spends time on it."""
    problems = []
    lone = LONE_CR.search(text)
    if lone:
        line = len(NEWLINE.findall(text[:lone.start()])) + 1
        problems.append(f"{name}:{line}: a carriage return (\\r) without a line feed ends this line early; "
                        "remove it")
    lines = NEWLINE.split(text)
    problems += [f"{name}:{number}: line is {len(line):,} characters long, over the limit of {MAX_LINE_CHARS:,}"
                 for number, line in enumerate(lines, 1) if len(line) > MAX_LINE_CHARS]
    if not problems:
        problems = check_work(text, lines, name)
    if problems:
        raise ContentError(problems)


def check_work(text: str, lines: list[str], name: str) -> list[str]:
    """Return the first limit on the parsers' work that a file passes: its lines, markup characters, table cells."""
    count = len(lines) - (lines[-1] == "")  # a final line break ends the last line, it starts none
    if count > MAX_LINES:
        return [f"{name}:{MAX_LINES + 1}: file has {count:,} lines, over the limit of {MAX_LINES:,}"]
    if sum(map(text.count, MARKUP)) > MAX_MARKUP:  # a line's count only when the file's is over
        line = line_past((sum(map(line.count, MARKUP)) for line in lines), MAX_MARKUP)
        return [f"{name}:{line}: more than {MAX_MARKUP:,} Markdown markup characters ({' '.join(MARKUP)}) by "
                "this line, the limit for a content file"]
    line = line_past(table_cells(lines), MAX_TABLE_CELLS)
    return [f"{name}:{line}: {TOO_MANY_CELLS}"] if line else []


def line_past(counts: Iterable[int], limit: int) -> int:
    """Return the 1-based line at which the running total of `counts` passes `limit`, 0 if it never does."""
    total = 0
    for number, count in enumerate(counts, 1):
        total += count
        if total > limit:
            return number
    return 0


def parse_front_matter(token: Token, name: str, problems: list[str]) -> Meta:
    """Return the front matter's title, date and provenance as text, or record why they can't be read."""
    import yaml  # here, not at the top: a build whose records are in the site memo never imports PyYAML

    first_line = token.map[0] + 2 if token.map else 2  # the line after the opening ---
    try:
        meta = yaml.safe_load(token.content)
        if not isinstance(meta, dict):
            if meta is not None:
                problems.append(f"{name}:{first_line}: front matter must be `key: value` lines")
            return {}
        found = {key: text_of(key, meta.get(key)) for key in FRONT_MATTER_KEYS}
        if found["provenance"] not in (None, *PROVENANCES):
            line = first_line + next((number for number, text in enumerate(token.content.splitlines())
                                      if text.startswith("provenance:")), 0)
            problems.append(f"{name}:{line}: front matter provenance must be one of {', '.join(PROVENANCES)}, "
                            f"not {found['provenance']!r}")
            return {}
        return found
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        reason = getattr(error, "problem", None) or "cannot be read"
        problems.append(f"{name}:{line}: front matter is not valid YAML: {printable(reason)}")
    except (ValueError, RecursionError) as error:  # impossible dates, huge numbers, deep nesting
        problems.append(f"{name}:{first_line}: front matter cannot be read: {printable(str(error))}")
    return {}


def text_of(key: str, value: object) -> str | None:
    """Return a front matter value as text (dates as YYYY-MM-DD), None when absent."""
    from datetime import date  # PyYAML has loaded it: dates are only met in YAML

    if value is None:
        return None
    if isinstance(value, date):  # a datetime is a date too
        return value.isoformat()[:10]
    if isinstance(value, (list, dict, set, bytes)):
        raise ValueError(f"{key} must be text, not a {type(value).__name__}")
    text = str(value).strip()
    surrogate = next((character for character in text if "\ud800" <= character <= "\udfff"), None)
    if surrogate:  # written "\ud800" in YAML: no UTF-8 page can hold it
        raise ValueError(f"{key} holds a lone surrogate ({printable(surrogate)}), which UTF-8 cannot encode")
    return text or None


def read_blockquote(tokens: list[Token], start: int) -> tuple[str, ...]:
    """Return the text lines of the blockquote that opens at `start`."""
    lines: list[str] = []
    depth = 0
    for token in (tokens[index] for index in range(start, len(tokens))):  # not tokens[start:], a copy per quote
        depth += token.nesting if token.type.startswith("blockquote") else 0
        if token.type == "inline":
            lines.extend(line.strip() for line in token.content.splitlines() if line.strip())
        if depth == 0:
            break
    return tuple(lines)


def find_duplicate_codes(rows: Iterable[tuple[Row, bool]]) -> list[str]:
    """Return a problem for every code documented twice, naming both lines.

    A code has one standard meaning (source documents and supplements) and one per software in an
    unofficial document (`rows` pairs each row with whether its document is unofficial).
    """
    first_seen: dict[tuple[int, str | None], str] = {}
    problems = []
    for row, unofficial in rows:
        key = (row.code, row.section if unofficial else None)
        if key in first_seen:
            where = f" for {printable(row.section)}" if unofficial else ""
            problems.append(f"{row.source}: status code {row.code} is documented twice{where} "
                            f"(also at {first_seen[key]})")
        else:
            first_seen[key] = row.source
    return problems
