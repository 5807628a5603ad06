"""Serve the published build under /statuscodes/ like GitHub Pages and crawl it over HTTP."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from conftest import PUBLISHED_URL


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like GitHub Pages: a missing URL under the site gets the site's 404.html."""

    not_found_page: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer 404 with the site's error page, anything else as usual."""
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Stay silent."""


class PageParser(HTMLParser):
    """Collects the links, assets and ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record href, src, form action and id."""
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag == "form" and name == "action")):
                self.links.append(value)
            elif name == "id" and value:
                self.ids.add(value)


@pytest.fixture(scope="module")
def pages_url(published_site: Path) -> Iterator[str]:
    """Serve the folder above the build, so the site sits under /statuscodes/; yield its URL."""
    handler = type("Handler", (PagesHandler,), {"not_found_page": published_site / "404.html"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(published_site.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/statuscodes/"
    server.shutdown()


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET `url`; return the status, content type and body, also for error statuses."""
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def parse_page(body: bytes) -> PageParser:
    """Parse one HTML page."""
    parser = PageParser()
    parser.feed(body.decode("utf-8"))
    return parser


def local_url(link: str, page: str, base: str) -> str | None:
    """Return where a link from `page` leads on the local server; None for other hosts."""
    url = urljoin(page, link)
    if url.startswith(PUBLISHED_URL):  # canonical links and permalinks name the published host
        url = base + url[len(PUBLISHED_URL):]
    return url if url.startswith(base.split("/statuscodes/")[0] + "/") else None


def crawl(base: str) -> tuple[dict[str, PageParser], list[str]]:
    """Fetch every page and asset reachable from `base`; return the pages and the problems found."""
    pages: dict[str, PageParser] = {}
    problems, queue, seen, anchors = [], [base], {base}, []
    while queue:
        url = queue.pop()
        status, kind, body = fetch(url)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        if kind != "text/html":
            continue
        pages[url] = parse_page(body)
        for link in pages[url].links:
            target, fragment = urldefrag(local_url(link, url, base) or "")
            if not target:
                continue
            anchors += [(url, target, fragment)] if fragment else []
            if target not in seen:
                seen.add(target)
                queue.append(target)
    problems += [f"{page}: #{fragment} missing on {target}" for page, target, fragment in anchors
                 if target in pages and fragment not in pages[target].ids]
    return pages, problems


def test_every_page_link_and_asset_resolves(pages_url: str, published_site: Path) -> None:
    pages, problems = crawl(pages_url)
    assert problems == []
    built = {path for path in published_site.rglob("*.html") if path.name != "404.html"}
    reached = {published_site / (urlsplit(url).path.removeprefix("/statuscodes/") or ".") for url in pages}
    reached = {path / "index.html" if path.suffix != ".html" else path for path in reached}
    assert reached == built


def test_sitemap_and_robots_resolve(pages_url: str) -> None:
    status, kind, body = fetch(pages_url + "sitemap.xml")
    assert status == 200
    locations = [part.split("</loc>")[0] for part in body.decode().split("<loc>")[1:]]
    assert len(locations) == 93  # index, 5 classes, 59 source, 6 supplement and 22 non-standard codes
    assert all(fetch(local_url(location, pages_url, pages_url))[0] == 200 for location in locations)
    assert f"Sitemap: {PUBLISHED_URL}sitemap.xml" in fetch(pages_url + "robots.txt")[2].decode()


@pytest.mark.parametrize("missing", ["codes/999/", "404", "a/b/c/page.html", "classes/9xx/index.html"])
def test_missing_url_gets_the_error_page_with_working_links(pages_url: str, missing: str) -> None:
    url = pages_url + missing
    status, kind, body = fetch(url)
    assert (status, kind) == (404, "text/html") and "找不到这个页面".encode() in body
    links = [local_url(link, url, pages_url) for link in parse_page(body).links]
    internal = [link for link in links if link]
    assert len(internal) >= 4  # stylesheet, home, search form, the 404 code page
    assert {link: fetch(urldefrag(link)[0])[0] for link in internal} == {link: 200 for link in internal}
