"""Search: the data the build writes, and the search box driven in Chromium over HTTP and file://."""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.cache import Cache, open_cache
from statusdocs.model import Settings, Site
from statusdocs.pipeline import load_site
from statusdocs.output.search import GLOBAL_NAME, build_search_data, pack_search_data, render_search_files, render_search_script
from conftest import CONTENT, TEMPLATES, QuietHandler

HOSTILE = ('请求失败 <img src=x onerror="window.__pwned=1"> </script><script>window.__pwned=2</script> '
           '<!-- 注释 --> 引号"\'\\ & 文件不存在')
# Line separators cannot come through a table cell (whitespace is collapsed), so they are added to the data.
SEPARATORS = "行\u2028分隔\u2029段落"


@pytest.fixture(params=["http", "file"])
def base_url(request: pytest.FixtureRequest, real_site: Path) -> str:
    """Return the real site's root URL, once over HTTP and once as file://."""
    if request.param == "http":
        return request.getfixturevalue("real_site_url")
    return real_site.as_uri() + "/"


@pytest.fixture
def hostile_site(content_copy: Path, tmp_path: Path) -> Path:
    """Build a site whose 404 description holds markup, a script end tag and line separators."""
    document = content_copy / "http-status.md"
    lines = document.read_text(encoding="utf-8").split("\n")
    row = next(index for index, line in enumerate(lines) if line.startswith("| 404 "))
    lines[row] = f"| 404 | {HOSTILE} |"
    document.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "site"
    cli.build(content_copy, content_copy.parent / "templates", out, Settings())
    return out


def read_site() -> Site:
    """Return the records of the real content."""
    return load_site(CONTENT, open_cache()).records()


def test_search_data_holds_every_code_and_class() -> None:
    site = read_site()
    data = build_search_data(site)
    assert [record["code"] for record in data["codes"]] == [code.code for code in site.codes]
    assert len(data["codes"]) == 87
    assert data["classes"][3] == {"label": "4xx", "heading": "请求错误", "name": "Client Error",
                                  "url": "classes/4xx/index.html"}
    assert next(record for record in data["codes"] if record["code"] == 404) == {
        "code": 404, "phrase": "Not Found", "class": "4xx", "heading": "请求错误",
        "summary": "请求失败，文件不存在", "text": "请求失败，文件不存在", "url": "codes/404/index.html",
        "headers": [], "names": [], "words": ["找不到", "页面不存在", "不存在", "未找到", "链接失效", "死链"]}
    records = {record["code"]: record for record in data["codes"]}
    assert records[429]["headers"] == ["Retry-After"] and records[429]["names"] == []  # derived from the phrase
    assert records[418]["names"] == ["teapot", "iamateapot"]  # Go's StatusTeapot, Spring's I_AM_A_TEAPOT
    assert records[413]["names"] == ["payloadtoolarge", "requestentitytoolarge"]


def test_search_files_stay_within_their_budgets(real_site: Path) -> None:
    """search-index.js, loaded on first use of the box, and assets/search.js, on every page (gzip -9)."""
    sizes = {name: len(gzip.compress((real_site / name).read_bytes(), 9))
             for name in ("search-index.js", "assets/search.js")}
    assert sizes["search-index.js"] <= 14_000 and sizes["assets/search.js"] <= 4_000, sizes


def test_search_files_hold_the_same_data(tmp_path: Path) -> None:
    """search-index.json holds the records and the Traditional map; search-index.js the same, packed."""
    site = read_site()
    files = render_search_files(site, Cache(tmp_path))
    script = files["search-index.js"]
    prefix = f"window.{GLOBAL_NAME}="
    assert script.startswith(prefix) and script.endswith(";\n")
    data = json.loads(files["search-index.json"])
    assert data["traditional"]["伺服器"] == "服务器" and data["traditional"]["維"] == "维"
    assert {key: value for key, value in data.items() if key != "traditional"} == build_search_data(site)
    assert json.loads(script[len(prefix):-2]) == pack_search_data(data)


