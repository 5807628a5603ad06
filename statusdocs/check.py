"""Checks of a built site: every internal link and `#anchor` resolves."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class LinkCollector(HTMLParser):
    """Collects the link targets and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []  # (line, href or src)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the href, src and id of one element."""
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((self.getpos()[0], value))
            elif name == "id" and value:
                self.ids.add(value)


def find_broken_links(out: Path) -> list[str]:
    """Return `path:line: message` for every internal link or anchor in `out` that does not resolve."""
    out = out.resolve()
    pages = {path: collect_links(path) for path in sorted(out.rglob("*.html"))}
    problems = []
    for path, collector in pages.items():
        for line, link in collector.links:
            problem = check_link(out, path, link, pages)
            if problem:
                problems.append(f"{path.relative_to(out).as_posix()}:{line}: {problem}")
    return problems


def collect_links(path: Path) -> LinkCollector:
    """Parse one page's links and ids."""
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def check_link(out: Path, page: Path, link: str, pages: dict[Path, LinkCollector]) -> str | None:
    """Return why one link from `page` does not resolve, or None when it does."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or page.name == "404.html":
        return None  # other hosts; the 404 page's root-relative links are checked over HTTP
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        return f"link {link} names a folder, which does not open index.html from disk"
    if not target.is_file() or out not in target.parents:
        return f"link {link} points to a missing file"
    fragment = unquote(parts.fragment)
    if fragment and target in pages and fragment not in pages[target].ids:
        return f"link {link} points to a missing anchor #{fragment}"
    return None
