"""Every URL in tests/permanent-urls.txt resolves in a build: other docs link to them."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.shipped  # the permanent URLs of the shipped site
URL_LIST = Path(__file__).with_name("permanent-urls.txt")
BASE = "https://example.github.io/statuscodes/"
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
STUB = '<!doctype html><meta charset="utf-8"><title>Moved</title>\n' \
       '<meta http-equiv="refresh" content="0; url={0}">\n<script>location.replace("{0}"{1})</script>\n'


def read_url_list() -> list[str]:
    """Return the committed permanent URLs, relative to the site URL."""
    lines = URL_LIST.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def find_missing_urls(out: Path, urls: list[str]) -> list[str]:
    """Return why each URL does not resolve in the build in `out` (following redirect stubs)."""
    return [f"{url}: {problem}" for url in urls if (problem := resolve_url(out, urljoin(BASE, url)))]


def resolve_url(out: Path, url: str, hops: int = 0) -> str | None:
    """Return why an absolute site URL does not resolve to a file and anchor in `out`, or None."""
    parts = urlsplit(url)
    relative = parts.path[len(urlsplit(BASE).path):]
    path = out / (relative + "index.html" if relative.endswith("/") or not relative else relative)
    if not path.is_file():
        return f"no file {path.relative_to(out).as_posix()}"
    if path.suffix != ".html":
        return None
    html = path.read_text(encoding="utf-8")
    stub = REFRESH.search(html)
    if stub and hops < 3:
        if parts.fragment and "location.hash" not in html:
            return "redirect stub drops the #fragment"
        return resolve_url(out, urljoin(url, stub.group(1)) + (f"#{parts.fragment}" if parts.fragment else ""), hops + 1)
    if parts.fragment and f'id="{parts.fragment}"' not in html:
        return f"no element with id {parts.fragment!r}"
    return None


def test_url_list_covers_every_code_and_class(published_site: Path) -> None:
    urls = set(read_url_list())
    for page in published_site.glob("codes/*/index.html"):
        code = page.parent.name
        assert {f"codes/{code}/", f"./#{code}", f"api/codes/{code}.json"} <= urls
    for page in published_site.glob("classes/*/index.html"):
        assert {f"classes/{page.parent.name}/", f"./#{page.parent.name}"} <= urls
    assert len([url for url in urls if url.startswith("codes/")]) == 87  # 59 source, 6 supplement, 22 non-standard


def test_build_keeps_every_permanent_url(published_site: Path) -> None:
    assert find_missing_urls(published_site, read_url_list()) == []


def test_dropped_page_or_anchor_is_reported(published_site: Path, tmp_path: Path) -> None:
    out = shutil.copytree(published_site, tmp_path / "statuscodes")
    (out / "codes/404/index.html").unlink()
    class_page = out / "classes/4xx/index.html"
    class_page.write_text(class_page.read_text(encoding="utf-8").replace('id="410"', 'id="gone"'), encoding="utf-8")
    assert find_missing_urls(out, read_url_list()) == [
        "codes/404/: no file codes/404/index.html",
        "classes/4xx/#410: no element with id '410'",
    ]


def test_moved_page_needs_a_stub_that_keeps_the_fragment(published_site: Path, tmp_path: Path) -> None:
    out = shutil.copytree(published_site, tmp_path / "statuscodes")
    shutil.move(out / "classes/4xx", out / "classes/client-errors")
    (out / "classes/4xx").mkdir()
    stub = out / "classes/4xx/index.html"
    stub.write_text(STUB.format("../client-errors/", ""), encoding="utf-8")
    assert "classes/4xx/#404: redirect stub drops the #fragment" in find_missing_urls(out, read_url_list())
    stub.write_text(STUB.format("../client-errors/", " + location.hash"), encoding="utf-8")
    assert find_missing_urls(out, read_url_list()) == []
