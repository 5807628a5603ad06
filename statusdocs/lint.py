"""Content lint: what markdown-it hides in the raw table lines, and the registry cross-check."""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from markdown_it.rules_block.table import escapedSplit

from .model import Document, RegistryEntry
from .parse import CODE_HEADERS, find_column, normalize_text, parse_code, table_rows, tokenize

# Header wordings of a column that gives each code's English reason phrase, compared casefolded.
PHRASE_HEADERS = {"phrase", "reason phrase", "reason", "原因短语", "短语", "英文名称"}
DELIMITER_ROW = re.compile(r"[|｜]?\s*:?-+:?\s*(?:[|｜]\s*:?-+:?\s*)*[|｜]?")
HIDDEN_BLOCKS = {"fence", "code_block", "html_block", "front_matter"}  # their lines are not tables


def lint_tables(text: str, name: str) -> list[str]:
    """Return `path:line: message` for every raw table line whose meaning markdown-it silently changes."""
    lines = re.split(r"\r\n?|\n", normalize_text(text))
    problems: list[tuple[int, str]] = []
    covered: set[int] = set()
    for token in tokenize(text):
        if token.type == "table_open" and token.map and token.level == 0:  # not inside `>` or a list item
            problems += lint_table(lines, token.map[0], token.map[1])
        if (token.type == "table_open" or token.type in HIDDEN_BLOCKS) and token.map:
            covered.update(range(*token.map))
    problems += lint_stray_rows(lines, covered)
    return [f"{name}:{line}: {message}" for line, message in sorted(problems, key=lambda problem: problem[0])]


