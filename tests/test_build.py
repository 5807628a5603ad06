"""Building the real content: every page, its facts, links that resolve, same bytes every time."""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import UNOFFICIAL_CODES
from statusdocs.check import find_broken_links
from statusdocs.model import Settings
from support import files_of, run_build

ROOT = Path(__file__).resolve().parent.parent
SEED_ROW = re.compile(r"^\|\s*(\d{3})\s*\|(.*?)\|?\s*$")
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = ["codes/404/index.html", "codes/509/index.html", "classes/1xx/index.html"]
SUPPLEMENT_CODES = {104, 207, 208, 226, 418, 425}  # described in content/supplement.md


def seed_rows() -> dict[int, str]:
    """Read code -> description straight from the source lines, without the parser."""
    lines = (ROOT / "content" / "http-status.md").read_text(encoding="utf-8").splitlines()
    return {int(m.group(1)): m.group(2).strip() for m in map(SEED_ROW.match, lines) if m}


def page_text(path: Path) -> str:
    """Return a page's visible text with tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


@pytest.mark.shipped
def test_every_page_exists(real_site: Path) -> None:
    """59 source, 6 supplement and 22 non-standard code pages, 5 class pages, index and 404: 94 HTML pages."""
    codes = seed_rows()
    assert len(codes) == 59 and not SUPPLEMENT_CODES & set(codes) and len(UNOFFICIAL_CODES) == 22
    pages = {p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")}
    expected = {f"codes/{code}/index.html" for code in set(codes) | SUPPLEMENT_CODES | UNOFFICIAL_CODES}
    expected |= {f"classes/{digit}xx/index.html" for digit in range(1, 6)} | {"index.html", "404.html"}
    assert pages == expected
    assert (real_site / "assets" / "style.css").is_file()


@pytest.mark.shipped
def test_every_description_is_on_its_page(real_site: Path) -> None:
    """The text of each seed row (Markdown code marks removed) appears on its code page."""
    for code, description in seed_rows().items():
        text = page_text(real_site / "codes" / str(code) / "index.html")
        assert description.replace("`", "") in text, code


def test_every_internal_link_resolves(real_site: Path) -> None:
    """No href or src in the built site points to a missing file or anchor."""
    assert find_broken_links(real_site) == []


def test_link_check_finds_broken_links(tmp_path: Path) -> None:
    """The link check reports a missing file, a missing anchor and a bare folder link."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="sub/index.html#here">ok</a>\n<a href="gone.html">1</a>\n'
        '<a href="sub/index.html#nowhere">2</a>\n<a href="sub/">3</a>\n<a href="https://x.org/">ext</a>',
        encoding="utf-8")
    assert find_broken_links(tmp_path) == [
        "index.html:2: link gone.html points to a missing file",
        "index.html:3: link sub/index.html#nowhere points to a missing anchor #nowhere",
        "index.html:4: link sub/ names a folder, which does not open index.html from disk",
    ]


def test_index_lists_every_code_with_an_anchor(real_site: Path) -> None:
    """The index has a grid link and an id for every code, and each class heading."""
    index = (real_site / "index.html").read_text(encoding="utf-8")
    for code in set(seed_rows()) | SUPPLEMENT_CODES:
        assert f'<li id="{code}">' in index
        assert index.count(f'href="codes/{code}/index.html"') == 2
    for heading in ("信息响应", "成功响应", "重定向", "请求错误", "服务器错误"):
        assert heading in index
    assert '<html lang="zh-CN">' in index
    assert "来源MDN：" in index and 'href="https://developer.mozilla.org/zh-CN/docs/Web/HTTP/Status"' in index


@pytest.mark.parametrize(("code", "expected"), [
    (404, ['<h1><span class="num">404</span> <span lang="en">Not Found</span></h1>',
           'href="https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5"', "IANA 已注册",
           '<meta name="description" content="请求失败，文件不存在">', 'href="../../classes/4xx/index.html"',
           '<a rel="prev" href="../403/index.html">', '<a rel="next" href="../405/index.html">']),
    (509, ["非标准 · 未在 IANA 注册", "它未在 IANA HTTP 状态码注册表中注册", "无（未在 IANA 注册）"]),
    (306, ["(Unused)", "已不再使用"]),
    (510, ["已废弃", 'href="https://www.rfc-editor.org/rfc/rfc2774.html"']),
    (423, ["<code>(WebDAV)</code>", 'href="https://www.rfc-editor.org/rfc/rfc4918.html"']),
    (204, ['注意与<a href="../304/index.html">304</a>', "提到 204 的状态码"]),
    (100, ['<a rel="next" href="../101/index.html">'])
])
@pytest.mark.shipped
def test_code_page_facts(real_site: Path, code: int, expected: list[str]) -> None:
    """Each code page shows its phrase, registry status, specification and neighbours."""
    page = (real_site / "codes" / str(code) / "index.html").read_text(encoding="utf-8")
    for fragment in expected:
        assert fragment in page


