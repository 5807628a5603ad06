"""Check the reference data in content/reference/ against its sources: the registry, the running Python and Node."""
from __future__ import annotations

import csv
import functools
import http
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

pytestmark = pytest.mark.shipped  # the shipped fact files and what they say of the shipped document
ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
REFERENCE = CONTENT / "reference"
DASH = "—"
LANGUAGES = ("python", "go", "node", "spring", "dotnet", "rust", "rails", "symfony")
COLUMNS = {
    "constants.md": ("code",) + LANGUAGES,
    "constant-exceptions.md": ("code", "language", "name", "why"),
    "headers.md": ("code", "header", "level", "spec", "section", "example"),
    "caching.md": ("code", "cacheable", "content", "redirect", "spec"),
    "related.md": ("code", "related", "reason"),
    "notes.md": ("code", "note", "quote", "spec"),
}
ADDED_CODES = {104, 207, 208, 226, 418, 425}  # on the site beside the source document's 59 codes (supplement.md)
NAME = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?: \((?P<notes>[^()]+)\))?")
NOTE = re.compile(r"\d+(\.\d+)*\+|deprecated( \d+(\.\d+)*)?|removed \d+(\.\d+)*")
SPEC = re.compile(r"RFC \d{4} §\d+(\.\d+)*(; RFC \d{4} §\d+(\.\d+)*)*")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Row:
    """One table row: its cells by column name and its source line."""

    cells: dict[str, str]
    where: str  # "content/reference/constants.md:12", for assertion messages

    def __getitem__(self, column: str) -> str:
        """Return the cell of `column`."""
        return self.cells[column]


@dataclass(frozen=True)
class Document:
    """The blocks of one reference file: heading and paragraph counts, and its tables."""

    headings: int
    paragraphs_before_table: int
    tables: list[tuple[list[str], list[Row]]]


# --- reading -------------------------------------------------------------------------------------

