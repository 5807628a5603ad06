"""List items and headings that start with a code are status codes: a site is built from them, a page per code."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.model import ContentError
from statusdocs.read.parse import read_documents
from statusdocs.read.registry import read_registry, reason_phrases

CONTENT = Path(__file__).resolve().parent.parent / "content"
PHRASES = reason_phrases(read_registry(CONTENT / "registry.csv"))
LIST_DOCUMENT = """# Codes we send

## Success

- 200 OK: Your order was **saved**; see [the receipt](https://example.com/r).
- [`201`](https://example.com/201) - 201 Created - A new basket exists.
* 202 — 已受理：稍后处理。

## Client errors

1. 404 Not Found
2. **410 Gone**: The item was withdrawn.

   It will not come back.
"""
HEADING_DOCUMENT = """# Codes we send

## 4xx 客户端错误

### 400 Bad Request

The form had a typo.

- the date field
- the amount field

### 429 - Too Many Requests

Slow down, please.

## 5xx 服务端错误

### 503

We are updating the shop.
"""


def make_content(folder: Path, text: str) -> Path:
    """Return a content folder holding one status document `text` beside a copy of registry.csv."""
    content = folder / "content"
    content.mkdir()
    shutil.copy(CONTENT / "registry.csv", content)
    (content / "codes.md").write_text(text, encoding="utf-8")
    return content


def built_descriptions(content: Path, out: Path) -> dict[str, str]:
    """Build `content` into `out` and return each code page's description HTML, read from the API."""
    assert cli.main(["--content", str(content), "--out", str(out)]) == 0
    codes = json.loads((out / "api" / "codes.json").read_text(encoding="utf-8"))
    return {str(code["code"]): code["description"]["html"] for code in codes["codes"]}


def test_list_document_builds_a_page_per_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each list item that starts with a code is a page whose description is the rest of the item, Markdown kept."""
    out = tmp_path / "site"
    descriptions = built_descriptions(make_content(tmp_path, LIST_DOCUMENT), out)
    assert descriptions == {
        "200": 'Your order was <strong>saved</strong>; see <a href="https://example.com/r">the receipt</a>.',
        "201": "A new basket exists.",
        "202": "已受理：稍后处理。",
        "404": "Not Found",
        "410": "The item was withdrawn.<br />\nIt will not come back.",
    }
    assert sorted(path.name for path in (out / "codes").iterdir()) == ["200", "201", "202", "404", "410"]
    page = (out / "codes" / "410" / "index.html").read_text(encoding="utf-8")
    assert '<div class="description"><p>The item was withdrawn.<br />\nIt will not come back.</p></div>' in page
    assert "content/codes.md:11: warning: status code 404 has no description" in capsys.readouterr().err


def test_heading_document_builds_a_page_per_code(tmp_path: Path) -> None:
    """Each heading that starts with a code is a page described by the blocks below it; the heading above names
    its class."""
    out = tmp_path / "site"
    descriptions = built_descriptions(make_content(tmp_path, HEADING_DOCUMENT), out)
    assert descriptions == {
        "400": "The form had a typo.<br />\n- the date field<br />\n- the amount field",
        "429": "Slow down, please.",
        "503": "We are updating the shop.",
    }
    codes = json.loads((out / "api" / "codes.json").read_text(encoding="utf-8"))["codes"]
    assert {code["code"]: code["class"]["heading"] for code in codes} == {
        400: "4xx 客户端错误", 429: "4xx 客户端错误", 503: "5xx 服务端错误"}


@pytest.mark.parametrize(("text", "expected"), [
    ("- 1000 Not Found: 多了一位\n", ["content/codes.md:1: status code 1000 is out of range 100-599"]),
    ("- 2OO OK: 字母 O\n", ["content/codes.md:1: status code '2OO' is not a number"]),
    ("### 4O4 Not Found\n\n字母 O。\n", ["content/codes.md:1: status code '4O4' is not a number"]),
    ("- 404\n", ["content/codes.md:1: status code 404 has an empty description"]),
])
def test_mistyped_or_empty_item_is_an_error(tmp_path: Path, text: str, expected: list[str]) -> None:
    """An item or heading meant as a code that cannot be read as one stops the build at its line, as a row would."""
    with pytest.raises(ContentError) as raised:
        read_documents(make_content(tmp_path, "- 200 OK: 好\n\n" + text), phrases=PHRASES)
    assert raised.value.problems == [problem.replace(":1:", ":3:") for problem in expected]


def test_prose_items_stay_prose(tmp_path: Path) -> None:
    """Items and headings that start with words, a year or a version are not codes, and say nothing."""
    text = ("## 2024 年整理\n\n- 参见 RFC 9110\n- 2024 年更新\n- 3.5 版本起\n- 1st step\n"
            "- 404 Not Found: 找不到\n\n| code | 描述 |\n|---|---|\n| 200 | 好 |\n")
    [document] = read_documents(make_content(tmp_path, text), phrases=PHRASES)
    assert ([row.code for row in document.rows], document.warnings) == ([404, 200], ())


def test_left_out_code_block_is_a_warning(tmp_path: Path) -> None:
    """A code block in a code's description cannot be shown in it: it is left out with a warning at its line."""
    text = "### 400 Bad Request\n\nSee the example.\n\n```\nPOST /orders\n```\n"
    [document] = read_documents(make_content(tmp_path, text), phrases=PHRASES)
    assert [row.description for row in document.rows] == ["See the example."]
    assert document.warnings == ("content/codes.md:5: code block left out of the description of 400 (line 1): a "
                                 "description keeps the text of paragraphs, lists and quotes",)


def test_code_in_the_title_is_a_warning(tmp_path: Path) -> None:
    """A level-1 heading is the document's title: one that starts with a code says it is not read as one."""
    [document] = read_documents(make_content(tmp_path, "# 404 Not Found\n\n## 410 Gone\n\n没了。\n"), phrases=PHRASES)
    assert [row.code for row in document.rows] == [410]
    assert document.warnings == ("content/codes.md:1: heading not read as a code: a # heading is the document's "
                                 "title; write ## or ### before a code",)


def test_tables_under_code_headings_keep_the_class_heading(tmp_path: Path) -> None:
    """A table below a code heading belongs to the section the code heading is in, not to a section of its own."""
    text = "## 4xx 客户端错误\n\n### 404 Not Found\n\n找不到。\n\n| code | 描述 |\n|---|---|\n| 410 | 没了 |\n"
    [document] = read_documents(make_content(tmp_path, text), phrases=PHRASES)
    assert [(row.code, row.heading) for row in document.rows] == [(404, "4xx 客户端错误"), (410, "4xx 客户端错误")]
