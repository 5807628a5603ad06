"""content/reference/: the facts each code page shows, read from their tables; bad rows as data cases."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import UNOFFICIAL_CODES
from statusdocs.cache import open_cache
from statusdocs.model import ContentError
from statusdocs.pipeline import load_site
from statusdocs.read.facts import read_reference

ROOT = Path(__file__).resolve().parent.parent
# tests/cases/reference/<file>--<case>.md is read as content/reference/<file>.md; <same>.err holds the problems
# (UPDATE_CASES=1 rewrites them, to review). A case with a <same>.warn instead is a file that builds, beside a
# document of PAGES and the real registry: the .warn holds the warnings the build prints for rows no page shows.
CASES_FOLDER = Path(__file__).parent / "cases" / "reference"
CASES = sorted(path for path in CASES_FOLDER.glob("*.md") if not path.with_suffix(".warn").exists())
WARNING_CASES = sorted(path.with_suffix(".md") for path in CASES_FOLDER.glob("*.warn"))
PAGES = "| code | 描述 |\n| --- | --- |\n| 404 | 找不到 |\n| 410 | 不在了 |\n"


def fact_folder(tmp_path: Path, case: Path) -> Path:
    """Return a content folder whose reference/ holds the case under its file's name."""
    folder = tmp_path / "content" / "reference"
    folder.mkdir(parents=True)
    shutil.copy(case, folder / (case.stem.split("--")[0] + ".md"))
    return folder.parent


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_each_bad_row_is_a_path_line_problem(case: Path, tmp_path: Path) -> None:
    with pytest.raises(ContentError) as raised:
        read_reference(fact_folder(tmp_path, case))
    expected = case.with_suffix(".err")
    if os.environ.get("UPDATE_CASES") == "1":
        expected.write_text("\n".join(raised.value.problems) + "\n", encoding="utf-8")
    assert raised.value.problems == expected.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", WARNING_CASES, ids=lambda path: path.stem)