@functools.cache
def read_document(path: Path) -> Document:
    """Parse a Markdown file into its tables, as statusdocs reads Markdown (CommonMark with tables)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(ROOT).as_posix()
    headings = sum(token.type == "heading_open" for token in tokens)
    first_table = next((i for i, token in enumerate(tokens) if token.type == "table_open"), len(tokens))
    paragraphs = sum(token.type == "paragraph_open" for token in tokens[:first_table])
    return Document(headings, paragraphs, read_tables(tokens, name))


def read_tables(tokens: list, name: str) -> list[tuple[list[str], list[Row]]]:
    """Collect every table as (header, rows); a cell holding Markdown markup fails at once."""
    tables: list[tuple[list[str], list[Row]]] = []
    in_cell = False
    for token in tokens:
        if token.type == "table_open":
            header: list[str] = []
            rows: list[Row] = []
            tables.append((header, rows))
        elif token.type == "tr_open":
            cells: list[str] = []
            where = f"{name}:{token.map[0] + 1}"
        elif token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type == "inline" and in_cell:
            column = header[len(cells)] if header and len(cells) < len(header) else ""
            cells.append(plain_text(token, where, code_span=column == "example"))
            in_cell = False
        elif token.type == "tr_close":
            if not header:
                header.extend(cells)
            else:
                rows.append(Row(dict(zip(header, cells)), where))
    return tables


def plain_text(token, where: str, code_span: bool = False) -> str:
    """Return the text of a table cell, insisting that it is plain text (or, where allowed, one `code span`)."""
    kinds = {child.type for child in token.children or []}
    if code_span and kinds == {"code_inline"} and len(token.children) == 1:
        return token.content.strip()
    assert kinds <= {"text"}, f"{where}: cell {token.content!r} holds Markdown markup {sorted(kinds - {'text'})}"
    return token.content.strip()


def table_rows(file: str) -> list[Row]:
    """Return the rows of the one table in content/reference/`file`."""
    return read_document(REFERENCE / file).tables[0][1]


@functools.cache
def registry() -> dict[int, tuple[str, str]]:
    """Read content/registry.csv: code -> (reason phrase without remarks, reference)."""
    with (CONTENT / "registry.csv").open(encoding="utf-8", newline="") as handle:
        entries = {}
        for record in csv.DictReader(handle):
            if record["Value"].isdigit():
                phrase = re.sub(r"\s*\([^)]*\)", "", record["Description"]).strip()
                entries[int(record["Value"])] = ("" if phrase == "Unassigned" else phrase, record["Reference"])
        return entries


@functools.cache
def documented_codes() -> set[int]:
    """Return the codes in the tables of the source document content/http-status.md."""
    tokens = MarkdownIt("commonmark").enable("table").parse((CONTENT / "http-status.md").read_text(encoding="utf-8"))
    firsts, in_row = set(), False
    for token in tokens:
        if token.type == "tr_open":
            in_row = True
        elif token.type == "inline" and in_row:
            in_row = False
            if re.fullmatch(r"\d{3}", token.content.strip()):
                firsts.add(int(token.content))
    return firsts


@functools.cache
def constants() -> dict[int, Row]:
    """Return the rows of constants.md by code."""
    return {int(row["code"]): row for row in table_rows("constants.md")}


def names_in(cell: str, language: str) -> list[tuple[str, list[str]]]:
    """Split a constants cell into (name, notes) pairs; "—" holds none."""
    if cell == DASH:
        return []
    if language == "node":
        return [(cell, [])]
    items = []
    for item in cell.split(", "):
        match = NAME.fullmatch(item)
        assert match, f"{item!r} is not NAME or NAME (note; note)"
        notes = match["notes"].split("; ") if match["notes"] else []
        assert all(NOTE.fullmatch(note) for note in notes), f"{item!r}: notes must be X.Y+, deprecated [X.Y], removed X.Y"
        items.append((match["name"], notes))
    return items


# --- naming rules from the IANA reason phrase ---------------------------------------------------

def expected_name(language: str, phrase: str) -> str | None:
    """Return the name the language's naming rule derives from a registry phrase (None: no phrase)."""
    words = [word for word in re.split(r"[\s-]+", phrase) if word]
    if not words:
        return None
    upper_snake = "_".join(word.upper() for word in words)
    rules = {
        "python": upper_snake, "spring": upper_snake, "rust": upper_snake,
        "go": "Status" + "".join(word[0].upper() + word[1:] for word in words),
        "dotnet": "".join(dotnet_word(word) for word in words),
        "rails": "_".join(word.lower() for word in words),
        "symfony": "HTTP_" + upper_snake,
        "node": phrase,
    }
    return rules[language]


def dotnet_word(word: str) -> str:
    """Case one word the .NET way: acronyms longer than two letters are Pascal-cased (Http, Uri)."""
    return word.capitalize() if word.isupper() and len(word) > 2 else word[0].upper() + word[1:]


def rule_breakers() -> set[tuple[int, str, str]]:
    """Return every (code, language, name) in constants.md that its language's rule does not give."""
    breakers = set()
    for code, row in constants().items():
        phrase = registry().get(code, ("", ""))[0]
        for language in LANGUAGES:
            for name, _ in names_in(row[language], language):
                if name != expected_name(language, phrase):
                    breakers.add((code, language, name))
    return breakers


# --- every file ---------------------------------------------------------------------------------

@pytest.mark.parametrize("file", sorted(COLUMNS))
def test_file_is_heading_paragraph_and_one_table(file: str) -> None:
    """Each file is a heading, a paragraph naming its sources, then one table headed `code`."""
    document = read_document(REFERENCE / file)
    assert document.headings == 1, f"{file}: one heading"
    assert document.paragraphs_before_table >= 1, f"{file}: a paragraph naming the sources comes before the table"
    assert len(document.tables) == 1, f"{file}: exactly one table, found {len(document.tables)}"
    header, rows = document.tables[0]
    assert tuple(header) == COLUMNS[file]
    assert rows, f"{file}: the table has no rows"


@pytest.mark.parametrize("file", sorted(COLUMNS))
def test_codes_are_status_codes(file: str) -> None:
    """Every code cell (and related code) is three digits in 100-599, and every cell is filled."""
    for row in table_rows(file):
        for column in ("code", "related") if file == "related.md" else ("code",):
            assert re.fullmatch(r"[1-5]\d\d", row[column]), f"{row.where}: {row[column]!r} is not a status code"
        assert all(row.cells.values()), f"{row.where}: an empty cell (write {DASH} for none)"


