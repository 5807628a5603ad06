"""Raw table lines: every line written as a table row is read as written, or it is a `path:line` problem.

markdown-it drops or changes some rows without a word (a blank line ends a table, a bad delimiter row
unmakes it, extra cells are cut); these checks find each such line, so the build can refuse it. They read each
line as markdown-it's block parser does: without the `>` and list markers of the blockquotes and list items it is
in, so that a table in a blockquote or a list item is held to every rule a table at the top is. An HTML table that
blank lines cut into several blocks is joined again first (join_html_tables), as a browser reads it whole; an HTML
block's rows outside any `<table>` are problems, and so are tables past MAX_TABLE_CELLS (table_cells counts at least
as many before the parser runs, for check_lines).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from ..model import printable
from .rows import ATTRIBUTE_LINE, visible
from .tables import MAX_TABLE_CELLS, TOO_MANY_CELLS, HtmlTables, cell_count, html_tables, tables_at

DELIMITER_ROW = re.compile(r"[|｜]?\s*:?-+:?\s*(?:[|｜]\s*:?-+:?\s*)*[|｜]?")
HIDDEN_BLOCKS = {"fence", "code_block", "html_block", "front_matter"}  # their lines are not tables
HTML_ROW = re.compile(r"<t(?:r|d|h)\b", re.IGNORECASE)  # an HTML block with a row or cell in it, in a table or not
# Container marks, for counting before the parser runs: any run of `>` and list markers at the start of a line.
CONTAINER_MARKS = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)))*")
LEAD = re.compile(r"[^|｜]*")  # what comes before a line's first pipe
DELIMITER_LIKE = re.compile(r"[ \t]*[|:-][|:\- \t]*")  # every line markdown-it may take for a delimiter row
TABLE_TAG = re.compile(r"<(/?)table(?![\w-])", re.IGNORECASE)  # opens or closes an HTML table
TEXT_BLOCKS = {"html_block", "inline", "code_block", "fence"}  # the tokens whose content is the source's text
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def lint_tables(lines: list[str], tokens: list[Token], name: str) -> list[str]:
    """Return `path:line: message` for every raw table line whose meaning markdown-it silently changes."""
    lines = block_lines(lines, tokens)
    problems: list[tuple[int, str]] = []
    covered: set[int] = set()
    unclosed = False  # an HTML table above is never closed: join_html_tables left it cut at a blank line
    for token in tokens:
        if token.type == "table_open" and token.map:
            problems += lint_table(lines, token.map[0], token.map[1])
        elif token.type == "html_block" and token.map and HTML_ROW.search(token.content):
            problems += lint_html(html_tables(token.content, token.map[0] + 1), unclosed)
        unclosed = unclosed or token.type == "html_block" and table_depth(token) > 0
        if (token.type == "table_open" or token.type in HIDDEN_BLOCKS) and token.map:
            covered.update(range(*token.map))
    problems += lint_stray_rows(lines, covered) + lint_cell_limit(tokens)
    return [f"{name}:{line}: {message}" for line, message in sorted(problems, key=lambda problem: problem[0])]


def join_html_tables(tokens: list[Token], lines: list[str]) -> list[Token]:
    """Return the tokens with each HTML table that blank lines cut into blocks (with Markdown between them) one
    html_block of its lines again, as a browser reads it; a table that its container ends first, or that no
    `</table>` closes, is left as markdown-it cut it (lint_html reports its rows)."""
    if not any(token.type == "html_block" and TABLE_TAG.search(token.content) for token in tokens):
        return tokens
    spans: list[tuple[int, int]] = []  # the first and last token of each table to join
    index = 0
    while index < len(tokens):
        end, closed = html_table_end(tokens, index)
        spans += [(index, end)] if closed else []
        index = end + 1  # the tokens of a table left as it is are not read again: joining stays linear
    inside = {index for start, end in spans for index in range(start + 1, end + 1)}
    # The marks of the blockquotes and lists a table is in are not its text; those of the lists in its cells are.
    seen = block_lines(lines, [token for index, token in enumerate(tokens) if index not in inside]) if spans else lines
    joined: list[Token] = []
    done = 0
    for start, end in spans:
        joined += [*tokens[done:start], *join_blocks(tokens[start:end + 1], seen)]
        done = end + 1
    return joined + tokens[done:]


def html_table_end(tokens: list[Token], start: int) -> tuple[int, bool]:
    """Return the last token of the HTML table that the token at `start` leaves open, and whether a `</table>` at the
    same level of blocks closes it there; (start, False) when that token leaves no table open."""
    level = tokens[start].level
    depth = table_depth(tokens[start]) if tokens[start].type == "html_block" else 0
    if depth <= 0:
        return start, False
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if token.level < level:  # the blockquote or list item the table is in ends before it does
            return index - 1, False
        depth += table_depth(token)
        if depth <= 0 and token.level == level and token.nesting <= 0:
            return index, True
    return len(tokens) - 1, False


def table_depth(token: Token) -> int:
    """Return how many more HTML tables a token's text opens than it closes (outside comments)."""
    if token.type not in TEXT_BLOCKS or "table" not in token.content.lower():
        return 0
    tags = [match.group(1) for match in TABLE_TAG.finditer(COMMENT.sub("", token.content))]
    return tags.count("") - tags.count("/")


