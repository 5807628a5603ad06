"""Tables of cells -> status rows: columns found by header words or by content, each cell typed.

The code column is named by a header word or, failing that, it is the column whose cells are mostly codes;
the phrase column's cells are reason phrases; the description is the text in the site's language (Chinese).
Every other column is kept as a labelled field. A row that is plainly not a code (empty, prose) is a
warning; one that looks like a mistyped code is an error; nothing is dropped without a message. A code cell is
read as it looks: format characters (Unicode Cf: zero-width spaces, direction marks, a BOM) are left out, and
any other unprintable character among a code's digits makes it a mistyped code.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from .model import ClassNote, Field, Row, printable
from .tables import Table

# Header wordings, compared casefolded with emphasis, code marks and a trailing colon removed.
CODE_HEADERS = {"code", "codes", "status", "status code", "status codes", "http status", "http status code",
                "http code", "value", "响应码", "状态码", "http 状态码", "http状态码", "代码", "状态", "编码", "码",
                "返回码", "错误码", "编号"}
PHRASE_HEADERS = {"phrase", "reason phrase", "reason", "name", "english name", "message", "title",
                  "原因短语", "短语", "英文名称", "英文名", "英文", "名称", "消息", "标题"}
DESCRIPTION_HEADERS = {"description", "meaning", "explanation", "details", "note", "notes", "translation",
                       "描述", "说明", "含义", "解释", "意义", "释义", "详细说明", "中文描述", "备注", "翻译"}
MARKS = re.compile(r"[*`]|^_+|_+$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
CLASS_CELL = re.compile(r"([1-5])(?:xx|XX|××)\b[\s:：.\-–—|｜]*(.*)")
CODE_CELL = re.compile(r"([0-9]{3})(?![\w.])[\s:：.\-–—|｜]*(.*)")
LOOK_ALIKE = set("OoIlL+-.,")  # letters and marks typed in place of digits, or around them


class Cell(NamedTuple):
    """What a code cell holds."""

    kind: str  # "code", "class", "empty", "mistyped" or "prose"
    code: int = 0  # the code, or the class digit
    rest: str = ""  # text after the code: "Not Found" in `404 Not Found`
    problem: str = ""  # why a mistyped code is not one


class Columns(NamedTuple):
    """Where a status table keeps what: column indexes, None when it has no such column."""

    code: int
    phrase: int | None
    description: int | None
    others: tuple[int, ...]


class StatusRows:
    """What a document's tables give: rows, class notes, warnings and errors, in `path:line` form."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.notes: list[ClassNote] = []
        self.warnings: list[str] = []
        self.problems: list[str] = []


def read_status_rows(tables: list[Table], name: str, phrases: Mapping[int, str]) -> StatusRows:
    """Turn every table of a document into status rows; `phrases` are the registry's reason phrases."""
    result = StatusRows()
    known = {phrase.casefold() for phrase in phrases.values()}
    for table in tables:
        columns = find_columns(table, known)
        if not table.rows:
            result.warnings.append(f"{name}:{table.line}: table skipped: it has a header and no rows")
        elif columns is None:
            result.warnings.append(f"{name}:{table.line}: table skipped: no column of status codes (header: "
                                   f"{printable(' | '.join(table.header))}); name the code column code or 状态码")
        else:
            read_table(table, columns, name, result)
    result.rows = name_sections(result.rows, tables, name)
    return result


def find_columns(table: Table, known_phrases: set[str]) -> Columns | None:
    """Find the code, phrase and description columns by header words, then by what the cells hold."""
    width = len(table.header)
    code = find_header(table.header, CODE_HEADERS)
    if code is None or not holds_codes(table, code):
        code = find_code_column(table)
    if code is None:
        return None
    rest = [i for i in range(width) if i != code]
    phrase = find_phrase_column(table, rest, known_phrases)
    rest = [i for i in rest if i != phrase]
    description = find_description_column(table, rest)
    return Columns(code, phrase, description, tuple(i for i in rest if i != description))


def holds_codes(table: Table, column: int) -> bool:
    """Tell whether any body cell of a column holds a code, a class or a typo of one: a header word is not enough."""
    return any(read_code_cell(cells[column]).kind in ("code", "class", "mistyped") for _, cells in table.rows)


def find_header(header: tuple[str, ...], words: set[str], among: list[int] | None = None) -> int | None:
    """Return the first column (of `among`) whose header is one of `words`."""
    columns = range(len(header)) if among is None else among
    return next((i for i in columns if header_word(header[i]) in words), None)