def test_the_browser_gets_the_records_packed() -> None:
    packed = pack_search_data({"classes": [{"label": "4xx", "heading": "请求错误", "name": "Client Error", "url": "x"}],
                               "codes": [{"code": 429, "phrase": "Too Many Requests", "class": "4xx", "heading": "请求错误",
                                          "summary": "s", "text": "t", "url": "u", "headers": ["Retry-After"],
                                          "names": [], "words": ["限流", "Too Many Requests", "请求错误", "请求过多"]},
                                         {"code": 499, "phrase": "Client Closed Request", "class": "4xx",
                                          "heading": "请求错误 · nginx", "summary": "s", "text": "t", "url": "u",
                                          "headers": [], "names": [], "words": ["nginx", "客户端关闭"]}],
                               "traditional": {"過": "过", "請": "请", "伺服器": "服务器", "網路": "网络", "使用者名稱": "用户名"}})
    assert packed == {"classes": [["4xx", "请求错误", "Client Error"]],  # a code's heading: its class's, then vendors
                      "codes": [[429, "Too Many Requests", "", "t", "Retry-After", "", "限流、请求过多"],
                                [499, "Client Closed Request", "nginx", "t", "", "", "客户端关闭"]],
                      "traditional": ["請请過过", "使用者名稱 用户名 伺服器 服务器 網路 网络"]}


def test_search_files_are_written_by_the_build(real_site: Path) -> None:
    data = json.loads((real_site / "search-index.json").read_text(encoding="utf-8"))
    assert len(data["codes"]) == 87
    assert (real_site / "search-index.js").read_text(encoding="utf-8").startswith(f"window.{GLOBAL_NAME}=")
    assert (real_site / "assets" / "search.js").is_file()


def read_hostile_data(site: Path) -> dict[str, list[dict[str, object]]]:
    """Return the hostile site's search data with line separators added to the 404 record."""
    data = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    record = next(record for record in data["codes"] if record["code"] == 404)
    assert record["text"] == HOSTILE
    record["text"] += SEPARATORS
    return data


def test_search_script_escapes_what_could_end_a_script(hostile_site: Path) -> None:
    written = (hostile_site / "search-index.js").read_text(encoding="utf-8")
    rendered = render_search_script(read_hostile_data(hostile_site))
    for dangerous in ("<", ">", "&", "\u2028", "\u2029"):
        assert dangerous not in written
        assert dangerous not in rendered


def test_search_script_holds_the_exact_text_in_a_browser(hostile_site: Path, page: object) -> None:
    expected = read_hostile_data(hostile_site)
    script = render_search_script(expected)
    page.goto((hostile_site / "index.html").as_uri())
    page.add_script_tag(content=script)
    assert page.evaluate(f"window.{GLOBAL_NAME}") == expected
    # Inlined, as someone embedding the data in a page might: it must not end the <script> early.
    page.set_content(f"<script>{script}</script><p>after</p>")
    assert page.evaluate(f"window.{GLOBAL_NAME}") == expected
    assert page.evaluate("window.__pwned") is None


def test_hostile_description_is_shown_as_text_and_runs_nothing(hostile_site: Path, page: object) -> None:
    page.goto((hostile_site / "index.html").as_uri())
    first = search(page, "onerror").first
    assert first.locator(".num").text_content() == "404"
    assert '<img src=x onerror="window.__pwned=1">' in first.text_content()
    assert "</script><script>window.__pwned=2</script>" in first.text_content()
    assert page.locator("#search-results img, #search-results script").count() == 0
    page.wait_for_timeout(100)  # an injected onerror would have fired by now
    assert page.evaluate("window.__pwned") is None


def search(page: object, query: str) -> object:
    """Type `query` into the search box; return the result options once they are listed."""
    page.fill("#q", query)
    page.wait_for_selector(".search-panel:not([hidden])")
    return page.locator("#search-results [role=option]")


def result_titles(page: object, query: str, count: int) -> list[str]:
    """Return the numbers (or class labels) of the first `count` results of `query`."""
    return search(page, query).locator(".num").all_text_contents()[:count]


@pytest.mark.parametrize(("query", "expected"), [
    ("404", ["404"]),
    ("30", ["300", "301", "302", "303", "304", "305", "306", "307", "308"]),
    ("4xx", ["4xx", "400", "401", "402"]),
    ("5XX", ["5xx", "500", "501"]),
    ("Not Found", ["404"]),
    ("NOT FOUND", ["404"]),
    ("not", ["304", "404", "406", "501", "510", "405", "416", "505"]),
    ("gateway timeout", ["504"]),
    ("重定向", ["3xx", "300", "301"]),
    ("服务器错误", ["5xx", "500"]),
    ("文件不存在", ["404"]),
    ("带宽", ["509"]),
    ("永久 重定向", ["301", "308"]),
    ("４０４", ["404"]),
    ("ＮＯＴ　ＦＯＵＮＤ", ["404"]),
    ("带宽 没有这个词", ["509"]),
])
def test_query_gives_the_expected_first_results(base_url: str, page: object, query: str,
                                                expected: list[str]) -> None:
    page.goto(base_url + "index.html")
    assert result_titles(page, query, len(expected)) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("StatusTooManyRequests", ["429"]),
    ("TOO_MANY_REQUESTS", ["429"]),
    ("too_many_requests", ["429"]),
    ("HTTP_TOO_MANY_REQUESTS", ["429"]),
    ("Response::HTTP_TOO_MANY_REQUESTS", ["429"]),
    ("StatusTeapot", ["418"]),
    ("Allow", ["405"]),
    ("Retry-After", ["413", "429", "503"]),
    ("WWW-Authenticate", ["401"]),
    ("404", ["404"]),  # an exact code still comes first: 404 is in no constant
])
def test_constants_and_header_fields_find_their_codes(real_site_url: str, page: object, query: str,
                                                      expected: list[str]) -> None:
    page.goto(real_site_url + "index.html")
    assert result_titles(page, query, len(expected)) == expected


