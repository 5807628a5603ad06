"""List items and headings that start with a code -> tables for rows.py, one row per item or heading.

A list item whose first paragraph starts with a code (`- 404 Not Found: text`, ``- [`404`](url) - text``) is one
code: a phrase right after the code (the registry's, or a few Latin words before a separator) is its phrase, and
the rest of the item, its later paragraphs and prose sub-items too, is its description. A heading that starts with
a code (`### 404 Not Found`) is one code, described by the blocks below it up to the next heading of its level or
higher, or the next code heading. Items and headings nested in a description that start with a code are codes of
their own. Each becomes a row of a table headed code | phrase | description, so rows.py reads it as it reads any
table row: classes (`- 4xx 客户端错误`), mistyped codes, empty descriptions, duplicates. A code heading opens no
section: its code, and any table below it, belong to the section heading above it (`## 4xx 客户端错误`).
"""
from __future__ import annotations

import re
from bisect import bisect
from collections.abc import Mapping
from typing import NamedTuple

from markdown_it.token import Token

from ..model import split_problem
from .rows import read_code_cell
from .tables import SECTION_TAGS, Table

HEADER = ("code", "phrase", "description")  # what rows.py reads each column of an item table as
CODE_AT = re.compile(r"\s*(?:[1-5](?:xx|XX|××)\b|[0-9]{3})")  # a class or a code, as read_code_cell reads them
SEPARATORS = re.compile(r"[\s:：.\-–—|｜]*")  # what may stand between a code, its phrase and its description
CLOSING = re.compile(r"(?:[*_`]|\]\([^)]*\))*")  # emphasis, code marks and link targets closing round a code
# A phrase not in the registry (`Moved Temporarily`): Latin words up to a separator, the end of a line or a bracket.
LATIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z0-9'’ -]*?(?=\s*(?:[:：—–|｜)）\n]|\s-+\s|$))")
LOOK_ALIKE = set("OoIlL")  # letters typed for digits: `4O4`, `2OO`
CODE_LIKE = "OoIlL+-.,"  # what rows.py takes for a mistyped code's first character besides a digit
HEAD_CHARS = 300  # the first characters of an item that are read for its code and phrase


class Head(NamedTuple):
    """What an item or heading starts with: the code (or class, or typo), its phrase, and the text after them."""

    code: str  # "404", "4xx", or the mistyped word ("4O4") as rows.py reads a code cell
    phrase: str
    rest: str  # inline Markdown after the code and phrase, as written


class ItemRow(NamedTuple):
    """One item or heading as a table row, with the section it belongs to."""

    line: int
    cells: tuple[str, str, str]
    section: tuple[int, str]  # the number and heading text of its section, as read_tables counts sections


class Items(NamedTuple):
    """A document's tables with its item tables among them, in document order, and what was left out of items."""

    tables: list[Table]
    warnings: list[str]


def read_items(tokens: list[Token], tables: list[Table], name: str, phrases: Mapping[int, str]) -> Items:
    """Return the document's tables and a table for each run of code items and headings between them."""
    known = sorted({phrase for phrase in phrases.values() if phrase}, key=len, reverse=True)
    heads = {index: head for index in range(len(tokens)) if (head := head_at(tokens, index, known))}
    titles = [f"{name}:{(tokens[index].map or [0])[0] + 1}: heading not read as a code: a # heading is the "
              "document's title; write ## or ### before a code" for index in title_codes(tokens, known)]
    if not heads:
        return Items(tables, titles)
    rows, sections, warnings = walk_items(tokens, heads, name)
    tables = [table._replace(section=sections[table.section][0], heading=sections[table.section][1])
              if table.section in sections else table for table in tables]
    return Items(merge_tables(tables, rows), sorted(titles + warnings, key=line_number))


def title_codes(tokens: list[Token], known: list[str]) -> list[int]:
    """Return the index of every level-1 heading that starts with a code (`# 404 Not Found`)."""
    return [index for index, token in enumerate(tokens) if token.type == "heading_open" and token.tag == "h1"
            and (head := read_head(tokens[index + 1].content, known)) and not head.code.endswith("xx")]


def line_number(warning: str) -> int:
    """Return the line of a `path:line: message` warning."""
    return int(split_problem(warning)[0].rpartition(":")[2])


