"""Hostile content is shown as text: no script of the content runs, no dangerous link, no broken attribute."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.cache import open_cache
from statusdocs.model import Settings
from statusdocs.pipeline import load_site
from conftest import CONTENT, TEMPLATES, serve_folder

TITLE = """标题 "双引号" 'single' </title><script>window.__pwned = "title"</script>"""
DATE = """2020-08-11"><script>window.__pwned = "date"</script>"""
ATTRIBUTION = """来源 <script>window.__pwned = "footer"</script> https://example.com/a"onmouseover="window.__pwned=1"""
HEADING = """信息响应 <img src=x onerror="window.__pwned = 'heading'">"""
DESCRIPTION = ("""客户端应当"继续"发送 'request' </script><script>window.__pwned = "desc"</script>，"""
               """<img src=x onerror="window.__pwned = 'img'"> \u2028 \u2029。"""
               """[js](javascript:window.__pwned='js') [JS](JAVASCRIPT:window.__pwned='JS') """
               """[html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) """
               """[png](data:image/png;base64,iVBORw0KGgo=) [vb](vbscript:msgbox) <javascript:window.__pwned='auto'> """
               """[entity](&#106;avascript:window.__pwned='entity') [ok](https://example.com/ok "t\\"itle")""")
DANGEROUS = ["[js](javascript:window.__pwned='js')", "[html](data:text/html;base64,",
             "[png](data:image/png;base64,iVBORw0KGgo=)", "[vb](vbscript:msgbox)"]
PAGES = ["index.html", "codes/100/index.html", "codes/101/index.html", "classes/1xx/index.html", "404.html"]
SAFE_LINK = re.compile(r"(https?:|mailto:|[^:]*$)", re.IGNORECASE)  # a relative URL has no scheme


class PageElements(HTMLParser):
    """Collects every element's tag and attributes, the <title> text and inline script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.open_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record one element."""
        self.elements.append((tag, dict(attrs)))
        self.open_tag = tag

    def handle_data(self, data: str) -> None:
        """Keep the title's text; an inline script is an element with data and no src."""
        if self.open_tag == "title":
            self.title += data
        elif self.open_tag == "script" and data.strip():
            self.elements.append(("inline-script", {"text": data}))

    def handle_endtag(self, tag: str) -> None:
        """Leave the current element."""
        self.open_tag = ""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real content with script, event-handler, javascript: and data: payloads written into it."""
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    content.mkdir()
    (content / "registry.csv").write_bytes((CONTENT / "registry.csv").read_bytes())
    document = make_hostile_document((CONTENT / "http-status.md").read_text(encoding="utf-8"))
    (content / "http-status.md").write_text(document, encoding="utf-8")
    cli.build(content, TEMPLATES, root / "site", Settings())
    return root / "site"


def make_hostile_document(text: str) -> str:
    """Put the payloads into the title, date, attribution, first heading and the 100 row."""
    text = re.sub(r"(?m)^title: .*$", lambda _: f"title: '{TITLE.replace(chr(39), chr(39) * 2)}'", text, count=1)
    text = re.sub(r"(?m)^date: .*$", lambda _: f"date: '{DATE}'", text, count=1)
    text = re.sub(r"(?m)^> ", lambda _: f"> {ATTRIBUTION}\n> ", text, count=1)
    text = text.replace("## 信息响应", f"## {HEADING}", 1)
    text = re.sub(r"(?m)^\| 100 +\|.*$", lambda _: f"| 100 | {DESCRIPTION} |", text, count=1)
    assert TITLE[:2] in text and "window.__pwned = 'heading'" in text and "javascript:window" in text
    return text


def read_elements(path: Path) -> PageElements:
    """Parse one built page."""
    parser = PageElements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("page_path", PAGES)
def test_page_holds_no_script_handler_or_dangerous_link_from_content(hostile_site: Path, page_path: str) -> None:
    """No inline script, no on* attribute, no link or source to a scheme other than http(s) or mailto."""
    elements = read_elements(hostile_site / page_path).elements
    assert [tag for tag, _ in elements if tag == "inline-script"] == []
    assert [(tag, name) for tag, attrs in elements for name in attrs if name.startswith("on")] == []
    assert [tag for tag, _ in elements if tag in ("img", "iframe", "object", "embed")] == []
    links = [attrs[name] or "" for _, attrs in elements for name in ("href", "src", "action") if name in attrs]
    assert links and [link for link in links if not SAFE_LINK.match(link.strip())] == []


def test_title_and_meta_description_hold_the_exact_text(hostile_site: Path) -> None:
    """Quotes and markup in the title and the summary come back unchanged from <title> and the meta tag."""
    page = read_elements(hostile_site / "codes" / "100" / "index.html")
    meta = {attrs.get("name") or attrs.get("property"): attrs.get("content") for tag, attrs in page.elements
            if tag == "meta"}
    assert page.title == f"100 Continue · {TITLE}"
    summary = load_site(hostile_site.parent / "content", open_cache()).records().codes[0].summary
    assert """"继续"发送 'request' </script><script>window.__pwned = "desc"</script>""" in summary
    assert meta["description"] == summary
    index = read_elements(hostile_site / "index.html")
    assert index.title == TITLE
    time = next(attrs for tag, attrs in index.elements if tag == "time")
    assert time["datetime"] == DATE


def test_dangerous_links_stay_text_and_safe_links_work(hostile_site: Path) -> None:
    """javascript:, vbscript: and data: links are shown as the Markdown that was written; https links stay links."""
    elements = read_elements(hostile_site / "codes" / "100" / "index.html").elements
    text = html.unescape((hostile_site / "codes" / "100" / "index.html").read_text(encoding="utf-8"))
    for source in DANGEROUS:
        assert source in text
    assert ("a", {"href": "https://example.com/ok", "title": 't"itle'}) in elements


@pytest.mark.parametrize("page_path", PAGES)
def test_no_content_script_runs_in_the_browser(hostile_site: Path, page: object, page_path: str) -> None:
    """Chromium loads each page, hovers and clicks its content, and the payloads' flag stays unset."""
    server, url = serve_folder(hostile_site)
    try:
        page.goto(url + page_path, wait_until="load")  # type: ignore[attr-defined]
        for selector in ("main", "footer", "header .brand"):
            page.hover(selector)  # type: ignore[attr-defined]
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
        assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
        assert page.evaluate("document.querySelectorAll('script:not([src]), img, [onerror]').length") == 0  # type: ignore[attr-defined]
        shown = page.inner_text("body")  # type: ignore[attr-defined]
        if page_path != "404.html":  # the blockquote is shown with its document's text, and 404.html shows none
            assert '<script>window.__pwned = "footer"</script>' in shown
        if page_path == "codes/100/index.html":
            assert """</script><script>window.__pwned = "desc"</script>""" in shown
            assert "[js](javascript:window.__pwned='js')" in shown
            assert page.title() == f"100 Continue · {TITLE}"  # type: ignore[attr-defined]
    finally:
        server.shutdown()


