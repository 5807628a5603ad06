"""embed.js: preview cards for links to code pages, on a documentation page of another origin (Playwright)."""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import QuietHandler
from statusdocs.model import Settings
from test_accessibility import describe, run_axe

HOSTILE = '<img src=x onerror="window.__pwned=1"> "><script>window.__pwned=2</script>'
CARD = "#statusdocs-card"


class PagesHandler(QuietHandler):
    """Serves a folder as GitHub Pages does for the site's files: readable from any origin."""

    def end_headers(self) -> None:
        """Add the header GitHub Pages sends with every file."""
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


def serve(folder: Path, handler: type = QuietHandler) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` on a free port of 127.0.0.1; return the server and its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def host_page(site_url: str) -> str:
    """Return another site's documentation page: a heading, links to code pages and others, the one script line."""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>文档</title>'
            f'<style>a {{ color: #0645ad; }} div {{ display: none; }}</style>'  # hostile-ish CSS of the host
            f'<script src="{site_url}embed.js" defer></script></head><body><main><h1>接口文档</h1>'
            f'<p id="p1">找不到时返回 <a id="a404" href="{site_url}codes/404/">404</a>，'
            f'限流时返回 <a id="a429" href="{site_url}codes/429/index.html">429</a>。</p>'
            f'<p id="p2">参见 <a id="aclass" href="{site_url}classes/4xx/">4xx</a> 和 '
            f'<a id="aother" href="https://example.org/codes/404/">别处的 404</a>。</p></main></body></html>\n')


@pytest.fixture
def sites(tmp_path: Path, content_copy: Path) -> Iterator[tuple[str, str]]:
    """Serve a site (404's description hostile) and, on another port, a page that embeds it; yield both URLs."""
    document = content_copy / "http-status.md"
    lines = document.read_text(encoding="utf-8").split("\n")
    row = next(index for index, line in enumerate(lines) if line.startswith("| 404 "))
    lines[row] = f"| 404 | {HOSTILE} 找不到。 |"
    document.write_text("\n".join(lines), encoding="utf-8")
    cli.build(content_copy, content_copy.parent / "templates", tmp_path / "site", Settings())
    site_server, site_url = serve(tmp_path / "site", PagesHandler)
    (tmp_path / "host").mkdir()
    (tmp_path / "host" / "index.html").write_text(host_page(site_url), encoding="utf-8")
    host_server, host_url = serve(tmp_path / "host")
    yield site_url, host_url
    site_server.shutdown()
    host_server.shutdown()


def card_text(page: object) -> str:
    """Return the text of the visible card (inside its shadow root)."""
    page.wait_for_selector(CARD, state="visible")  # type: ignore[attr-defined]
    return page.evaluate(f"document.querySelector('{CARD}').shadowRoot.lastChild.textContent")  # type: ignore


def boxes(page: object) -> list[list[float]]:
    """Return the boxes of every element of the host page (the card left out)."""
    return page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.id !== 'statusdocs-card')
        .map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })""")  # type: ignore


def test_hovering_a_code_link_shows_its_card_and_moves_nothing(sites: tuple[str, str], page: object) -> None:
    site_url, host_url = sites
    page.goto(host_url)  # type: ignore[attr-defined]
    page.wait_for_function("window.statusdocsEmbed")  # type: ignore[attr-defined]
    before = boxes(page)
    page.hover("#a429")  # type: ignore[attr-defined]
    text = card_text(page)
    assert text.startswith("429 Too Many Requests") and "IANA 已注册" in text
    assert page.get_attribute("#a429", "aria-describedby") == "statusdocs-card"  # type: ignore[attr-defined]
    assert boxes(page) == before  # the host page's layout does not move
    box = page.locator(CARD).bounding_box()  # type: ignore[attr-defined]
    viewport = page.viewport_size  # type: ignore[attr-defined]
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"] and box["y"] >= 0
    page.mouse.move(box["x"] + 5, box["y"] + 5)  # type: ignore[attr-defined]  # onto the card: it stays
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    assert page.locator(CARD).is_visible()  # type: ignore[attr-defined]
    page.mouse.move(1, 1)  # type: ignore[attr-defined]
    page.wait_for_selector(CARD, state="hidden")  # type: ignore[attr-defined]


def test_keyboard_focus_shows_the_card_and_escape_closes_it(sites: tuple[str, str], page: object) -> None:
    _, host_url = sites
    page.goto(host_url)  # type: ignore[attr-defined]
    page.wait_for_function("window.statusdocsEmbed")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    text = card_text(page)
    assert text.startswith("404 Not Found") and "找不到。" in text and "window.__pwned=2" in text
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.wait_for_selector(CARD, state="hidden")  # type: ignore[attr-defined]
    assert page.get_attribute("#a404", "aria-describedby") is None  # type: ignore[attr-defined]


def test_content_inserts_nothing_into_the_host_page(sites: tuple[str, str], page: object) -> None:
    _, host_url = sites
    page.goto(host_url)  # type: ignore[attr-defined]
    page.wait_for_function("window.statusdocsEmbed")  # type: ignore[attr-defined]
    page.hover("#a404")  # type: ignore[attr-defined]
    assert '<img src=x onerror="window.__pwned=1">' in card_text(page)  # shown as text
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    assert page.evaluate(f"document.querySelector('{CARD}').shadowRoot.querySelectorAll('img, script').length") == 0


def test_links_that_are_not_code_pages_get_no_card(sites: tuple[str, str], page: object) -> None:
    _, host_url = sites
    page.goto(host_url)  # type: ignore[attr-defined]
    page.wait_for_function("window.statusdocsEmbed")  # type: ignore[attr-defined]
    for link in ("#aclass", "#aother"):
        page.hover(link)  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        assert not page.locator(CARD).is_visible(), link  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_a_card_open(sites: tuple[str, str], page: object, scheme: str) -> None:
    _, host_url = sites
    page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    page.goto(host_url)  # type: ignore[attr-defined]
    page.wait_for_function("window.statusdocsEmbed")  # type: ignore[attr-defined]
    page.hover("#a429")  # type: ignore[attr-defined]
    card_text(page)
    violations = run_axe(page)
    assert not violations, describe(violations)


def test_a_tap_on_a_touch_screen_follows_the_link(sites: tuple[str, str], browser: object) -> None:
    site_url, host_url = sites
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})  # type: ignore
    try:
        tab = context.new_page()
        tab.goto(host_url)
        tab.wait_for_function("window.statusdocsEmbed")
        tab.tap("#a429")
        tab.wait_for_url(site_url + "codes/429/index.html")
    finally:
        context.close()


def test_embed_script_stays_small(real_site: Path) -> None:
    assert len(gzip.compress((real_site / "embed.js").read_bytes(), 9)) <= 2048


def test_api_record_has_the_summary_shape_preview_clients_read(real_site: Path) -> None:
    record = json.loads((real_site / "api" / "codes" / "429.json").read_text(encoding="utf-8"))
    assert record["title"] == "429 Too Many Requests" and record["extract"] == record["description"]["text"]
    assert record["content_urls"]["desktop"]["page"] == "codes/429/"
    assert record["preview"]["badge"] == "IANA 已注册"
