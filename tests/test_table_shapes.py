"""Every table shape in tests/cases/valid/ builds a site: a page per code row, its own text, its class, every column."""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import CONTENT, TEMPLATES
from statusdocs.model import Settings

CASES = sorted((Path(__file__).parent / "cases" / "valid").glob("*.md"))


@pytest.fixture(scope="module", params=CASES, ids=lambda path: path.stem)
def case_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Build one case document (with the real registry) into a site; return it and the case's expected data."""
    case: Path = request.param
    folder = tmp_path_factory.mktemp(case.stem)
    (folder / "content").mkdir()
    shutil.copy(case, folder / "content" / case.name)
    shutil.copy(CONTENT / "registry.csv", folder / "content" / "registry.csv")
    cli.build(folder / "content", TEMPLATES, folder / "site", Settings())
    return folder / "site", json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))


def test_every_code_row_has_its_page_with_its_own_text(case_site: tuple[Path, dict]) -> None:
    site, expected = case_site
    for code, _, description, _, _, fields, *name in expected["rows"]:
        record = json.loads((site / "api" / "codes" / f"{code}.json").read_text(encoding="utf-8"))
        assert record["description"]["markdown"] == description
        assert record["class"]["label"] == f"{code // 100}xx"
        page = (site / "codes" / str(code) / "index.html").read_text(encoding="utf-8")
        assert html.escape(record["description"]["text"].split(" ")[0], quote=False) in page
        if name:  # a column of short names: the code's name, beside its phrase in the heading
            assert f'<span class="name">{html.escape(name[0], quote=False)}</span></h1>' in page
        for label, value in fields:  # every other column of the document is on the page, under its header
            assert f"<dt>{html.escape(label, quote=False)}</dt>" in page
            assert any(field["label"] == label for field in record["fields"]), (code, label, value)


def test_the_site_holds_exactly_the_code_rows(case_site: tuple[Path, dict]) -> None:
    site, expected = case_site
    assert sorted(path.name for path in (site / "codes").iterdir()) == sorted(str(row[0]) for row in expected["rows"])


def test_class_summaries_are_on_their_class_pages(case_site: tuple[Path, dict]) -> None:
    site, expected = case_site
    for digit, text, _ in expected["notes"]:
        page = (site / "classes" / f"{digit}xx" / "index.html").read_text(encoding="utf-8")
        assert f'<p class="summary">{html.escape(text, quote=False)}</p>' in page


def test_a_line_break_in_a_cell_is_a_line_break(tmp_path: Path) -> None:
    """`<br>` in a Markdown or an HTML cell renders as <br />; any other tag stays text."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "registry.csv", content)
    (content / "a.md").write_text("| code | 描述 |\n| --- | --- |\n| 200 | 一<br>二<BR/>三 <i>斜</i> |\n\n"
                                  "<table><tr><th>code</th><th>描述</th></tr>\n"
                                  "<tr><td>500</td><td>甲<br />乙</td></tr></table>\n", encoding="utf-8")
    cli.build(content, TEMPLATES, tmp_path / "site", Settings())
    ok = (tmp_path / "site" / "codes" / "200" / "index.html").read_text(encoding="utf-8")
    error = (tmp_path / "site" / "codes" / "500" / "index.html").read_text(encoding="utf-8")
    assert "一<br />\n二<br />\n三 &lt;i&gt;斜&lt;/i&gt;" in ok
    assert "甲<br />\n乙" in error


def build_case(tmp_path: Path, name: str) -> Path:
    """Build one case document of tests/cases/valid/ (with the real registry) into a site; return the site."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "registry.csv", content)
    shutil.copy(Path(__file__).parent / "cases" / "valid" / name, content)
    cli.build(content, TEMPLATES, tmp_path / "site", Settings())
    return tmp_path / "site"


def test_an_html_cell_keeps_its_paragraphs_and_list_items_as_lines(tmp_path: Path) -> None:
    """Blank lines, `<p>`, `<li>` and Markdown list items in an HTML cell are line breaks on the code's page."""
    site = build_case(tmp_path, "html-blank-lines.md")
    page = lambda code: (site / "codes" / str(code) / "index.html").read_text(encoding="utf-8")  # noqa: E731
    assert "The server met a condition it did not expect.<br />\nTry again later." in page(500)
    assert "It may support it later." in page(501)
    assert "A gateway got a bad answer:<br />\n- from the upstream<br />\n- or from a proxy" in page(502)
    assert "for the upstream:<br />\n- for the connection<br />\n- for the answer" in page(504)


def test_a_table_without_descriptions_shows_its_phrases_with_one_warning(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Empty Description cells: each code shows its phrase, the annotation after it is a field, one warning in all."""
    site = build_case(tmp_path, "empty-description-column.md")
    warnings = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    assert warnings == ["content/empty-description-column.md:3: warning: no column of this table holds descriptions "
                        "(sentences): each code's phrase is shown as its description"]
    page = (site / "codes" / "102" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">Processing</span></h1>' in page
    assert '<div class="description"><p>Processing</p></div>' in page
    assert "<dt>Status</dt><dd>(WebDAV)</dd>" in page


def test_an_identifier_is_a_field_never_the_description(tmp_path: Path) -> None:
    """A column of constants stays a field, even when it is longer than the sentences beside it."""
    site = build_case(tmp_path, "identifier-column.md")
    page = (site / "codes" / "419" / "index.html").read_text(encoding="utf-8")
    assert '<div class="description"><p>Not standard.</p></div>' in page
    assert "<dt>Constant</dt><dd>INSUFFICIENT_SPACE_ON_RESOURCE</dd>" in page