def test_pages_request_nothing_from_other_hosts(real_site: Path) -> None:
    """Stylesheets, scripts and images are all local."""
    for path in real_site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r'<(script|img|link|iframe)[^>]+(src|href)="(https?:)?//', page), path


def test_raw_html_in_content_is_text(tmp_path: Path, content_copy: Path) -> None:
    """HTML written in a description is shown as text, never as markup."""
    source = content_copy / "http-status.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "| 403  |  拒绝访问 |", "| 403  |  拒绝<b>访问</b> <script>alert(1)</script> |"), encoding="utf-8")
    cli.build(content_copy, content_copy.parent / "templates", tmp_path / "out", Settings())
    page = (tmp_path / "out" / "codes" / "403" / "index.html").read_text(encoding="utf-8")
    assert "拒绝&lt;b&gt;访问&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_build_is_deterministic(tmp_path: Path, real_site: Path) -> None:
    """A second build of the same content gives the same bytes."""
    cli.build(cli.ROOT / "content", cli.ROOT / "templates", tmp_path / "again", Settings())
    assert files_of(tmp_path / "again") == files_of(real_site)


def test_stale_files_are_removed(tmp_path: Path, content_copy: Path) -> None:
    """A code dropped from the content loses its page; a file no build wrote stays."""
    out = tmp_path / "out"
    cli.build(content_copy, content_copy.parent / "templates", out, Settings())
    (out / "old.html").write_text("left over", encoding="utf-8")
    source = content_copy / "http-status.md"
    source.write_text(source.read_text(encoding="utf-8").replace("| 402  |  保留，未被使用 |\n", ""), encoding="utf-8")
    cli.build(content_copy, content_copy.parent / "templates", out, Settings())
    assert not (out / "codes" / "402").exists() and (out / "old.html").read_text(encoding="utf-8") == "left over"
    assert (out / "codes" / "403" / "index.html").is_file()


def test_bad_content_is_reported_and_leaves_the_site_untouched(tmp_path: Path, content_copy: Path) -> None:
    """Bad rows: one line each on stderr, exit 1, no traceback, the previous output unchanged."""
    out = tmp_path / "out"
    assert run_build("--content", str(content_copy), "--out", str(out)).returncode == 0
    before = files_of(out)
    source = content_copy / "http-status.md"
    text = source.read_text(encoding="utf-8").replace("| 404  |", "| 4O4  |").replace("| 500 |", "| 501 |")
    source.write_text(text, encoding="utf-8")
    result = run_build("--content", str(content_copy), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/http-status.md:60: status code '4O4' is not a number",
        "content/http-status.md:91: status code 501 is documented twice (also at content/http-status.md:90)",
        f"build failed: 2 problem(s); {out} left unchanged",
    ]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert files_of(out) == before


def test_broken_template_is_a_path_line_error(tmp_path: Path, content_copy: Path) -> None:
    """A template that does not compile is reported with its file and line."""
    template = content_copy.parent / "templates" / "class.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}", 1),
                        encoding="utf-8")
    result = run_build("--content", str(content_copy), "--templates", str(template.parent),
                       "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("templates/class.html:2: Encountered unknown tag 'endblok'")


@pytest.mark.shipped
@pytest.mark.parametrize("name", GOLDEN_PAGES)
def test_golden_pages(real_site: Path, name: str) -> None:
    """A few pages match their stored copies byte for byte (UPDATE_GOLDEN=1 refreshes them)."""
    golden = GOLDEN / name.replace("/index.html", ".html").replace("/", "-")
    built = (real_site / name).read_bytes()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(built)
    assert built == golden.read_bytes(), f"{name} differs from {golden}; refresh with UPDATE_GOLDEN=1"


def test_every_build_option_is_documented() -> None:
    """Each option of `python build.py` has a row in the Commands table of docs/commands.md."""
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    options = set(re.findall(r"^\s+(--[a-z-]+)", run_build("--help").stdout, re.M)) - {"--help"}
    assert options == {"--out", "--site-url", "--content", "--templates"}
    for option in options:
        assert f"`python build.py {option}" in readme, option