def header_word(title: str) -> str:
    """Return a header title as compared with the header words: `**Code:**` -> `code`."""
    return " ".join(MARKS.sub("", title).strip().rstrip(":：").split()).casefold()


def find_code_column(table: Table) -> int | None:
    """Return the column whose non-empty cells are mostly codes (or class labels), the leftmost on a tie."""
    best, best_count = None, 0
    for column in range(len(table.header)):
        kinds = [read_code_cell(cells[column]).kind for _, cells in table.rows if cells[column].strip()]
        count = sum(kind in ("code", "class") for kind in kinds)
        if count and count * 2 >= len(kinds) and count > best_count:
            best, best_count = column, count
    return best


def find_phrase_column(table: Table, columns: list[int], known_phrases: set[str]) -> int | None:
    """Return the column whose cells are mostly registry phrases, else one headed as a phrase in Latin text."""
    for column in columns:
        cells = [clean(cells[column]).casefold() for _, cells in table.rows if cells[column].strip()]
        if cells and sum(cell in known_phrases for cell in cells) * 2 >= len(cells):
            return column
    named = find_header(table.header, PHRASE_HEADERS, columns)
    return named if named is not None and not cjk_count(table, named) else None


def find_description_column(table: Table, columns: list[int]) -> int | None:
    """Return the text column in the site's language: named by a header word, else the most (Chinese) text."""
    chinese = [column for column in columns if cjk_count(table, column)]
    pool = chinese or columns
    named = find_header(table.header, DESCRIPTION_HEADERS, pool)
    if named is not None or not pool:
        return named
    weigh = cjk_count if chinese else text_length
    return max(pool, key=lambda column: weigh(table, column))


def cjk_count(table: Table, column: int) -> int:
    """Return how many Chinese characters a column's body cells hold."""
    return sum(count_chinese(cells[column]) for _, cells in table.rows)


def count_chinese(text: str) -> int:
    """Return about how many Chinese characters `text` holds: the characters UTF-8 spends three bytes on."""
    return (len(text.encode("utf-8")) - len(text)) // 2  # done in C: a loop or a regex class costs milliseconds


def text_length(table: Table, column: int) -> int:
    """Return how many characters a column's body cells hold."""
    return sum(len(cells[column]) for _, cells in table.rows)


def clean(cell: str) -> str:
    """Return a cell without emphasis, code marks and link syntax: `**[404](x)**` -> `404`."""
    return " ".join(MARKS.sub("", LINK.sub(r"\1", cell)).split())


def read_code_cell(cell: str) -> Cell:
    """Tell what a code cell holds: a code (and a phrase after it), a class label, nothing, a typo or prose."""
    text = clean(visible(cell))
    if not text:
        return Cell("empty")
    if match := CLASS_CELL.fullmatch(text):
        return Cell("class", int(match.group(1)), match.group(2))
    if (match := CODE_CELL.fullmatch(text)) and 100 <= int(match.group(1)) <= 599:
        return Cell("code", int(match.group(1)), match.group(2))
    word = text.split()[0]
    if word[0].isdigit() or any(char.isdigit() for char in word) and all(
            char.isdigit() or char in LOOK_ALIKE or not char.isprintable() for char in word):
        return Cell("mistyped", problem=describe_mistyped(word, text))  # `4O4`, `40４`, `1000`, `O04`, `4<b>0</b>4`
    return Cell("prose")  # words where the code should be: `See also`, `参见 RFC 9110`, `注：200 最常见`


def visible(text: str) -> str:
    """Return `text` without format characters (Unicode Cf: zero-width spaces, direction marks, BOMs), which no
    reader sees: a code cell reads as it looks."""
    if text.isprintable():  # done in C; every format character is unprintable
        return text
    import unicodedata  # here, not at the top: only a cell with an unprintable character needs it

    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def describe_mistyped(word: str, cell: str) -> str:
    """Say why a code cell whose first word is code-like holds no status code."""
    if word.isascii() and word.isdigit():
        shown = word if len(word) <= 12 else f"{word[:6]}…({len(word)} digits)"
        return f"status code {shown} is out of range 100-599"
    return f"status code '{printable(cell)}' is not a number"  # printable, not !r: it escapes once