def head_at(tokens: list[Token], index: int, known: list[str]) -> Head | None:
    """Return the head of the list item or section heading at `index` when it starts with a code or a class."""
    token = tokens[index]
    if token.type == "list_item_open" and index + 2 < len(tokens) and tokens[index + 1].type == "paragraph_open":
        return read_head(tokens[index + 2].content, known)
    if token.type == "heading_open" and token.tag in SECTION_TAGS:
        head = read_head(tokens[index + 1].content, known)
        return head if head and not head.code.endswith("xx") else None  # `## 4xx 客户端错误` names a section
    return None


def read_head(text: str, known: list[str]) -> Head | None:
    """Split an item's text into its code, phrase and the rest; None when it does not start with a code."""
    first = text.lstrip(" *_`[")[:1]
    if not first or first.isprintable() and not first.isdigit() and first not in CODE_LIKE:
        return None  # most prose, at once: reading the item's first line costs ten times more
    seen, where = visible_text(text[:HEAD_CHARS].partition("\n")[0])
    cell = read_code_cell(seen)
    if cell.kind == "mistyped" and looks_mistyped(seen, known):
        return Head(seen.split()[0], "", "")
    match = CODE_AT.match(seen)
    if cell.kind not in ("code", "class") or not match:
        return None  # prose: `参见 RFC 9110`, `2024 年更新`
    end = skip_code(seen, match.end(), cell.code) if cell.kind == "code" else match.end()
    start = SEPARATORS.match(seen, end).end()  # type: ignore[union-attr] - always matches
    phrase_end = phrase_at(seen, start, known) if cell.kind == "code" else 0
    rest = text[where[(phrase_end or end) - 1] + 1:]  # after the last character of the code or phrase
    rest = rest[CLOSING.match(rest).end():]  # type: ignore[union-attr]
    rest = rest[SEPARATORS.match(rest).end():]  # type: ignore[union-attr]
    code = f"{cell.code}xx" if cell.kind == "class" else str(cell.code)
    return Head(code, seen[start:phrase_end].strip("()（） ") if phrase_end else "", tidy(rest))


def skip_code(seen: str, end: int, code: int) -> int:
    """Return where a code ends, past the same code written again after it: ``[`404`](url) - 404 Not Found``."""
    start = SEPARATORS.match(seen, end).end()  # type: ignore[union-attr] - always matches
    again = re.compile(rf"{code}(?![\w.])").match(seen, start)
    return again.end() if again else end


def visible_text(text: str) -> tuple[str, list[int]]:
    """Return `text` as a reader sees it (no emphasis, code marks, link targets or format characters) and where
    each of its characters is in `text`."""
    seen: list[str] = []
    where: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("](", index):
            close = text.find(")", index)
            index = close + 1 if close > 0 else len(text)
            continue
        if char not in "*_`[" and (char.isprintable() or not is_format(char)):
            seen.append(char)
            where.append(index)
        index += 1
    return "".join(seen), where


def is_format(char: str) -> bool:
    """Tell whether a character is a format character (Unicode Cf), which no reader sees."""
    import unicodedata  # here, not at the top: only an item with an unprintable character needs it

    return unicodedata.category(char) == "Cf"


def looks_mistyped(seen: str, known: list[str]) -> bool:
    """Tell whether an item whose first word is code-like meant a code: `4O4`, `40４`, or a number before a phrase
    (`1000 Not Found`); `2024 年`, `3.5 版本` and `1st` are prose."""
    word = seen.split()[0]
    letters = word.rstrip(":：.,-–—")
    if len(letters) == 3 and all(char.isdigit() or char in LOOK_ALIKE for char in letters):
        return True
    start = SEPARATORS.match(seen, len(seen) - len(seen.lstrip()) + len(word)).end()  # type: ignore[union-attr]
    return registry_phrase_at(seen, start, known) > 0


def phrase_at(seen: str, start: int, known: list[str]) -> int:
    """Return where the phrase that starts at `start` ends (a bracketed one with its bracket), 0 when none does."""
    opened = seen[start:start + 1] in ("(", "（")
    begin = start + opened
    end = registry_phrase_at(seen, begin, known)
    if not end and (match := LATIN_PHRASE.match(seen, begin)) and len(match.group().split()) <= 6:
        end = match.end()
    if opened and end:
        end = end + 1 if seen[end:end + 1] in (")", "）") else 0
    return end


def registry_phrase_at(seen: str, start: int, known: list[str]) -> int:
    """Return where a registry phrase written at `start` ends (any case), 0 when none is."""
    for phrase in known:  # the longest first: `Not Found`, never `Not` of it
        end = start + len(phrase)
        if seen[start:end].casefold() == phrase.casefold() and not seen[end:end + 1].isalnum():
            return end
    return 0


