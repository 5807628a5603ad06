"""What readers actually type: search words from content/reference/search-words.md, Traditional and Taiwan/Hong
Kong wording, English typos and variants, and the word a result was found through. Driven in Chromium."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_search import result_titles, search


@pytest.fixture(params=["http", "file"])
def base_url(request: pytest.FixtureRequest, real_site: Path) -> str:
    """Return the real site's root URL, once over HTTP and once as file://."""
    if request.param == "http":
        return request.getfixturevalue("real_site_url")
    return real_site.as_uri() + "/"


# The queries of issue 15: each gives its code first, or both codes in the first three where two share the word.
ISSUE_QUERIES = [
    ("限流", ["429"]), ("未登录", ["401"]), ("没有权限", ["403"]), ("上传文件太大", ["413"]),
    ("維護", ["503"]), ("請求過多", ["429"]), ("伺服器錯誤", ["5xx"]), ("unauthorised", ["401"]),
    ("too many request", ["429"]), ("gatway timeout", ["504"]),
]
SHARED = [("超时", {"408", "504"}), ("网关", {"502", "504"}), ("网络超时", {"408", "504"})]


@pytest.mark.parametrize(("query", "expected"), ISSUE_QUERIES)
def test_every_query_of_the_issue_finds_its_code_first(base_url: str, page: object, query: str,
                                                       expected: list[str]) -> None:
    page.goto(base_url + "index.html")
    assert result_titles(page, query, 1) == expected


@pytest.mark.parametrize(("query", "codes"), SHARED)
def test_a_word_two_codes_share_finds_both_in_the_first_three(real_site_url: str, page: object, query: str,
                                                              codes: set[str]) -> None:
    page.goto(real_site_url + "index.html")
    assert codes <= set(result_titles(page, query, 3))


@pytest.mark.parametrize(("query", "expected"), [
    ("频率限制", ["429"]), ("鉴权失败", ["401"]), ("禁止访问", ["403"]), ("维护", ["503"]), ("404", ["404"]),
    ("重定向", ["3xx"]), ("not found", ["404"]),  # the phrase and heading still rank above the words
])
def test_search_words_rank_below_code_phrase_and_heading(real_site_url: str, page: object, query: str,
                                                         expected: list[str]) -> None:
    page.goto(real_site_url + "index.html")
    assert result_titles(page, query, 1) == expected


# --- Traditional and Taiwan/Hong Kong wording -------------------------------------------------------------------

RESULTS = """async (queries) => {
  const box = document.getElementById("q"), out = [];
  for (const query of queries) {
    box.value = query;
    box.dispatchEvent(new Event("input"));
    out.push([...document.querySelectorAll("#search-results .num")].map((n) => n.textContent).join(" "));
  }
  return out;
}"""


def all_results(page: object, queries: list[str]) -> list[str]:
    """Return the numbers of every result of each query, typed one after the other into the loaded box."""
    page.focus("#q")
    page.wait_for_function("window.STATUSDOCS_SEARCH !== undefined")
    search(page, "x")
    return page.evaluate(RESULTS, queries)


@pytest.mark.parametrize(("query", "expected"), [
    ("維護", ["503"]), ("請求過多", ["429"]), ("伺服器錯誤", ["5xx", "500"]), ("網路認證", ["511"]),
    ("資訊", ["1xx"]), ("請求超時", ["408"]), ("網關超時", ["504"]), ("上傳檔案太大", ["413"]), ("未登入", ["401"]),
])
def test_traditional_and_regional_queries_find_the_simplified_text(base_url: str, page: object, query: str,
                                                                   expected: list[str]) -> None:
    page.goto(base_url + "index.html")
    assert result_titles(page, query, len(expected)) == expected


def simplified_queries(real_site: Path) -> list[str]:
    """Return the Chinese search words, class headings and the first words of every description."""
    data = json.loads((real_site / "search-index.json").read_text(encoding="utf-8"))
    words = [word for code in data["codes"] for word in code["words"] if not word.isascii()]
    texts = [code["text"][start:start + 4] for code in data["codes"] for start in (0, 6, 12)]
    return sorted({*words, *(k["heading"] for k in data["classes"]), *texts} - {""})