def read_table(table: Table, columns: Columns, name: str, result: StatusRows) -> None:
    """Read the body rows of one status table into `result`."""
    last: int | None = None  # the index in result.rows of this table's latest code row
    more: dict[int, list[tuple[str, tuple[str, ...]]]] = {}  # continuation rows (source, cells) by their code row
    for line, cells in table.rows:
        source = f"{name}:{line}"
        cell = read_code_cell(cells[columns.code])
        if cell.kind == "code":
            last = add_row(make_row(cell, cells, columns, table, source), result)
        elif cell.kind == "empty" and any(cells) and last is not None:
            more.setdefault(last, []).append((source, cells))
        else:
            report_row(cell, cells, columns, source, result)
    for index, rows in more.items():  # joined once per code row: joining row by row would copy its text each time
        result.rows[index] = continue_row(result.rows[index], rows, columns)


def report_row(cell: Cell, cells: tuple[str, ...], columns: Columns, source: str, result: StatusRows) -> None:
    """Keep a class row's text, or say why a row without a code is not kept."""
    if cell.kind == "class":
        text = (cells[columns.description] if columns.description is not None else "") or cell.rest
        if text:
            result.notes.append(ClassNote(cell.code, text, source))
        else:
            result.warnings.append(f"{source}: class row {cell.code}xx skipped: it has no text")
    elif cell.kind == "mistyped":
        result.problems.append(f"{source}: {cell.problem}")
    elif not any(cells):
        result.warnings.append(f"{source}: empty row skipped")
    else:
        result.warnings.append(f"{source}: row skipped: {printable(clean(' '.join(cells)))[:60]!r} "
                               "is not a status code")


def make_row(cell: Cell, cells: tuple[str, ...], columns: Columns, table: Table, source: str) -> Row:
    """Make the row of one code: its phrase, description and other columns."""
    chinese_rest = bool(count_chinese(cell.rest))  # `404 找不到`: a name in the site's language, not a phrase
    phrase = (clean(cells[columns.phrase]) if columns.phrase is not None else "") or \
        ("" if chinese_rest else cell.rest)
    description = (cells[columns.description] if columns.description is not None else "") or \
        (cell.rest if chinese_rest else "")
    fields = tuple(Field(label_of(table, i), cells[i]) for i in columns.others)
    if cell.rest not in ("", phrase, description):  # `402 Payment Required Experimental` beside a phrase column
        fields += (Field(label_of(table, columns.code), cell.rest),)
    return Row(cell.code, table.heading, description, source, phrase, fields, section=table.heading)


def label_of(table: Table, column: int) -> str:
    """Return the label of a kept column: its header, or its position when the header is empty."""
    return clean(table.header[column]).rstrip(":：") or f"第 {column + 1} 列"


def add_row(row: Row, result: StatusRows) -> int | None:
    """Keep a row and return its index; one without a description shows its phrase; with neither, an error."""
    if not row.description and not row.phrase:
        result.problems.append(f"{row.source}: status code {row.code} has an empty description")
        return None
    if not row.description:
        row = row._replace(description=row.phrase)
        result.warnings.append(f"{row.source}: status code {row.code} has no description: "
                               f"its phrase {printable(row.phrase)!r} is shown instead")
    result.rows.append(row)
    return len(result.rows) - 1


def continue_row(row: Row, more: list[tuple[str, tuple[str, ...]]], columns: Columns) -> Row:
    """Join the continuation rows (no code, more text) under a row to it, each a new line of every cell."""
    def joined(before: str, column: int) -> str:
        return "<br>".join(piece for piece in (before, *(cells[column] for _, cells in more)) if piece)

    description = row.description if columns.description is None else joined(row.description, columns.description)
    fields = tuple(Field(kept.label, joined(kept.value, column)) for kept, column in zip(row.fields, columns.others))
    return row._replace(description=description, fields=fields + row.fields[len(columns.others):],
                        continued=tuple(source for source, _ in more))


def name_sections(rows: list[Row], tables: list[Table], name: str) -> list[Row]:
    """Keep a section's heading on its rows only when the section holds codes of one class."""
    section_of = {f"{name}:{line}": table.section for table in tables for line, _ in table.rows}
    digits: dict[int, set[int]] = {}
    for row in rows:
        digits.setdefault(section_of[row.source], set()).add(row.code // 100)
    return [row if len(digits[section_of[row.source]]) == 1
            else row._replace(heading="") for row in rows]
