"""Credits and editor's notes come from the content: a page says only what the documents it shows say."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from statusdocs import cli
from support import build_here

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
NOTES = CONTENT / "reference" / "notes.md"
IANA = '原因短语与规范引用来自 <a href="https://www.iana.org/assignments/http-status-codes/">IANA HTTP 状态码注册表</a>。</p>'
MDN_CREDIT = ('<p>描述文字来自 MDN Web Docs 的贡献者，按 <a href="https://creativecommons.org/licenses/by-sa/2.5/">'
              'CC BY-SA 2.5</a> 许可使用')
MDN_URL = "https://developer.mozilla.org/zh-CN/docs/Web/HTTP/Status"
SHIPPED_CREDIT_LINE = 7  # the line of http-status.md's row in content/reference/credits.md
# A user's own document: no blockquote, no credit, its own words for codes the editor's notes speak of.
OWN_DOCUMENT = """# My status codes

| Code | Description |
|---|---|
| 102 | The server has the request and is still working on it. |
| 307 | Send the same request, with the same method, to the URI in Location. |
| 404 | Nothing was found at this address. |
| 410 | The resource was here and is gone for good. |
"""


def make_content(folder: Path, documents: dict[str, str], credits: str | None = None) -> Path:
    """Return a content folder holding `documents` beside copies of registry.csv and reference/."""
    content = folder / "content"
    shutil.copytree(CONTENT / "reference", content / "reference")
    shutil.copy(CONTENT / "registry.csv", content)
    for name, text in documents.items():
        (content / name).write_text(text, encoding="utf-8")
    if credits is not None:
        (content / "reference" / "credits.md").write_text(
            "# 来源与许可\n\n| document | source | source_url | licence | licence_url |\n|---|---|---|---|---|\n"
            + credits, encoding="utf-8")
    return content


def run_build(capsys: pytest.CaptureFixture[str], content: Path, out: Path) -> list[str]:
    """Build `content` into `out` (it must succeed); return the warnings printed."""
    status, warnings = build_here(content, out, capsys)
    assert status == 0
    return warnings


def footer(page: Path) -> str:
    """Return the footer of a built page."""
    return page.read_text(encoding="utf-8").split('<footer class="bottom">\n', 1)[1].split("</footer>", 1)[0]


def notes_line(text: str) -> int:
    """Return the line of content/reference/notes.md whose row holds `text`."""
    return next(number for number, line in enumerate(NOTES.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith("| ") and text in line)


def editor_notes(out: Path, code: int) -> list[str]:
    """Return the text of the editor's notes the API gives a code."""
    record = json.loads((out / f"api/codes/{code}.json").read_text(encoding="utf-8"))
    return [note["text"] for note in record["editor_notes"]]