def join_blocks(tokens: list[Token], lines: list[str]) -> list[Token]:
    """Return one html_block of the lines that `tokens` span, as the block parser reads them, and after it the
    Markdown tables among them (a README lays tables side by side in an HTML table's cells), their lines left out
    of the block's text."""
    first, end = tokens[0], max(token.map[1] for token in tokens if token.map)
    tables: list[Token] = []
    for token in tokens:
        if token.type == "table_open" or tables and tables[-1].type != "table_close":
            tables.append(token)
    kept = {number for token in tables if token.type == "table_open" and token.map for number in range(*token.map)}
    block = Token("html_block", "", 0, map=[first.map[0], end], level=first.level, block=True)  # type: ignore[index]
    block.content = "".join(("" if number in kept else lines[number]) + "\n"
                            for number in range(first.map[0], end))  # type: ignore[index]
    return [block, *tables]


def lint_html(html: HtmlTables, unclosed: bool) -> list[tuple[int, str]]:
    """Report the rows of an HTML block outside any table (`unclosed`: after a table that no `</table>` closes), and
    HTML that html.parser cannot read to the end."""
    advice = ("the <table> above has no </table>, so a blank line ended it: close it with </table> after its last "
              "row (in the same blockquote or list item)") if unclosed else "put it between <table> and </table>"
    problems = [(line, f"HTML table row outside a <table>, so it would be lost: {advice}") for line in html.stray]
    if html.unread:
        line, reason = html.unread
        problems.append((line, f"HTML that Python's html.parser cannot read ({printable(reason)}), so the table "
                               "rows after it would be lost: remove or escape it"))
    return problems


def block_lines(lines: list[str], tokens: list[Token]) -> list[str]:
    """Return the lines as markdown-it's block rules read them: without the marks of their blockquotes and list
    items (`> ` on each line of a blockquote, `- ` or `1. ` on the first line of a list item)."""
    seen = list(lines)
    for token in tokens:  # outer containers come first, so each strips its own mark from what the outer ones left
        if token.type == "blockquote_open" and token.map:
            for number in range(*token.map):  # a lazy line, without its `>`, is left as it is
                text = seen[number].lstrip(" \t")
                seen[number] = text[1:] if text.startswith(">") else seen[number]
        elif token.type == "list_item_open" and token.map:
            text, marker = seen[token.map[0]].lstrip(" \t"), token.info + token.markup
            seen[token.map[0]] = text[len(marker):] if text.startswith(marker) else seen[token.map[0]]
    return seen


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
    if "|" not in line and ATTRIBUTE_LINE.fullmatch(mdTrim(line)):  # `{: .xp}`: rows.py warns and skips it
        return None
    cells = split_cells(line)
    if invisible := invisible_start(line):
        return invisible
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
    """Split a table line into its cells the way markdown-it does (`\\|` is not a separator, and only what CommonMark
    calls whitespace is trimmed: a cell of U+0085 is a cell)."""
    line = mdTrim(line)
    cells = escapedSplit(line) if "\\" in line else line.split("|")  # the same without a backslash, and 30x faster
    if cells and not cells[0]:
        cells.pop(0)
    if cells and not cells[-1]:
        cells.pop()
    return [mdTrim(cell) for cell in cells]


def invisible_start(line: str) -> str | None:
    """Say so when only invisible characters come before a row's first pipe: markdown-it reads them as a cell."""
    stripped = mdTrim(line)
    lead = LEAD.match(stripped).group()  # type: ignore[union-attr] - always matches
    if not lead or lead == stripped or visible(lead).strip():
        return None
    names = ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in lead if not char.isspace()))
    return f"invisible character {names} before the first |: markdown-it reads it as a cell; remove it"


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
    """Tell whether a line is written like a table row: it starts with a pipe (after any invisible characters)
    and holds another."""
    stripped = visible(line.strip()).lstrip()
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
    problems += [(number + 1, message) for number in run if (message := invisible_start(lines[number]))]
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


def lint_cell_limit(tokens: list[Token]) -> list[tuple[int, str]]:
    """Report the table that takes a file past MAX_TABLE_CELLS; read_tables reads none from it on."""
    cells = 0
    for index in range(len(tokens)):
        for rows in tables_at(tokens, index):
            cells += cell_count(rows)
            if cells > MAX_TABLE_CELLS:
                return [(rows[0][0], TOO_MANY_CELLS)]
    return []


def table_cells(lines: list[str]) -> Iterator[int]:
    """Yield for each line at least as many cells as markdown-it's tables make of it, before parsing: a table's
    header gives its width, and each of its rows up to a blank line has that many (markdown-it pads short rows)."""
    texts = [line[CONTAINER_MARKS.match(line).end():] for line in lines]  # type: ignore[union-attr] - always matches
    width, delimiter = 0, -1
    for number, text in enumerate(texts):
        if not mdTrim(text):  # blank to markdown-it, which keeps U+0085 and U+001C-U+001F
            width = 0
        elif "|" in text and number + 1 < len(texts) and DELIMITER_LIKE.fullmatch(texts[number + 1]):
            delimiter = delimiter if width else number + 1  # the delimiter row of a table has no cells
            # The whole line has at least the cells of any end of it: `> |` may be a table's header, not a quote.
            width = max(width, len(split_cells(lines[number])))
        yield 0 if number == delimiter else width
