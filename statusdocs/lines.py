"""Raw table lines: every line written as a table row is read as written, or it is a `path:line` problem.

markdown-it drops or changes some rows without a word (a blank line ends a table, a bad delimiter row
unmakes it, extra cells are cut); these checks find each such line, so the build can refuse it.
"""
from __future__ import annotations

import re

from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from .model import printable

DELIMITER_ROW = re.compile(r"[|｜]?\s*:?-+:?\s*(?:[|｜]\s*:?-+:?\s*)*[|｜]?")
HIDDEN_BLOCKS = {"fence", "code_block", "html_block", "front_matter"}  # their lines are not tables


def lint_tables(lines: list[str], tokens: list[Token], name: str) -> list[str]:
    """Return `path:line: message` for every raw table line whose meaning markdown-it silently changes."""
    problems: list[tuple[int, str]] = []
    covered: set[int] = set()
    for token in tokens:
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
                f"the extra cells are dropped ({printable(' | '.join(cells[columns:]))})")
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
            problems += describe_stray_rows(lines, run, ends_table(lines, run[0], covered))
            run = []
    return problems


def looks_like_row(line: str) -> bool:
    """Tell whether a line is written like a table row: it starts with a pipe and holds another."""
    stripped = line.strip()
    return stripped[:1] in ("|", "｜") and sum(stripped.count(pipe) for pipe in "|｜") >= 2


def ends_table(lines: list[str], first: int, covered: set[int]) -> int | None:
    """Return the blank line that cut these rows off the table above them, if one did."""
    blank = first - 1
    while blank > 0 and not lines[blank].strip() and blank not in covered:
        if blank - 1 in covered and looks_like_row(lines[blank - 1]):
            return blank
        blank -= 1
    return None


def describe_stray_rows(lines: list[str], run: list[int], blank: int | None) -> list[tuple[int, str]]:
    """Say why a run of row-like lines is not a table: full-width pipes, a bad or missing delimiter row."""
    problems = [(number + 1, "full-width ｜ used as a column separator, so this table is not parsed: write |")
                for number in run if "｜" in lines[number]]
    if len(run) >= 2 and DELIMITER_ROW.fullmatch(lines[run[1]].strip()):
        header, delimiter = len(split_cells(lines[run[0]])), len(split_cells(lines[run[1]]))
        if header != delimiter:
            problems.append((run[1] + 1, f"delimiter row has {count_cells(delimiter)} but the header has "
                                         f"{count_cells(header)}: the table is not parsed and its rows are lost"))
    elif not problems and blank is not None:
        what = "this row is" if len(run) == 1 else f"these {len(run)} rows are"
        problems.append((run[0] + 1, f"{what} cut off from the table above by the blank line {blank + 1} "
                                     "and would be lost: remove the blank line"))
    elif not problems:
        what = "line written as a table row is" if len(run) == 1 else f"{len(run)} lines written as table rows are"
        problems.append((run[0] + 1, f"{what} not in a table: a table is a header row, a delimiter row "
                                     "such as | --- | --- |, then rows with no blank line between them"))
    return sorted(problems)
