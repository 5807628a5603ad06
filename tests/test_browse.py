"""Clicking through the built site in Chromium, from disk and over HTTP."""
from __future__ import annotations

from pathlib import Path

import pytest


def click_through(page: object, start: str) -> list[str]:
    """Go index -> 4xx class -> 404 -> next -> previous -> home; return the headings seen."""
    seen = []
    page.goto(start)  # type: ignore[attr-defined]
    for selector in ('section#\\34xx h2 a', 'li#\\34 04 a', 'a[rel="next"]', 'a[rel="prev"]', ".crumbs a"):
        seen.append(page.locator("h1").inner_text())  # type: ignore[attr-defined]
        page.click(selector)  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]
    seen.append(page.locator("h1").inner_text())  # type: ignore[attr-defined]
    return [" ".join(text.split()) for text in seen]


EXPECTED = ["HTTP 状态码", "4xx 请求错误", "404 Not Found", "405 Method Not Allowed", "404 Not Found", "HTTP 状态码"]


def test_click_through_from_disk(page: object, real_site: Path) -> None:
    """On file:// every link opens a page, not a folder listing."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    assert click_through(page, (real_site / "index.html").as_uri()) == EXPECTED
    assert page.url.endswith("/index.html")  # type: ignore[attr-defined]
    assert requests and all(url.startswith("file://") for url in requests)


def test_click_through_over_http(page: object, real_site_url: str) -> None:
    """Over HTTP the same relative links work, and the stylesheet loads."""
    assert click_through(page, real_site_url) == EXPECTED
    width = page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth")  # type: ignore[attr-defined]
    assert width == "736px"  # 46rem from assets/style.css


@pytest.mark.parametrize(("scheme", "expected"), [("light", "rgb(255, 255, 255)"), ("dark", "rgb(13, 17, 23)")])
def test_dark_mode_follows_the_system(browser: object, real_site: Path, scheme: str, expected: str) -> None:
    """prefers-color-scheme switches the page colours."""
    context = browser.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto((real_site / "codes" / "404" / "index.html").as_uri())
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == expected
    context.close()
