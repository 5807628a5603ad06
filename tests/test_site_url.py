"""--site-url: validated; canonical and og: tags, sitemap.xml and robots.txt only with it."""
from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from statusdocs.output.urls import normalize_site_url
import support

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.github.io/statuscodes/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def run_build(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run build.py as a user would, into tmp_path/site."""
    return support.run_build("--out", str(tmp_path / "site"), *args, cwd=ROOT)


@pytest.mark.parametrize("url", ["example.github.io/repo", "ftp://example.org/", "/repo/", "https://",
                                 "https://example.org/a b/", "https://example.org/?x=1", "https://x.org/#top",
                                 "https://example.com/a?", "https://example.com/a#", "https://x.org/a/../b/",
                                 "https://x.org/./b/", "https://x.org:65536/", "https://x.org:http/",
                                 "https://user:pass@x.org/", "https://user@x.org/", "https://x.org/a\x07b/",
                                 "https://x.org/\x7f/", "https://" + "a" * 64 + ".org/"])
def test_bad_site_url_is_one_line_error(tmp_path: Path, url: str) -> None:
    result = run_build(tmp_path, "--site-url", url)
    assert result.returncode == 2
    assert result.stderr.startswith("error: --site-url: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(("given", "normalized"), [
    ("https://user.github.io/repo", "https://user.github.io/repo/"),
    ("https://user.github.io/repo/", "https://user.github.io/repo/"),
    ("http://example.org", "http://example.org/"),
    ("", ""),
    ("https://例子.测试/文档", "https://xn--fsqu00a.xn--0zwm56d/%E6%96%87%E6%A1%A3/"),
    ("HTTPS://Example.ORG:8080/a%20b/", "https://example.org:8080/a%20b/"),
    ("http://[::1]:8000/docs", "http://[::1]:8000/docs/"),
])
def test_site_url_has_one_spelling(given: str, normalized: str) -> None:
    assert normalize_site_url(given) == normalized


def test_build_without_trailing_slash_links_under_the_folder(tmp_path: Path) -> None:
    assert run_build(tmp_path, "--site-url", "https://user.github.io/repo").returncode == 0
    page = (tmp_path / "site/codes/404/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://user.github.io/repo/codes/404/">' in page


def html_pages(out: Path) -> list[Path]:
    """Return every HTML page of a build but the error page."""
    return [path for path in sorted(out.rglob("*.html")) if path.name != "404.html"]


def page_url(out: Path, path: Path) -> str:
    """Return the published URL of a built page."""
    return SITE_URL + path.relative_to(out).as_posix().removesuffix("index.html")


def test_every_page_has_canonical_and_og_tags(published_site: Path) -> None:
    pages = html_pages(published_site)
    assert len(pages) == 1 + 87 + 5
    for path in pages:
        html = path.read_text(encoding="utf-8")
        url = page_url(published_site, path)
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        description = re.search(r'<meta name="description" content="(.*?)">', html).group(1)
        assert f'<link rel="canonical" href="{url}">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert f'<meta property="og:title" content="{title}">' in html
        assert f'<meta property="og:description" content="{description}">' in html


def test_error_page_claims_no_url_and_is_not_indexed(published_site: Path) -> None:
    html = (published_site / "404.html").read_text(encoding="utf-8")
    assert "canonical" not in html and "og:url" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_sitemap_lists_every_page(published_site: Path) -> None:
    tree = ElementTree.parse(published_site / "sitemap.xml")
    listed = [element.text for element in tree.getroot().iter(f"{SITEMAP}loc")]
    assert listed == sorted(page_url(published_site, path) for path in html_pages(published_site))
    assert SITE_URL in listed and f"{SITE_URL}codes/404/" in listed and f"{SITE_URL}classes/4xx/" in listed


def test_robots_txt_points_to_the_sitemap(published_site: Path) -> None:
    robots = (published_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def test_without_site_url_no_page_claims_a_host(real_site: Path) -> None:
    assert not (real_site / "sitemap.xml").exists() and not (real_site / "robots.txt").exists()
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "canonical" not in html and "og:" not in html, path
        assert "example.github.io" not in html


def test_error_page_links_start_at_the_site_path(published_site: Path) -> None:
    html = (published_site / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]+)"', html)
    internal = [link for link in links if not link.startswith("https://")]
    assert internal and all(link.startswith("/statuscodes/") for link in internal), internal