def lint_table(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """Check the body rows of the table on lines [start, end) against its header."""
    columns = len(split_cells(lines[start]))
    problems = []
    for number in range(start + 2, end):
        problem = check_row(lines[number], columns)
        if problem:
            problems.append((number + 1, problem))
    return problems


def check_row(line: str, columns: int) -> str | None:
    """Return what markdown-it does silently to one body row, or None when it reads as written."""
    cells = split_cells(line)
    if "｜" in line and len(cells) < columns:
        return "full-width ｜ used as a column separator: write |"
    if "|" not in line:
        return "line without | right after a table is read as one of its rows: leave a blank line after the table"
    if len(cells) > columns:
        return (f"row has {count_cells(len(cells))} but the header has {count_cells(columns)}: "
                f"the extra cells are dropped ({' | '.join(cells[columns:])})")
    if len(cells) < columns:
        return (f"row has {count_cells(len(cells))} but the header has {count_cells(columns)}: "
                "the missing cells are left empty")
    return None


def count_cells(number: int) -> str:
    """Return "1 cell" or "3 cells"."""
    return f"{number} cell" if number == 1 else f"{number} cells"


def split_cells(line: str) -> list[str]:
    """Split a table line into its cells the way markdown-it does (`\\|` is not a separator)."""
    cells = escapedSplit(line.strip())
    if cells and not cells[0].strip():
        cells.pop(0)
    if cells and not cells[-1].strip():
        cells.pop()
    return [cell.strip() for cell in cells]


def lint_stray_rows(lines: list[str], covered: set[int]) -> list[tuple[int, str]]:
    """Report runs of lines that look like table rows but are not in any parsed table."""
    problems: list[tuple[int, str]] = []
    run: list[int] = []
    for number, line in enumerate([*lines, ""]):
        if number not in covered and looks_like_row(line):
            run.append(number)
        elif run:
            problems += describe_stray_rows(lines, run)
            run = []
    return problems


def looks_like_row(line: str) -> bool:
    """Tell whether a line is written like a table row: it starts with a pipe and holds another."""
    stripped = line.strip()
    return stripped[:1] in ("|", "｜") and sum(stripped.count(pipe) for pipe in "|｜") >= 2


def describe_stray_rows(lines: list[str], run: list[int]) -> list[tuple[int, str]]:
    """Say why a run of row-like lines is not a table: full-width pipes, a bad or missing delimiter row."""
    problems = [(number + 1, "full-width ｜ used as a column separator, so this table is not parsed: write |")
                for number in run if "｜" in lines[number]]
    if len(run) >= 2 and DELIMITER_ROW.fullmatch(lines[run[1]].strip()):
        header, delimiter = len(split_cells(lines[run[0]])), len(split_cells(lines[run[1]]))
        if header != delimiter:
            problems.append((run[1] + 1, f"delimiter row has {count_cells(delimiter)} but the header has "
                                         f"{count_cells(header)}: the table is not parsed and its rows are lost"))
    elif not problems:
        what = "line written as a table row is" if len(run) == 1 else f"{len(run)} lines written as table rows are"
        problems.append((run[0] + 1, f"{what} not in a table: a table is a header row, a delimiter row "
                                     "such as | --- | --- |, then rows with no blank line between them"))
    return sorted(problems)


def find_phrases(text: str, name: str) -> list[tuple[str, int, str]]:
    """Return (source, code, phrase) for each row of a table that has a reason phrase column."""
    found = []
    tokens = tokenize(text)
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        (_, titles), *body = table_rows(tokens, index)
        code_column, phrase_column = find_column(titles, CODE_HEADERS), find_column(titles, PHRASE_HEADERS)
        if code_column is None or phrase_column is None:
            continue
        for line, cells in body:
            code = parse_code(cells[code_column])
            if isinstance(code, int) and cells[phrase_column]:
                found.append((f"{name}:{line}", code, cells[phrase_column]))
    return found


def cross_check_registry(documents: Sequence[Document], phrases: list[tuple[str, int, str]],
                         registry: dict[int, RegistryEntry], registry_path: Path, today: date) -> list[str]:
    """Return `path:line: message` for every disagreement between the content and the registry."""
    problems = [problem for doc in documents for row in doc.rows
                if (problem := describe_status(row.source, row.code, registry.get(row.code)))]
    problems += find_phrase_mismatches(phrases, registry)
    lines = read_registry_lines(registry_path)
    for code in find_undocumented(documents, registry):
        entry = registry[code]
        if not has_expired(entry, today):
            problems.append(f"{lines[code]}: status code {code} {entry.phrase} is registered"
                            f"{describe_expiry(entry)} but not documented")
    return problems


def list_expired_registrations(documents: Sequence[Document], registry: dict[int, RegistryEntry],
                               registry_path: Path, today: date) -> list[str]:
    """Return a note for every undocumented temporary registration that has expired: such a code needs no page."""
    lines = read_registry_lines(registry_path)
    return [f"{lines[code]}: status code {code} {registry[code].phrase} is not documented: "
            f"its temporary registration expired {registry[code].expires}, and an expired registration needs no page"
            for code in find_undocumented(documents, registry) if has_expired(registry[code], today)]


def find_undocumented(documents: Sequence[Document], registry: dict[int, RegistryEntry]) -> list[int]:
    """Return the codes the registry assigns (registered or temporary) that no document describes."""
    documented = {row.code for doc in documents for row in doc.rows}
    return [code for code, entry in sorted(registry.items())
            if entry.status in ("registered", "temporary") and code not in documented]


def has_expired(entry: RegistryEntry, today: date) -> bool:
    """Tell whether a temporary registration's expiry date is before `today`."""
    try:
        return bool(entry.expires) and date.fromisoformat(entry.expires) < today
    except ValueError:  # "2026-13-45": not a day, so not known to have passed
        return False


def find_phrase_mismatches(phrases: list[tuple[str, int, str]], registry: dict[int, RegistryEntry]) -> list[str]:
    """Return a problem for every reason phrase the content gives that is not the registry's current one."""
    return [f"{source}: reason phrase \"{phrase}\" differs from the registry's \"{registry[code].phrase}\""
            for source, code, phrase in phrases
            if code in registry and registry[code].status != "unused" and phrase != registry[code].phrase]


def describe_status(source: str, code: int, entry: RegistryEntry | None) -> str | None:
    """Return why a documented code is not a current registration, or None when it is one."""
    if entry is None or entry.status == "unassigned":
        return f"{source}: status code {code} is not in the IANA registry"
    if entry.status == "unused":
        return f"{source}: status code {code} is marked (Unused) in the IANA registry"
    if entry.status == "obsoleted":
        return f"{source}: status code {code} {entry.phrase} is marked obsoleted in the IANA registry"
    return None


def describe_expiry(entry: RegistryEntry) -> str:
    """Return " (temporary, expires 2027-01-01)" for a temporary registration, "" for any other."""
    if entry.status != "temporary":
        return ""
    return f" (temporary, expires {entry.expires})" if entry.expires else " (temporary)"


def read_registry_lines(path: Path) -> defaultdict[int, str]:
    """Return the `path:line` of each single-code row of the registry CSV (line 1 for any other), for messages."""
    reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")))
    name = f"{path.parent.name}/{path.name}"
    return defaultdict(lambda: f"{name}:1", {int(row[0]): f"{name}:{reader.line_num}"
                                             for row in reader if len(row) > 1 and row[0].isdigit()})
