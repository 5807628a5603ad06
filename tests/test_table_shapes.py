"""Every table shape in tests/cases/valid/ builds a site: a page per code row, its own text, its class, every column."""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

import build
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
    build.build(folder / "content", TEMPLATES, folder / "site", Settings())
    return folder / "site", json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))


def test_every_code_row_has_its_page_with_its_own_text(case_site: tuple[Path, dict]) -> None:
    site, expected = case_site
    for code, _, description, _, _, fields in expected["rows"]:
        record = json.loads((site / "api" / "codes" / f"{code}.json").read_text(encoding="utf-8"))
        assert record["description"]["markdown"] == description
        assert record["class"]["label"] == f"{code // 100}xx"
        page = (site / "codes" / str(code) / "index.html").read_text(encoding="utf-8")
        assert html.escape(record["description"]["text"].split(" ")[0], quote=False) in page
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
    build.build(content, TEMPLATES, tmp_path / "site", Settings())
    ok = (tmp_path / "site" / "codes" / "200" / "index.html").read_text(encoding="utf-8")
    error = (tmp_path / "site" / "codes" / "500" / "index.html").read_text(encoding="utf-8")
    assert "一<br />\n二<br />\n三 &lt;i&gt;斜&lt;/i&gt;" in ok
    assert "甲<br />\n乙" in error
