"""Tables of cells -> status rows: columns found by header words or by content, each cell typed.

The code column is named by a header word or, failing that, it is the column whose cells are mostly codes;
the phrase column's cells are reason phrases (`Processing (WebDAV)` is Processing, its annotation a field). The
description is the prose, in any language: of the other columns, the one whose cells are sentences and longest
(a column named description when none are); a column of short names (继续, 已创建) is the code's name, one of
identifiers (`INSUFFICIENT_SPACE_ON_RESOURCE`) a field. Where no column holds descriptions, the phrase is shown,
with one warning for the table. Every other column is kept as a labelled field. A row that is plainly not a code
(empty, prose, a kramdown or Pandoc attribute line) is a warning; one that looks like a mistyped code is an error;
nothing is dropped without a message. A header row holding codes (an HTML table's first row without `<th>`) is a
row. A code cell is read as it looks: format characters (Unicode Cf: zero-width spaces, direction marks, a BOM)
are left out, and any other unprintable character among a code's digits makes it a mistyped code.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from ..model import ClassNote, Field, Row, printable
from .tables import Table

# Header wordings, compared casefolded with emphasis, code marks and a trailing colon removed.
CODE_HEADERS = {"code", "codes", "status", "status code", "status codes", "http status", "http status code",
                "http code", "value", "响应码", "状态码", "http 状态码", "http状态码", "代码", "状态", "编码", "码",
                "返回码", "错误码", "编号"}
PHRASE_HEADERS = {"phrase", "reason phrase", "reason", "name", "english name", "message", "title", "status",
                  "status text", "status message", "text", "原因短语", "短语", "英文名称", "英文名", "英文", "名称",
                  "消息", "标题", "状态"}
DESCRIPTION_HEADERS = {"description", "meaning", "explanation", "details", "note", "notes", "translation",
                       "描述", "说明", "含义", "解释", "意义", "释义", "详细说明", "中文描述", "备注", "翻译"}
MARKS = re.compile(r"[*`]|^_+|_+$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
CLASS_CELL = re.compile(r"([1-5])(?:xx|XX|××)\b[\s:：.\-–—|｜]*(.*)")
CODE_CELL = re.compile(r"([0-9]{3})(?![\w.])[\s:：.\-–—|｜]*(.*)")
LOOK_ALIKE = set("OoIlL+-.,")  # letters and marks typed in place of digits, or around them
MAX_PHRASE = 200  # the longest registry phrase has 31 characters; a longer cell, with its annotation, is prose
ANNOTATION = re.compile(r"(.*?\S)\s*([(（][^()（）]*[)）])")  # `Processing (WebDAV)`: a phrase, then a note on it
# A kramdown or Pandoc attribute line (`{: .xp}`, `{.class}`, `{#id .class key="v"}`): right after a table,
# markdown-it reads it as a row.
ATTRIBUTE = r"""(?:[.#][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+))"""
ATTRIBUTE_LINE = re.compile(rf"\{{:?\s*{ATTRIBUTE}(?:\s+{ATTRIBUTE})*\s*\}}")
# What a column's cells are, told apart by their text: a code's name in a program, and sentences.
IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(\))?")
PROGRAM_MARK = re.compile(r"[_.:>]|[a-z][A-Z]|^[A-Z0-9]{2,}$")  # what makes a word an identifier, not a name
SENTENCE_END = re.compile(r"[.。!！?？…]\s*$")
DIGIT = re.compile(r"[0-9]")
SENTENCE_WIDTH = 24  # a column whose cells are this wide on average (12 CJK characters, 24 Latin) holds sentences


class Cell(NamedTuple):
    """What a code cell holds."""

    kind: str  # "code", "class", "empty", "mistyped", "attributes" (a kramdown or Pandoc line) or "prose"
    code: int = 0  # the code, or the class digit
    rest: str = ""  # text after the code: "Not Found" in `404 Not Found`
    problem: str = ""  # why a mistyped code is not one


class Columns(NamedTuple):
    """Where a status table keeps what: column indexes, None when it has no such column."""

    code: int
    phrase: int | None
    description: int | None  # None: the table's phrases are its descriptions
    name: int | None  # short names in the document's language (继续): the code's name, shown beside its phrase
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
        table = header_as_row(table)
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


def header_as_row(table: Table) -> Table:
    """Return the table with its header read as its first row when it holds a code and no header word: the first
    row of an HTML table without `<th>` is data, and GitHub shows a Markdown table's header row too."""
    if not any(read_code_cell(cell).kind in ("code", "class") for cell in table.header) or any(
            header_word(cell) in CODE_HEADERS | PHRASE_HEADERS | DESCRIPTION_HEADERS for cell in table.header):
        return table
    return table._replace(header=("",) * len(table.header), rows=((table.line, table.header), *table.rows))


def find_columns(table: Table, known_phrases: set[str]) -> Columns | None:
    """Find the code and phrase columns by header words and content, then the description and name by content."""
    width = len(table.header)
    code = find_header(table.header, CODE_HEADERS)
    if code is None or not holds_codes(table, code):
        code = find_code_column(table)
    if code is None:
        return None
    rest = [i for i in range(width) if i != code]
    phrase = find_phrase_column(table, rest, known_phrases)
    rest = [i for i in rest if i != phrase]
    description, name = find_text_columns(table, rest, phrase is not None)
    others = [i for i in rest if i not in (description, name) and any(cells[i] for _, cells in table.rows)]
    return Columns(code, phrase, description, name, tuple(others))  # an empty column has nothing to keep


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
    """Return the column whose cells are mostly registry phrases (annotated or not), else one headed as a phrase in
    Latin letters."""
    for column in columns:
        cells = [cells[column] for _, cells in table.rows if cells[column].strip()]
        if cells and sum(is_phrase(cell, known_phrases) for cell in cells) * 2 >= len(cells):
            return column
    named = find_header(table.header, PHRASE_HEADERS, columns)
    return named if named is not None and all(latin(cells[named]) for _, cells in table.rows) else None


def is_phrase(cell: str, known_phrases: set[str]) -> bool:
    """Tell whether a cell is a registry phrase, annotated or not, and not a constant (`OK`, `CONFLICT`)."""
    if len(cell) > MAX_PHRASE:
        return False
    text = split_phrase(clean(cell))[0]
    return not cell.lstrip().startswith("`") and (len(text) <= 2 or not text.isupper()) and \
        text.casefold() in known_phrases


def find_text_columns(table: Table, columns: list[int], phrases: bool) -> tuple[int | None, int | None]:
    """Return the description column and the short-name column: the description is the widest column of sentences,
    else one named as a description, else (with no phrase to show) the widest text; identifiers are neither."""
    kinds = {column: column_kind([cells[column] for _, cells in table.rows]) for column in columns}
    sentences = [column for column in columns if kinds[column][0] == "sentences"]
    texts = [column for column in columns if kinds[column][0] in ("names", "text")]
    description = max(sentences, key=lambda column: kinds[column][1], default=None)
    if description is None:
        description = find_header(table.header, DESCRIPTION_HEADERS, texts)
    if description is None and not phrases:
        description = max(texts, key=lambda column: kinds[column][1], default=None)
    names = (column for column in texts if kinds[column][0] == "names" and column != description)
    return description, next(names, None)


def column_kind(cells: list[str]) -> tuple[str, int]:
    """Tell what a column holds, and how wide its text is: "empty", "identifiers", "sentences", "names" (short,
    each its own, without digits) or "text" (anything else: numbers, references, a category)."""
    filled = [cell for cell in cells if cell.strip()]
    texts = [clean(cell) for cell in filled]
    width = sum(map(text_width, texts))
    if not filled:
        return "empty", 0
    if sum(map(is_identifier, filled, texts)) * 2 >= len(filled):
        return "identifiers", width
    if width >= SENTENCE_WIDTH * len(filled) or sum(bool(SENTENCE_END.search(text)) for text in texts) * 2 > len(texts):
        return "sentences", width
    distinct = len({text.casefold() for text in texts}) == len(texts)
    digits = sum(bool(DIGIT.search(text)) for text in texts) * 2 >= len(texts)
    return ("names" if distinct and not digits and len(filled) * 2 >= len(cells) else "text"), width


def is_identifier(cell: str, text: str) -> bool:
    """Tell whether a cell (`text` when cleaned) is a name a program gives: a code span, `NOT_FOUND`, `StatusCode.OK`,
    `StatusNotFound`."""
    cell = cell.strip()
    if len(cell) > 2 and cell[0] == cell[-1] == "`" and "`" not in cell[1:-1]:
        return True
    return bool(IDENTIFIER.fullmatch(text) and PROGRAM_MARK.search(text))


def text_width(text: str) -> int:
    """Return how wide a text is: a CJK character counts two (UTF-8 spends three bytes on it)."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2  # done in C: a loop costs milliseconds


def latin(text: str) -> bool:
    """Tell whether every letter of `text` is a Latin one, as an English reason phrase's are."""
    return text.isascii() or all(ord(char) <= 0x24F or not char.isalpha() for char in text)


def split_phrase(text: str) -> tuple[str, str]:
    """Split a phrase from a trailing annotation: `Processing (WebDAV)` -> (`Processing`, `(WebDAV)`)."""
    match = ANNOTATION.fullmatch(text)
    return (match.group(1), match.group(2)) if match else (text, "")


def clean(cell: str) -> str:
    """Return a cell without emphasis, code marks and link syntax: `**[404](x)**` -> `404`."""
    text = LINK.sub(r"\1", cell) if "[" in cell else cell
    if "*" in text or "`" in text or "_" in text:  # MARKS has no first character to search for: 16 ns a character
        text = MARKS.sub("", text)
    return " ".join(text.split())


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
    """Read the body rows of one status table into `result`; a table without descriptions shows its phrases, and
    says so once."""
    last: int | None = None  # the index in result.rows of this table's latest code row
    more: dict[int, list[tuple[str, tuple[str, ...]]]] = {}  # continuation rows (source, cells) by their code row
    phrases_shown = False
    for line, cells in table.rows:
        source = f"{name}:{line}"
        cell = Cell("attributes") if is_attribute_line(cells) else read_code_cell(cells[columns.code])
        if cell.kind == "code":
            row = make_row(cell, cells, columns, table, source)
            phrases_shown |= not row.description and bool(row.phrase) and columns.description is None
            last = add_row(row, result, quiet=columns.description is None)
        elif cell.kind == "empty" and any(cells) and last is not None:
            more.setdefault(last, []).append((source, cells))
        else:
            report_row(cell, cells, columns, source, result)
    for index, rows in more.items():  # joined once per code row: joining row by row would copy its text each time
        result.rows[index] = continue_row(result.rows[index], rows, columns)
    if phrases_shown:
        result.warnings.append(f"{name}:{table.line}: no column of this table holds descriptions (sentences): each "
                               "code's phrase is shown as its description")


def is_attribute_line(cells: tuple[str, ...]) -> bool:
    """Tell whether a row is a kramdown or Pandoc attribute line, such as `{: .xp}` right after a table."""
    return bool(cells[0]) and not any(cells[1:]) and bool(ATTRIBUTE_LINE.fullmatch(cells[0]))


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
    elif cell.kind == "attributes":
        result.warnings.append(f"{source}: kramdown/Pandoc attribute line {printable(cells[0])!r} skipped")
    elif not any(cells):
        result.warnings.append(f"{source}: empty row skipped")
    else:
        result.warnings.append(f"{source}: row skipped: {printable(clean(' '.join(cells)))[:60]!r} "
                               "is not a status code")


def make_row(cell: Cell, cells: tuple[str, ...], columns: Columns, table: Table, source: str) -> Row:
    """Make the row of one code: its phrase (an annotation after it a field), description, name and other columns."""
    value = lambda column: cells[column] if column is not None else ""  # noqa: E731 - short and local
    native = not latin(cell.rest)  # `404 找不到`: words in the document's language, not a phrase
    written = clean(value(columns.phrase))
    phrase, note = split_phrase(written or ("" if native else cell.rest))
    description = value(columns.description) or (cell.rest if native else "")
    fields = [Field(label_of(table, i), cells[i]) for i in columns.others]
    if note:  # `Processing (WebDAV)`: kept under the header of the column it is written in
        fields.append(Field(label_of(table, columns.phrase if written else columns.code), note))
    if cell.rest not in ("", written, description) and (written or native):  # `402 Payment Required Experimental`
        fields.append(Field(label_of(table, columns.code), cell.rest))  # beside a phrase column
    return Row(cell.code, table.heading, description, source, phrase, tuple(fields), section=table.heading,
               name=clean(value(columns.name)))


def label_of(table: Table, column: int) -> str:
    """Return the label of a kept column: its header, or its position when the header is empty."""
    return clean(table.header[column]).rstrip(":：") or f"第 {column + 1} 列"


def add_row(row: Row, result: StatusRows, quiet: bool) -> int | None:
    """Keep a row and return its index; one without a description shows its phrase (with a warning unless `quiet`,
    its table's says it); with neither, an error."""
    if not row.description and not row.phrase:
        result.problems.append(f"{row.source}: status code {row.code} has an empty description")
        return None
    if not row.description:
        row = row._replace(description=row.phrase)
        result.warnings += [] if quiet else [f"{row.source}: status code {row.code} has no description: "
                                             f"its phrase {printable(row.phrase)!r} is shown instead"]
    result.rows.append(row)
    return len(result.rows) - 1


def continue_row(row: Row, more: list[tuple[str, tuple[str, ...]]], columns: Columns) -> Row:
    """Join the continuation rows (no code, more text) under a row to it, each a new line of every cell."""
    def joined(before: str, column: int, between: str = "<br>") -> str:
        return between.join(piece for piece in (before, *(cells[column] for _, cells in more)) if piece)

    description = row.description if columns.description is None else joined(row.description, columns.description)
    name = row.name if columns.name is None else clean(joined(row.name, columns.name, " "))
    fields = tuple(Field(kept.label, joined(kept.value, column)) for kept, column in zip(row.fields, columns.others))
    return row._replace(description=description, name=name, fields=fields + row.fields[len(columns.others):],
                        continued=tuple(source for source, _ in more))


def name_sections(rows: list[Row], tables: list[Table], name: str) -> list[Row]:
    """Keep a section's heading on its rows only when the section holds codes of one class."""
    section_of = {f"{name}:{line}": table.section for table in tables
                  for line in (table.line, *(line for line, _ in table.rows))}  # a header can be a row
    digits: dict[int, set[int]] = {}
    for row in rows:
        digits.setdefault(section_of[row.source], set()).add(row.code // 100)
    return [row if len(digits[section_of[row.source]]) == 1
            else row._replace(heading="") for row in rows]
