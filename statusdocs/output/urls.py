"""The site URL and the permanent URL of every page: what other docs link to."""
from __future__ import annotations

import html
from urllib.parse import SplitResult, quote, unquote, urlsplit

# Characters a URL path may hold as they are (RFC 3986 pchar and /); `%` keeps existing escapes.
PATH_SAFE = "/%:@!$&'()*+,;=-._~"
# Said to the site's owner by `build` and `check`, never to a reader: a page offers the address it is served at.
NO_SITE_URL = ("without --site-url there are no permanent links: build with --site-url https://user.github.io/repo/ "
               "to add permalinks, canonical links and sitemap.xml")


def normalize_site_url(url: str) -> str:
    """Return `url` in its one spelling (IDNA host, percent-encoded path, trailing slash); "" stays "".

    Raise ValueError for anything but a plain http(s) folder URL.
    """
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not url.isprintable() \
            or any(c.isspace() for c in url):
        raise ValueError(f"{url!r} is not an absolute http(s) URL such as https://user.github.io/repo/")
    if "?" in url or "#" in url:
        raise ValueError(f"{url!r} has a query or fragment; give the folder the site is published at")
    if "@" in parts.netloc:
        raise ValueError(f"{url!r} holds a user name or password; give the public URL of the site")
    if {".", ".."} & set(unquote(parts.path).split("/")):
        raise ValueError(f"{url!r} has a . or .. segment; give the folder's own path")
    path = quote(parts.path, safe=PATH_SAFE)
    return f"{parts.scheme}://{normalize_host(url, parts)}{path if path.endswith('/') else path + '/'}"


def normalize_host(url: str, parts: SplitResult) -> str:
    """Return the host (IDNA-encoded, lower case) and port of a split URL."""
    try:
        port = parts.port
        host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    except (ValueError, UnicodeError) as error:  # a port out of range, a host name IDNA cannot encode
        raise ValueError(f"{url!r} has a bad host or port ({error})") from None
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port is not None else host


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
