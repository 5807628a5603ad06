"""The site URL and the permanent URL of every page: what other docs link to."""
from __future__ import annotations

import html
from urllib.parse import urlsplit


def normalize_site_url(url: str) -> str:
    """Return `url` with a trailing slash; "" stays ""; raise ValueError for anything but http(s)."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise ValueError(f"{url!r} is not an absolute http(s) URL such as https://user.github.io/repo/")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r} has a query or fragment; give the folder the site is published at")
    return url if url.endswith("/") else url + "/"


def site_path(site_url: str) -> str:
    """Return the path part of the site URL ("/repo/"), "/" when there is none."""
    path = urlsplit(site_url).path if site_url else "/"
    return path if path.endswith("/") else path + "/"


def page_url(path: str, site_url: str) -> str:
    """Return the permanent URL of an output file: "codes/404/index.html" -> site URL + "codes/404/"."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return site_url + path


def code_url(code: int, site_url: str) -> str:
    """Return the permalink of a code: absolute with a site URL, else relative to the site root."""
    return f"{site_url}codes/{code}/"


def class_url(label: str, site_url: str) -> str:
    """Return the permalink of a class such as 4xx."""
    return f"{site_url}classes/{label}/"


def link_snippets(title: str, url: str) -> dict[str, str]:
    """Return ready-to-paste links to a page, in Markdown and in HTML."""
    markdown_title = title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return {"Markdown": f"[{markdown_title}]({url})",
            "HTML": f'<a href="{html.escape(url)}">{html.escape(title)}</a>'}
