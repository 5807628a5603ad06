"""Rendered pages -> `sitemap.xml` and `robots.txt`, made only when the site URL is known."""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .urls import page_url


def build_sitemap(paths: Iterable[str], site_url: str) -> dict[str, str]:
    """Return the sitemap of every HTML page but the error page, and a robots.txt naming it."""
    if not site_url:
        return {}
    urls = sorted(page_url(path, site_url) for path in paths if path.endswith(".html") and path != "404.html")
    entries = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in urls)
    return {
        "sitemap.xml": '<?xml version="1.0" encoding="UTF-8"?>\n'
                       f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n',
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n",
    }