@pytest.mark.parametrize(("query", "note"), [
    ("StatusTooManyRequests", "常量 StatusTooManyRequests"), ("retry-after", "头字段 Retry-After"),
])
def test_a_result_shows_the_constant_or_field_that_matched(real_site_url: str, page: object, query: str,
                                                           note: str) -> None:
    page.goto(real_site_url + "index.html")
    first = search(page, query).first
    assert first.locator(".search-note").text_content() == note
    assert first.locator(".search-note mark").text_content().casefold() == query.casefold()


def test_every_constant_of_every_code_finds_its_code(real_site: Path, real_site_url: str, page: object) -> None:
    """Each name as code writes it gives its code first, and as the data writes it among the results (a bare
    `Redirect`, .NET's 302, is also a word of the phrases of 307 and 308): derived from the phrase or shipped."""
    queries = [(record["code"], form) for record in json.loads((real_site / "api/codes.json").read_text(
        encoding="utf-8"))["codes"] for names in record["constants"].values() for constant in names
        for form in (constant["name"], constant["code"]) if not form.startswith("http.STATUS_CODES")]
    assert len(queries) > 900
    page.goto(real_site_url + "index.html")
    search(page, "404")
    firsts = page.evaluate("""queries => queries.map(([code, query]) => {
        const box = document.getElementById("q");
        box.value = query;
        box.dispatchEvent(new InputEvent("input", {bubbles: true}));
        const found = [...document.querySelectorAll("#search-results [role=option] .num")].map((n) => n.textContent);
        return [code, query, found.indexOf(String(code))];
    })""", queries)
    qualified = {form for _, form in queries if re.search(r"[.:]", form)}
    assert [(code, query, at) for code, query, at in firsts if at < 0 or at > 0 and query in qualified] == []


def test_words_that_no_result_holds_together_list_partial_matches(real_site_url: str, page: object) -> None:
    page.goto(real_site_url + "index.html")
    assert result_titles(page, "带宽 没有这个词", 1) == ["509"]
    assert "部分匹配" in page.inner_text(".search-status")
    assert result_titles(page, "不存在的词", 1) == []
    assert page.inner_text(".search-status") == "没有结果"


def test_matches_are_highlighted(base_url: str, page: object) -> None:
    page.goto(base_url + "index.html")
    first = search(page, "not found").first
    assert first.locator("mark").all_text_contents() == ["Not", "Found"]
    first = search(page, "４０４ 文件").first
    assert first.locator("mark").all_text_contents() == ["404", "文件"]


def test_keyboard_alone_finds_and_opens_a_code(base_url: str, page: object) -> None:
    page.goto(base_url + "index.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("30")
    search_box = page.locator("#q")
    page.wait_for_selector(".search-panel:not([hidden])")
    assert search_box.get_attribute("role") == "combobox"
    assert search_box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    selected = page.locator("#search-results [aria-selected=true]")
    assert selected.locator(".num").text_content() == "302"
    assert search_box.get_attribute("aria-activedescendant") == selected.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "codes/302/index.html")


def test_arrow_up_from_the_first_result_wraps_to_the_last(base_url: str, page: object) -> None:
    page.goto(base_url + "index.html")
    options = search(page, "30")
    page.keyboard.press("ArrowUp")
    assert options.last.get_attribute("aria-selected") == "true"
    assert page.locator("#q").get_attribute("aria-activedescendant") == options.last.get_attribute("id")
    page.keyboard.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"


def test_enter_on_an_exact_code_opens_it(base_url: str, page: object) -> None:
    page.goto(base_url + "codes/200/index.html")
    page.keyboard.press("Control+k")
    page.keyboard.type("４２９")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "codes/429/index.html")