def test_a_document_that_names_no_source_is_credited_to_nobody(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    warnings = run_build(capsys, make_content(tmp_path, {"codes.md": OWN_DOCUMENT}), out)
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "MDN Web Docs" not in text and "CC BY-SA" not in text and "原文档的说明" not in text, path
    assert footer(out / "codes/404/index.html") == f"<p>{IANA}\n"
    assert [warning for warning in warnings if "credits.md" in warning] == [
        f"content/reference/credits.md:{SHIPPED_CREDIT_LINE}: warning: no status document is named http-status.md, "
        "so this credit is shown nowhere"]


def test_an_editors_note_is_left_out_where_its_quote_is_not_the_text(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The notes on the source's wording of 307, 404 and 410 are gone; 102's, about the code itself, stays."""
    content, out = make_content(tmp_path, {"codes.md": OWN_DOCUMENT}), tmp_path / "site"
    run_build(capsys, content, out)
    assert [editor_notes(out, code) for code in (307, 404, 410)] == [[], [], []]
    assert [note[:19] for note in editor_notes(out, 102)] == ["102 只在 RFC 2518 中定义"]
    assert "原文" not in (out / "codes/404/index.html").read_text(encoding="utf-8")
    assert cli.main(["check", "--content", str(content)]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if ": note: the note on " in line]
    assert notes == [
        f'content/reference/notes.md:{notes_line("对POST，PUT或者DE")}: note: the note on 307 quotes "对POST，PUT或者DE", '
        "which its description (content/codes.md:6) does not hold, so the note is left out",
        f'content/reference/notes.md:{notes_line("请求失败，文件不存在")}: note: the note on 404 quotes "请求失败，文件不存在", '
        "which its description (content/codes.md:7) does not hold, so the note is left out",
        f'content/reference/notes.md:{notes_line("它就发送响应代码301.410")}: note: the note on 410 quotes '
        '"它就发送响应代码301.410和310一样", which its description (content/codes.md:8) does not hold, so the note is left out',
        f'content/reference/notes.md:{notes_line("RFC2616建议")}: note: the note on 410 quotes "RFC2616建议", which '
        "its description (content/codes.md:8) does not hold, so the note is left out"]


def test_an_editors_note_is_shown_wherever_its_quote_is_the_text(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Another document that holds the words a note quotes gets the note about those words."""
    document = "| code | 描述 |\n| --- | --- |\n| 404 | 请求失败，文件不存在。换个地址再试。 |\n"
    out = tmp_path / "site"
    run_build(capsys, make_content(tmp_path, {"codes.md": document}), out)
    assert editor_notes(out, 404)[0].startswith("原文“请求失败，文件不存在”容易让人以为")


def test_a_copied_credit_does_not_credit_another_text_of_the_same_name(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A user's own http-status.md beside the shipped credits.md: its blockquote names no MDN page, so no credit."""
    document = "> Written by our team.\n\n" + OWN_DOCUMENT
    out = tmp_path / "site"
    warnings = run_build(capsys, make_content(tmp_path, {"http-status.md": document}), out)
    assert footer(out / "codes/404/index.html") == f"<p>原文档的说明：Written by our team.</p>\n<p>{IANA}\n"
    assert [warning for warning in warnings if "credits.md" in warning] == [
        f"content/reference/credits.md:{SHIPPED_CREDIT_LINE}: warning: http-status.md does not give {MDN_URL} in its "
        "blockquote, so this credit is for another text and is shown nowhere"]


def test_a_users_credit_row_is_shown_on_every_page_showing_its_text(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    document = "> Source: https://example.com/codes\n\n" + OWN_DOCUMENT
    credits = ("| codes.md | Jane Doe | https://example.com/codes | CC BY 4.0 | "
               "https://creativecommons.org/licenses/by/4.0/ |\n")
    out = tmp_path / "site"
    warnings = run_build(capsys, make_content(tmp_path, {"codes.md": document}, credits), out)
    assert not [warning for warning in warnings if "credits.md" in warning]
    expected = ('<p>原文档的说明：Source: <a href="https://example.com/codes">https://example.com/codes</a></p>\n'
                '<p>描述文字来自 Jane Doe，按 <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a> '
                f"许可使用；{IANA}\n")
    for page in ("codes/404/index.html", "classes/4xx/index.html", "index.html"):
        assert footer(out / page) == expected, page
    assert footer(out / "404.html") == f"<p>{IANA}\n"  # it shows no document's text


def test_two_documents_are_each_credited_by_name_where_both_show(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The index shows both: the credited one is named; the page of the other credits nothing."""
    mine = "| code | 描述 |\n| --- | --- |\n| 418 | 我是茶壶。 |\n"
    credits = "| codes.md | Jane Doe | — | — | — |\n"
    out = tmp_path / "site"
    run_build(capsys, make_content(tmp_path, {"codes.md": OWN_DOCUMENT, "more.md": mine}, credits), out)
    assert footer(out / "index.html") == f"<p>codes.md 的描述文字来自 Jane Doe；{IANA}\n"
    assert footer(out / "codes/418/index.html") == f"<p>{IANA}\n"
    assert footer(out / "codes/404/index.html") == f"<p>描述文字来自 Jane Doe；{IANA}\n"


def test_the_shipped_site_credits_mdn_exactly_where_it_shows_the_source_text(real_site: Path) -> None:
    lines = (CONTENT / "reference" / "credits.md").read_text(encoding="utf-8").splitlines()
    assert lines[SHIPPED_CREDIT_LINE - 1].startswith("| http-status.md | MDN Web Docs 的贡献者 |")
    blockquote = (f'<p>原文档的说明：来源MDN：<a href="{MDN_URL}">{MDN_URL}</a><br>RESTful Web Services中文版</p>\n')
    for page in sorted(real_site.glob("codes/*/index.html")):
        record = json.loads((real_site / f"api/codes/{page.parent.name}.json").read_text(encoding="utf-8"))
        shown = footer(page)
        if record["source"]["provenance"] == "source":
            assert shown.startswith(blockquote + MDN_CREDIT), page
        else:  # the supplement's and the vendors' text is the site's own
            assert "MDN" not in shown and "CC BY-SA" not in shown and shown.startswith("<p>本页描述"), page
    for page in ["index.html", *(f"classes/{digit}xx/index.html" for digit in range(1, 6))]:
        assert footer(real_site / page).startswith(blockquote + MDN_CREDIT), page
    assert footer(real_site / "404.html") == f"<p>{IANA}\n"
    assert re.search(r"许可使用（非标准的含义除外：那些由本站依据发送它的软件的文档编写）；",
                     footer(real_site / "codes/451/index.html"))