def test_each_fact_row_no_page_shows_is_a_warning_of_the_build(case: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    content = fact_folder(tmp_path, case)
    (content / "codes.md").write_text(PAGES, encoding="utf-8")
    shutil.copy(ROOT / "content" / "registry.csv", content)
    assert cli.main(["--content", str(content), "--out", str(tmp_path / "site")]) == 0
    warnings = capsys.readouterr().err.splitlines()
    assert warnings == case.with_suffix(".warn").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def site() -> object:
    """Return the records of the real content."""
    return load_site(ROOT / "content", open_cache()).records()


def code_of(site: object, number: int) -> object:
    """Return the record of one code."""
    return next(code for code in site.codes if code.code == number)  # type: ignore[attr-defined]


def test_every_code_has_its_constants_caching_and_example(site: object) -> None:
    languages = ["python", "go", "node", "spring", "dotnet", "rust", "rails", "symfony"]
    for code in (code for code in site.codes if code.code not in UNOFFICIAL_CODES):  # type: ignore[attr-defined]
        assert [constants.language for constants in code.constants] == languages, code.code
        assert code.caching is not None, code.code
        assert code.example.startswith(f"HTTP/1.1 {code.code} ") or code.code == 306, code.code
    assert code_of(site, 306).example == ""  # (Unused): no server sends it
    assert sum(bool(code.related) for code in site.codes) >= 60  # type: ignore[attr-defined]


@pytest.mark.parametrize(("number", "example"), [
    (429, "HTTP/1.1 429 Too Many Requests\nRetry-After: 120"),
    (405, "HTTP/1.1 405 Method Not Allowed\nAllow: GET, HEAD"),
    (416, "HTTP/1.1 416 Range Not Satisfiable\nContent-Range: bytes */1234"),
    (401, 'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm="example"'),
    (404, "HTTP/1.1 404 Not Found"),
])
def test_the_example_is_the_status_line_and_the_fields_with_a_value(site: object, number: int,
                                                                   example: str) -> None:
    assert code_of(site, number).example == example


@pytest.mark.parametrize(("number", "words"), [
    (307, "截断"), (507, "506"), (410, "笔误"), (303, "RFC 9110 已不再这样要求"),
])
def test_the_four_editor_notes_of_the_issue_are_on_their_codes(site: object, number: int, words: str) -> None:
    assert any(words in note.text for note in code_of(site, number).notes)


def test_a_note_links_the_codes_it_names_and_its_sections(site: object) -> None:
    [note] = code_of(site, 507).notes
    assert '<a href="../506/index.html">506</a>' in note.html
    assert [reference.text for reference in note.references] == ["RFC 4918 §11.5", "RFC 2295 §8.1"]
    assert note.references[0].url == "https://www.rfc-editor.org/rfc/rfc4918.html#section-11.5"


def test_a_related_pair_is_on_both_codes(site: object) -> None:
    assert [item.code for item in code_of(site, 429).related] == [503, 509]
    assert 429 in [item.code for item in code_of(site, 503).related]
    assert code_of(site, 503).related[0].reason == code_of(site, 429).related[0].reason


def test_header_fields_keep_their_level_and_section(site: object) -> None:
    fields = {field.name: field for field in code_of(site, 401).headers}
    assert (fields["WWW-Authenticate"].level, fields["Authorization"].level) == ("MUST", "")
    assert fields["WWW-Authenticate"].reference.url == "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2"


def test_a_bad_fact_stops_the_build_with_the_documents_problems(content_copy: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert cli.main(["--content", str(content_copy), "--out", str(out)]) == 0
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    headers = content_copy / "reference" / "headers.md"
    headers.write_text(headers.read_text(encoding="utf-8").replace("| 405 | Allow | MUST |", "| 405 | Allow | must |"),
                       encoding="utf-8")
    document = content_copy / "http-status.md"
    document.write_text(document.read_text(encoding="utf-8").replace("| 404  |", "| 4O4  |"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--content", str(content_copy), "--out", str(out)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[:2] == ["content/http-status.md:60: status code '4O4' is not a number",
                          f"content/reference/headers.md:{line_with(headers, '| 405 | Allow |')}: level 'must' is not "
                          "one of MUST, SHOULD, MAY, —"]
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def line_with(path: Path, text: str) -> int:
    """Return the number of the line of `path` that holds `text`."""
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_content_without_reference_facts_still_builds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "registry.csv", content)
    (content / "codes.md").write_text("| code | 描述 |\n| --- | --- |\n| 429 | 太多请求 |\n", encoding="utf-8")
    out = tmp_path / "site"
    cli.build(content, ROOT / "templates", out, cli.Settings())
    page = (out / "codes" / "429" / "index.html").read_text(encoding="utf-8")
    assert "HTTP/1.1 429 Too Many Requests" in page and 'id="constants"' not in page


def test_a_code_page_reads_note_description_then_the_reference_block(real_site: Path) -> None:
    html = (real_site / "codes/307/index.html").read_text(encoding="utf-8")
    order = ['<h1>', 'class="note"', 'class="description"', 'id="example"', 'id="headers"', 'id="caching"',
             'id="constants"', 'id="related"', 'class="refs"', 'id="cite"']
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "原文在“对POST，PUT或者DE”处截断" in html and "对POST，PUT或者DE" in html.split('class="description"')[1]


@pytest.mark.parametrize(("page", "code", "marks"), [
    ("classes/2xx/index.html", 204, ["默认可缓存", "无内容"]),
    ("classes/4xx/index.html", 429, ["不得缓存"]),
    ("classes/4xx/index.html", 400, []),
    ("index.html", 304, ["无内容"]),
])
def test_lists_mark_caching_and_no_content(real_site: Path, page: str, code: int, marks: list[str]) -> None:
    html = (real_site / page).read_text(encoding="utf-8")
    item = html.split(f'<li id="{code}">', 1)[1].split("</li>", 1)[0]
    assert re.findall(r'<span class="mark">([^<]*)</span>', item) == marks