def test_escape_closes_the_results(base_url: str, page: object) -> None:
    page.goto(base_url + "index.html")
    search(page, "404")
    page.keyboard.press("Escape")
    assert page.locator(".search-panel").is_hidden()
    assert page.locator("#q").get_attribute("aria-expanded") == "false"
    assert page.locator("#q").get_attribute("aria-activedescendant") is None
    assert page.input_value("#q") == "404"
    page.keyboard.press("ArrowDown")
    assert page.locator(".search-panel").is_visible()


def test_clicking_outside_closes_the_results(real_site_url: str, page: object) -> None:
    page.goto(real_site_url + "index.html")
    search(page, "404")
    page.click("footer.bottom p")
    assert page.locator(".search-panel").is_hidden()


def test_shortcuts_focus_the_box_but_not_while_typing_elsewhere(real_site_url: str, page: object) -> None:
    page.goto(real_site_url + "index.html")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("a/b")
    assert page.input_value("#q") == "a/b"
    page.evaluate("document.body.append(Object.assign(document.createElement('textarea'), {id: 'other'}))")
    page.focus("#other")
    page.keyboard.type("x/y")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "other"
    assert page.input_value("#other") == "x/y"
    page.focus("a.brand")
    page.keyboard.press("Meta+k")  # ⌘K on a Mac
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, 3]


def test_keys_do_nothing_while_an_input_method_composes(base_url: str, page: object) -> None:
    page.goto(base_url + "index.html")
    page.click("#q")
    page.keyboard.type("30 ")
    page.wait_for_selector(".search-panel:not([hidden])")
    assert page.inner_text(".search-status") == "13 个结果"  # 300-308, and texts with 30 (463, 530)
    ime = page.context.new_cdp_session(page)
    ime.send("Input.imeSetComposition", {"text": "chong", "selectionStart": 5, "selectionEnd": 5})
    assert page.input_value("#q") == "30 chong"
    for key in ("ArrowDown", "Enter", "Escape"):  # as a browser sends them to the input method
        page.evaluate("""key => document.getElementById('q').dispatchEvent(new KeyboardEvent('keydown',
            {key, isComposing: true, bubbles: true, cancelable: true}))""", key)
    page.keyboard.press("Enter")  # also submits the form in headless Chromium
    assert page.url == base_url + "index.html"
    assert page.inner_text(".search-status") == "13 个结果"  # the pinyin letters are not searched
    assert page.locator("#search-results [aria-selected=true] .num").text_content() == "300"
    assert page.locator(".search-panel").is_visible()
    ime.send("Input.insertText", {"text": "重定向"})  # the input method commits its text
    assert page.inner_text(".search-status") == "9 个结果"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "codes/301/index.html")


@pytest.mark.parametrize("path", ["index.html", "codes/200/index.html", "classes/5xx/index.html"])
def test_query_string_opens_with_results_from_any_page(base_url: str, page: object, path: str) -> None:
    page.goto(base_url + path + "?q=not%20found")
    page.wait_for_selector(".search-panel:not([hidden])")
    assert page.input_value("#q") == "not found"
    first = page.locator("#search-results [role=option]").first
    assert first.locator(".num").text_content() == "404"
    first.click()
    page.wait_for_url(base_url + "codes/404/index.html")


def test_form_without_javascript_goes_to_an_index_listing_every_code(base_url: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "codes/200/index.html")
        page.fill("#q", "404")
        page.press("#q", "Enter")
        page.wait_for_url(base_url + "index.html?q=404")
        listed = page.locator(".codes .num").all_text_contents()
        assert listed == [str(code.code) for status_class in read_site().classes for code in status_class.codes]
    finally:
        context.close()


class PagesHandler(QuietHandler):
    """Like GitHub Pages: a missing path gets /repo/404.html with status 404."""

    def send_head(self) -> object:
        """Serve the file, or the site's 404 page when there is none."""
        if Path(self.translate_path(self.path)).exists():
            return super().send_head()
        body = Path(self.directory, "repo", "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture
def project_site_url(tmp_path: Path) -> Iterator[str]:
    """Serve a build for https://user.github.io/repo/ under /repo/, with 404.html for missing paths."""
    cli.build(CONTENT, TEMPLATES, tmp_path / "repo", Settings(site_url="https://user.github.io/repo/"))
    handler = functools.partial(PagesHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_search_works_on_the_404_page_at_any_failed_url(project_site_url: str, page: object) -> None:
    response = page.goto(project_site_url + "repo/no/such/deep/page")
    assert response.status == 404
    page.keyboard.press("/")
    page.keyboard.type("5xx")
    page.wait_for_selector(".search-panel:not([hidden])")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(project_site_url + "repo/codes/500/index.html")
