"""What readers actually type: search words from content/reference/search-words.md, Traditional and Taiwan/Hong
Kong wording, English typos and variants, and the word a result was found through. Driven in Chromium."""
from __future__ import annotations

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
SHARED = [("超时", {"408", "504"}), ("网关", {"502", "504"})]
WORD_QUERIES = [query for query in ISSUE_QUERIES if not query[0].isascii() and query[0] in
                "限流 未登录 没有权限 上传文件太大"]


@pytest.mark.parametrize(("query", "expected"), WORD_QUERIES)
def test_search_words_find_their_code_first(base_url: str, page: object, query: str, expected: list[str]) -> None:
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
