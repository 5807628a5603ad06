"""content/check/acknowledged.md: the findings of `check` the editors know of, each with the reason it stays."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..read.table_lint import lint_tables
from ..model import split_problem

PATH = Path("check") / "acknowledged.md"  # inside the content folder, where the build reads no *.md
COLUMNS = ["finding", "reason"]


@dataclass(frozen=True)
class Acknowledgment:
    """One row of the file: a finding's message and why it is left as it is."""

    message: str  # the finding as `check` prints it after its level, without its path:line
    reason: str  # why the content stays so, e.g. "509 is documented on purpose: it is seen in the wild"
    source: str  # "content/check/acknowledged.md:12", for messages


def read_acknowledgments(content: Path) -> tuple[list[Acknowledgment], list[str]]:
    """Return the acknowledgments in `content`/check/acknowledged.md and `path:line: message` for bad rows."""
    path = content / PATH
    name = path.relative_to(content.parent).as_posix()
    if not path.is_file():
        return [], []
    try:
        text = re.sub(r"\r\n?", "\n", path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return [], [f"{name}:1: not UTF-8 text ({error.reason} at byte {error.start})"]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    problems = lint_tables(text.split("\n"), tokens, name)
    acknowledgments: list[Acknowledgment] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            read_table(tokens, index, name, acknowledgments, problems)
    return acknowledgments, sorted(problems, key=line_number)


def read_table(tokens: list[Token], start: int, name: str, acknowledgments: list[Acknowledgment],
               problems: list[str]) -> None:
    """Add the rows of the table at `tokens[start]` to `acknowledgments`, or a problem for each bad one."""
    (header_line, titles), *rows = read_rows(tokens, start)
    if [title.casefold() for title in titles] != COLUMNS:
        problems.append(f"{name}:{header_line}: a table of acknowledged findings has the columns "
                        f"| finding | reason |, not | {' | '.join(titles)} |")
        return
    seen = {ack.message: ack.source for ack in acknowledgments}
    for line, (message, reason) in rows:
        source = f"{name}:{line}"
        if not message:
            problems.append(f"{source}: the row names no finding")
        elif not reason:
            problems.append(f"{source}: \"{message}\" is acknowledged without a reason: say why it stays")
        elif message in seen:
            problems.append(f"{source}: \"{message}\" is acknowledged twice (also {seen[message]})")
        else:
            seen[message] = source
            acknowledgments.append(Acknowledgment(message, reason, source))


def read_rows(tokens: list[Token], start: int) -> list[tuple[int, list[str]]]:
    """Return (1-based line, plain text of each cell) for every row of the table at `tokens[start]`."""
    rows: list[tuple[int, list[str]]] = []
    for token in tokens[start + 1:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows.append((token.map[0] + 1 if token.map else 0, []))
        elif token.type == "inline":
            rows[-1][1].append(plain_text(token))
    return rows


def plain_text(inline: Token) -> str:
    """Return a cell's text without its Markdown: `code` spans, emphasis and escapes read as what they show."""
    parts = [child.content if child.type not in ("softbreak", "hardbreak") else " " for child in inline.children or []]
    return " ".join("".join(parts).split())


def line_number(problem: str) -> int:
    """Return the line of a `path:line: message` problem, for sorting."""
    return int(split_problem(problem)[0].rpartition(":")[2])