# --- constants.md -------------------------------------------------------------------------------

def test_constants_cover_every_code_once() -> None:
    """constants.md has one row per code of the source document, plus the codes the site adds."""
    codes = [int(row["code"]) for row in table_rows("constants.md")]
    assert len(codes) == len(set(codes)), "a code has two rows"
    assert documented_codes() and len(documented_codes()) == 59
    assert set(codes) == documented_codes() | ADDED_CODES
    assert codes == sorted(codes), "rows in numeric order"


def test_constant_cells_follow_the_syntax() -> None:
    """Every cell is "—", a phrase (node), or names with optional notes; no name twice in a cell."""
    for code, row in constants().items():
        for language in LANGUAGES:
            try:
                names = [name for name, _ in names_in(row[language], language)]
            except AssertionError as error:
                pytest.fail(f"{row.where}: {language}: {error}")
            assert len(names) == len(set(names)), f"{row.where}: {language} repeats a name"


def python_names() -> list[tuple[int, str, tuple[int, int] | None]]:
    """Return (code, name, version that added it) for every name in the python column."""
    listed = []
    for code, row in constants().items():
        for name, notes in names_in(row["python"], "python"):
            since = next((tuple(int(part) for part in note[:-1].split("."))[:2] for note in notes if note.endswith("+")), None)
            listed.append((code, name, since))
    return listed


@pytest.mark.parametrize("code, name, since", python_names(), ids=lambda value: str(value))
def test_python_name_exists_with_its_value(code: int, name: str, since: tuple[int, int] | None) -> None:
    """HTTPStatus.<name> exists with the row's value, unless the name is newer than this Python."""
    if since and since > sys.version_info[:2]:
        pytest.skip(f"HTTPStatus.{name} is stated to arrive in Python {since[0]}.{since[1]}")
    assert name in http.HTTPStatus.__members__, f"HTTPStatus.{name} does not exist in this Python"
    assert http.HTTPStatus[name].value == code


def test_python_column_lists_every_name_of_this_python() -> None:
    """Every HTTPStatus name (aliases too) of a listed code is in the row; "—" only where Python has none."""
    listed = {(code, name) for code, name, _ in python_names()}
    members = {(member.value, name) for name, member in http.HTTPStatus.__members__.items()}
    missing = {entry for entry in members if entry[0] in constants()} - listed
    assert not missing, f"names this Python has but constants.md lacks: {sorted(missing)}"


@pytest.fixture(scope="module")
def node_phrases() -> dict[int, str]:
    """Ask the installed Node for http.STATUS_CODES."""
    node = shutil.which("node") or pytest.fail("Node.js is needed to check the node column (apt-get install nodejs)")
    script = "console.log(JSON.stringify(require('http').STATUS_CODES))"
    output = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, timeout=60).stdout
    return {int(code): phrase for code, phrase in json.loads(output).items()}


def test_node_column_is_nodes_status_codes(node_phrases: dict[int, str]) -> None:
    """The node cell is Node's http.STATUS_CODES phrase, or "—" where Node has none."""
    for code, row in constants().items():
        assert row["node"] == node_phrases.get(code, DASH), f"{row.where}: node"


def test_rule_breaking_names_are_the_listed_exceptions() -> None:
    """A name that its language's rule does not derive from the IANA phrase is in constant-exceptions.md."""
    listed = {(int(row["code"]), row["language"], row["name"]) for row in table_rows("constant-exceptions.md")}
    breakers = rule_breakers()
    assert not breakers - listed, f"not derived from the registry phrase and not listed (a typo?): {sorted(breakers - listed)}"
    assert not listed - breakers, f"listed, but not in constants.md or following the rule: {sorted(listed - breakers)}"


def test_exception_rows_name_a_language_and_a_reason() -> None:
    """Each exception names one of the constants columns, once, and says why in Chinese."""
    seen = set()
    for row in table_rows("constant-exceptions.md"):
        key = (row["code"], row["language"], row["name"])
        assert key not in seen, f"{row.where}: listed twice"
        seen.add(key)
        assert row["language"] in LANGUAGES, f"{row.where}: unknown language {row['language']!r}"
        assert CJK.search(row["why"]), f"{row.where}: the reason is a Chinese sentence"