# A section heading of an unofficial document names the software and links its documentation: the pages and the
# API's vendor.url link it as written, so it passes the filter descriptions pass (statusdocs/read/links.py is_safe_link).
VENDOR_DOCUMENT = ("---\nprovenance: unofficial\n---\n\n## [nginx]({url})\n\n| code | name | 描述 |\n| --- | --- | --- |\n"
                   "| 499 | Client Closed Request | 客户端先断开了连接。 |\n")
REFUSED_HEADING_URLS = ["javascript:alert(document.domain)", "JavaScript:alert(1)",
                        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox"]


def vendor_content(tmp_path: Path, url: str) -> Path:
    """Return a small content folder whose unofficial document's one section heading links to `url`."""
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / "codes.md").write_text("| code | 描述 |\n| --- | --- |\n| 404 | 找不到 |\n", encoding="utf-8")
    (content / "registry.csv").write_bytes((CONTENT / "registry.csv").read_bytes())
    (content / "unofficial.md").write_text(VENDOR_DOCUMENT.format(url=url), encoding="utf-8")
    return content


@pytest.mark.parametrize("url", REFUSED_HEADING_URLS)
def test_a_vendor_heading_linking_a_script_stops_the_build(tmp_path: Path, url: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    content = vendor_content(tmp_path, "https://nginx.org/en/docs/")
    assert cli.main(["--content", str(content), "--out", str(out)]) == 0
    assert json.loads((out / "api/codes/499.json").read_text(encoding="utf-8"))["vendor"] == {
        "name": "nginx", "url": "https://nginx.org/en/docs/"}
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    vendor_content(tmp_path, url)
    capsys.readouterr()
    assert cli.main(["--content", str(content), "--out", str(out)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"content/unofficial.md:5: section heading links to '{url}', which is not an http:, https:, mailto: or "
        f"relative URL", f"build failed: 1 problem(s); {out} left unchanged"]
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


@pytest.mark.parametrize("url", REFUSED_HEADING_URLS[::2])
def test_check_reports_a_vendor_heading_linking_a_script(tmp_path: Path, url: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--content", str(vendor_content(tmp_path, url))]) == 1
    assert (f"content/unofficial.md:5: error: section heading links to '{url}', which is not an http:, https:, "
            f"mailto: or relative URL") in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(("url", "safe"), [
    ("https://nginx.org/", True), ("mailto:a@example.com", True), ("../404/index.html", True), ("#x", True),
    ("javascript:alert(1)", False), (" JAVASCRIPT:alert(1)", False), ("\x01javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("java\nscript:alert(1)", False), ("data:,x", False), ("file:///etc", False),
])
def test_a_link_is_judged_as_a_browser_reads_its_scheme(url: str, safe: bool) -> None:
    """A browser drops control characters and spaces around a URL, and tabs and line breaks in it."""
    from statusdocs.records import InlineMarkdown

    assert InlineMarkdown().validateLink(url) is safe