def tidy(text: str) -> str:
    """Return a paragraph's inline Markdown without the indentation of its continuation lines."""
    return "\n".join(line.lstrip() for line in text.strip().split("\n"))


def walk_items(tokens: list[Token], heads: dict[int, Head],
               name: str) -> tuple[list[ItemRow], dict[int, tuple[int, str]], list[str]]:
    """Return a row for every item and code heading, the section each heading's section number belongs to, and
    the warnings for what their descriptions leave out."""
    closes = pair_closes(tokens)
    rows: list[ItemRow] = []
    sections: dict[int, tuple[int, str]] = {}
    warnings: list[str] = []
    current, number, region = (0, ""), 0, 0  # the section rows belong to; the level of an open code heading
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in SECTION_TAGS:
            number, level = number + 1, int(token.tag[1])
            region = 0 if index in heads or level <= region else region
            if index in heads:
                region = level
            elif not region:  # a heading inside a code heading's description opens no section either
                current = (number, " ".join(tokens[index + 1].content.split()))
            sections[number] = current
        if index in heads:
            start, stop = description_span(tokens, index, heads, closes)
            pieces, left_out = collect_text(tokens, start, stop, heads, closes, name)
            head, line = heads[index], (token.map or [0])[0] + 1
            rows.append(ItemRow(line, (head.code, head.phrase, "<br>".join(filter(None, [head.rest, *pieces]))),
                                current))
            warnings += [f"{where}: {what} left out of the description of {head.code} (line {line}): a "
                         "description keeps the text of paragraphs, lists and quotes" for where, what in left_out]
    return rows, sections, warnings


def pair_closes(tokens: list[Token]) -> dict[int, int]:
    """Return the index of the closing token of every opening one."""
    closes: dict[int, int] = {}
    opened: list[int] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            opened.append(index)
        elif token.nesting == -1 and opened:
            closes[opened.pop()] = index
    return closes


def description_span(tokens: list[Token], index: int, heads: dict[int, Head],
                     closes: dict[int, int]) -> tuple[int, int]:
    """Return the tokens that describe the item or heading at `index`: after its first paragraph to the item's
    end, or after the heading to the next heading of its level or higher, or the next code heading."""
    token = tokens[index]
    if token.type == "list_item_open":
        return closes[index + 1] + 1, closes[index]
    stop = index + 3
    while stop < len(tokens) and not (tokens[stop].type == "heading_open" and tokens[stop].tag in SECTION_TAGS and (
            stop in heads or tokens[stop].tag <= token.tag)):
        stop += 1
    return index + 3, stop


def collect_text(tokens: list[Token], start: int, stop: int, heads: dict[int, Head], closes: dict[int, int],
                 name: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Return the text of the blocks in [start, stop) (each list item led by its marker), and the blocks left out:
    code items and tables are read on their own, code blocks and HTML are left out with a warning."""
    pieces: list[str] = []
    left_out: list[tuple[str, str]] = []
    marker, index = "", start
    while index < stop:
        token = tokens[index]
        if token.type in ("table_open", "list_item_open", "heading_open") and (
                token.type == "table_open" or index in heads):
            index = closes[index] + 1  # a table, or a code of its own
            continue
        if token.type == "list_item_open":
            marker = f"{token.info}{token.markup} "
        elif token.type == "inline":
            pieces.append(marker + tidy(token.content))
            marker = ""
        elif what := left_out_block(token):
            left_out.append((f"{name}:{(token.map or [0])[0] + 1}", what))
        index += 1
    return pieces, left_out


def left_out_block(token: Token) -> str:
    """Name a block a description cannot hold: a code block or HTML (not a table, which is read, or a comment)."""
    if token.type in ("fence", "code_block"):
        return "code block"
    html = token.content.lstrip().lower()
    if token.type == "html_block" and not html.startswith("<!--") and "<table" not in html:
        return "HTML block"
    return ""


def merge_tables(tables: list[Table], rows: list[ItemRow]) -> list[Table]:
    """Return the tables and one table per run of item rows of a section that no table interrupts, in line order."""
    starts = sorted(table.line for table in tables)
    runs: list[list[ItemRow]] = []
    for row in rows:
        last = runs[-1][-1] if runs else None
        if last and last.section == row.section and bisect(starts, last.line) == bisect(starts, row.line):
            runs[-1].append(row)
        else:
            runs.append([row])
    items = [Table(run[0].line, run[0].section[1], run[0].section[0], HEADER,
                   tuple((row.line, row.cells) for row in run)) for run in runs]
    return sorted(tables + items, key=lambda table: table.line)