# --- headers.md ---------------------------------------------------------------------------------

def registry_section(code: int) -> tuple[str, str | None]:
    """Return the registry's specification for a code as ("RFC 9110", "15.5.2") or ("RFC 6585", None)."""
    match = re.match(r"\[RFC(\d+)(?:, Section ([\d.]+))?\]", registry()[code][1])
    return (f"RFC {match[1]}", match[2]) if match else ("", None)


def test_header_rows_are_well_formed() -> None:
    """Levels are the spec's keywords, names are field names, sections agree with the registry."""
    seen = set()
    for row in table_rows("headers.md"):
        code = int(row["code"])
        assert code in constants(), f"{row.where}: {code} has no constants row"
        assert row["level"] in {"MUST", "SHOULD", "MAY", DASH}, f"{row.where}: level {row['level']!r}"
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*(-[A-Z][A-Za-z0-9]*)*", row["header"]), f"{row.where}: {row['header']!r}"
        assert re.fullmatch(r"RFC \d{4}", row["spec"]) and re.fullmatch(r"\d+(\.\d+)*", row["section"]), row.where
        spec, section = registry_section(code)
        if row["spec"] == spec and section:
            assert f"{row['section']}.".startswith(f"{section}."), f"{row.where}: {code} is defined in {spec} §{section}"
        assert (code, row["header"]) not in seen, f"{row.where}: {code} {row['header']} twice"
        seen.add((code, row["header"]))


def test_header_rows_hold_the_rfc_9110_requirements() -> None:
    """The requirements the issue names are there with the spec's level."""
    levels = {(int(row["code"]), row["header"]): row["level"] for row in table_rows("headers.md")}
    expected = {(401, "WWW-Authenticate"): "MUST", (405, "Allow"): "MUST", (407, "Proxy-Authenticate"): "MUST",
                (101, "Upgrade"): "MUST", (426, "Upgrade"): "MUST", (206, "Content-Range"): "MUST",
                (416, "Content-Range"): "SHOULD", (301, "Location"): "SHOULD", (302, "Location"): "SHOULD",
                (307, "Location"): "SHOULD", (308, "Location"): "SHOULD", (503, "Retry-After"): "MAY",
                (429, "Retry-After"): "MAY", (413, "Retry-After"): "SHOULD"}
    assert {key: levels.get(key) for key in expected} == expected


def test_example_values_are_code_spans_and_the_issue_examples_are_there() -> None:
    """An example value is "—" or one `code span`; the values the issue names are there as written."""
    examples = {}
    for row in table_rows("headers.md"):
        assert row["example"] == DASH or re.fullmatch(r"`[^`]+`", row["example"]), f"{row.where}: {row['example']!r}"
        examples[(int(row["code"]), row["header"])] = row["example"]
        if row["level"] == DASH and row["header"] in {"Expect", "Authorization", "Proxy-Authorization", "Range"}:
            assert row["example"] == DASH, f"{row.where}: {row['header']} is a request field, not in a response"
    assert {key: examples[key] for key in [(429, "Retry-After"), (405, "Allow"), (416, "Content-Range")]} == {
        (429, "Retry-After"): "`120`", (405, "Allow"): "`GET, HEAD`", (416, "Content-Range"): "`bytes */1234`"}


# --- caching.md ---------------------------------------------------------------------------------

def caching() -> dict[int, Row]:
    """Return the rows of caching.md by code."""
    return {int(row["code"]): row for row in table_rows("caching.md")}


def test_caching_rows_use_the_vocabulary() -> None:
    """One row per constants code, each cell from the documented words."""
    rows = table_rows("caching.md")
    assert [int(row["code"]) for row in rows] == sorted(constants()), "one row per code of constants.md, in order"
    for row in rows:
        assert row["cacheable"] in {"heuristic", "explicit", "update", "never"}, f"{row.where}: {row['cacheable']!r}"
        assert row["content"] in {"none", "allowed", "explanation"}, f"{row.where}: {row['content']!r}"
        assert row["redirect"] in {"keep", "get", "post-to-get", "choice", DASH}, f"{row.where}: {row['redirect']!r}"
        assert row["spec"] == DASH or SPEC.fullmatch(row["spec"]), f"{row.where}: spec {row['spec']!r}"