def test_a_query_and_its_traditional_forms_give_the_same_results(real_site: Path, real_site_url: str,
                                                                 page: object) -> None:
    """For every search word, heading and description opening: Traditional, Taiwan and Hong Kong forms (OpenCC)
    list the same codes in the same order as the Simplified query."""
    import opencc

    queries = simplified_queries(real_site)
    converters = {config: opencc.OpenCC(config) for config in ("s2t", "s2twp", "s2hk")}
    forms = {config: [converter.convert(query) for query in queries] for config, converter in converters.items()}
    page.goto(real_site_url + "index.html")
    expected = all_results(page, queries)
    assert sum(1 for result in expected if result) > len(queries) * 0.9  # the queries find things
    for config, converted in forms.items():
        changed = [(query, form, want) for query, form, want in zip(queries, converted, expected) if form != query]
        got = all_results(page, [form for _, form, _ in changed])
        wrong = [(query, form) for (query, form, want), result in zip(changed, got) if result != want]
        assert not wrong and len(changed) > 100, (config, wrong[:10])


# --- English typos and variants ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("unauthorized", ["401"]), ("unauthorised", ["401"]), ("unathorized", ["401"]), ("unauthroized", ["401"]),
    ("unauthorizedd", ["401"]), ("unautxorized", ["401"]), ("gatway", ["502", "504"]), ("too many request", ["429"]),
    ("too many requestss", ["429"]), ("conflcit", ["409"]), ("Serivce Unavailable", ["503"]),
])
def test_one_edit_in_a_long_word_still_finds_the_code(real_site_url: str, page: object, query: str,
                                                      expected: list[str]) -> None:
    page.goto(real_site_url + "index.html")
    assert result_titles(page, query, len(expected)) == expected


@pytest.mark.parametrize("query", ["gnoe", "gonn", "unauthxrixed", "gatwy"])
def test_short_words_and_two_edits_are_not_corrected(real_site_url: str, page: object, query: str) -> None:
    """A word of four letters, or two edits away from every word, finds nothing through a correction."""
    page.goto(real_site_url + "index.html")
    notes = search(page, query).locator(".search-note").all_text_contents()
    assert not any("→" in note for note in notes)


def test_a_correction_ranks_after_the_exact_matches(real_site_url: str, page: object) -> None:
    page.goto(real_site_url + "index.html")
    options = search(page, "requests")
    assert options.locator(".num").all_text_contents()[0] == "429"  # Too Many Requests holds it exactly
    assert options.nth(1).locator(".search-note").text_content() == "request → 400 Bad Request"


# --- why a result was found -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "note"), [
    ("限流", "限流 → 429 Too Many Requests"), ("維護", "维护 → 503 Service Unavailable"),
    ("上传文件", "上传文件太大 → 413 Content Too Large"), ("unauthorised", "unauthorized → 401 Unauthorized"),
    ("gatway timeout", "gateway → 504 Gateway Timeout"), ("超时", "超时 → 408 Request Timeout"),  # not 请求超时
])
def test_a_result_found_through_a_word_or_correction_shows_it(base_url: str, page: object, query: str,
                                                              note: str) -> None:
    page.goto(base_url + "index.html")
    first = search(page, query).first
    assert first.locator(".search-note").text_content() == note
    assert first.locator(".search-note *:not(mark)").count() == 0  # text and <mark> only


def test_a_result_found_by_its_phrase_shows_no_word(real_site_url: str, page: object) -> None:
    page.goto(real_site_url + "index.html")
    assert "→" not in search(page, "too many requests").first.locator(".search-note").text_content()


def test_words_that_are_not_status_codes_find_no_code_through_a_word(real_site_url: str, page: object) -> None:
    """跨域 is left out of search-words.md on purpose (see its paragraph): no result claims it."""
    page.goto(real_site_url + "index.html")
    page.fill("#q", "跨域")
    page.wait_for_selector(".search-panel:not([hidden])")
    assert not any("→" in note for note in page.locator("#search-results .search-note").all_text_contents())