def codes_with(column: str, word: str) -> set[int]:
    """Return the codes whose caching cell in `column` is `word`."""
    return {code for code, row in caching().items() if row[column] == word}


def test_caching_facts_match_the_specifications() -> None:
    """Heuristic, never-stored, no-content and redirect sets as RFC 9110, 9111, 6585 and 7725 state them."""
    informational = {code for code in constants() if code < 200}
    assert codes_with("cacheable", "heuristic") == {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501, 451}
    assert codes_with("cacheable", "never") == informational | {428, 429, 431, 511}
    assert codes_with("cacheable", "update") == {304}
    assert codes_with("content", "none") == informational | {204, 205, 304}
    assert codes_with("redirect", "keep") == {307, 308}
    assert codes_with("redirect", "get") == {303}
    assert codes_with("redirect", "post-to-get") == {301, 302}
    assert all(300 <= code < 400 for code in caching() if caching()[code]["redirect"] != DASH)
    assert all(code >= 400 for code in codes_with("content", "explanation"))


# --- related.md and notes.md --------------------------------------------------------------------

def test_related_pairs_are_known_and_unique() -> None:
    """Both codes have constants rows, the smaller code comes first, and each pair is listed once."""
    pairs = set()
    for row in table_rows("related.md"):
        code, other = int(row["code"]), int(row["related"])
        assert {code, other} <= set(constants()), f"{row.where}: {code} or {other} has no constants row"
        assert code < other, f"{row.where}: write a pair once, smaller code first"
        assert (code, other) not in pairs, f"{row.where}: pair listed twice"
        pairs.add((code, other))
        assert CJK.search(row["reason"]), f"{row.where}: the reason is a Chinese sentence"


def test_notes_annotate_the_source_document() -> None:
    """Each note is about a code of content/http-status.md, in Chinese, and names its specification."""
    for row in table_rows("notes.md"):
        assert int(row["code"]) in documented_codes(), f"{row.where}: {row['code']} is not in the source document"
        assert CJK.search(row["note"]), f"{row.where}: the note is in Chinese"
        assert SPEC.fullmatch(row["spec"]), f"{row.where}: spec {row['spec']!r}"



def source_descriptions() -> dict[int, str]:
    """Read code -> description cell straight from the source document's table lines, without the parser."""
    lines = (CONTENT / "http-status.md").read_text(encoding="utf-8").splitlines()
    return {int(match[1]): match[2].strip() for match in map(re.compile(r"\|\s*(\d{3})\s*\|(.*?)\|?\s*$").match, lines)
            if match}


def test_a_note_on_the_source_wording_quotes_it() -> None:
    """A note that speaks of the source's words (原文) quotes them, word for word, from that code's description."""
    descriptions = source_descriptions()
    for row in table_rows("notes.md"):
        if row["note"].startswith("原文"):
            assert row["quote"] != DASH, f"{row.where}: the note speaks of the source's words but quotes none"
        if row["quote"] != DASH:
            assert row["quote"] in descriptions[int(row["code"])], f"{row.where}: quote not in the description"


def test_the_source_document_is_credited_to_mdn_as_its_blockquote_says() -> None:
    """credits.md credits http-status.md to MDN under CC BY-SA 2.5, from the address its blockquote gives."""
    document = read_document(REFERENCE / "credits.md")
    assert (document.headings, len(document.tables)) == (1, 1) and document.paragraphs_before_table >= 1
    header, rows = document.tables[0]
    assert header == ["document", "source", "source_url", "licence", "licence_url"]
    assert [row.cells for row in rows] == [{
        "document": "http-status.md", "source": "MDN Web Docs 的贡献者",
        "source_url": "https://developer.mozilla.org/zh-CN/docs/Web/HTTP/Status",
        "licence": "CC BY-SA 2.5", "licence_url": "https://creativecommons.org/licenses/by-sa/2.5/"}]
    blockquote = (CONTENT / "http-status.md").read_text(encoding="utf-8").split("\n> ", 1)[1].split("\n", 1)[0]
    assert rows[0]["source_url"] in blockquote
