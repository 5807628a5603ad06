"""`build.py check`: content lint, registry cross-check, and every internal link and `#anchor` resolving."""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .acknowledged import Acknowledgment, read_acknowledgments
from ..cache import Cache
from ..read.files import PACKAGED_REGISTRY, registry_notice
from .registry_lint import cross_check_facts, cross_check_registry, list_assigned_vendor_codes, list_expired_registrations
from ..model import ContentError, Settings, Site, split_problem
from ..pipeline import LoadedSite, load_site
from ..records import find_misquoting_notes
from ..output.render import render_pages
from ..output.write import write_tree

LOCATION = re.compile(r"(.*?)(?::(\d+))?")
# Levels in the order findings are listed: an error fails `check`, a warning fails `check --strict`,
# a note (a fact the editor may want to know, such as an expired registration left undocumented) fails neither,
# and neither does a warning or note that content/check/acknowledged.md acknowledges with a reason.
LEVELS = ("error", "warning", "note", "acknowledged")
ACKNOWLEDGEABLE = ("warning", "note")  # an error is never acknowledged: it has to be fixed
# The workflow command each level is annotated with on GitHub: only `error` fails the job (`check` exits 1).
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "note": "notice", "acknowledged": "notice"}


@dataclass(frozen=True)
class Finding:
    """One problem `check` reports."""

    location: str  # "content/http-status.md:71"
    level: str  # one of LEVELS
    message: str

    def __str__(self) -> str:
        """Return `path:line: level: message`."""
        return f"{self.location}: {self.level}: {self.message}"

    def github(self, folders: tuple[Path, ...]) -> str:
        """Return the finding as a GitHub workflow command: an annotation on the file and line that hold it."""
        path, line = LOCATION.fullmatch(self.location).groups()  # type: ignore[union-attr]
        file = repository_file(path, folders)
        message = ("acknowledged: " if self.level == "acknowledged" else "") + self.message
        if not file:  # a page of the temporary build, a folder outside the checkout: said in the message
            return f"::{GITHUB_COMMANDS[self.level]}::{escape_data(f'{self.location}: {message}')}"
        properties = f"file={escape_property(file)}" + (f",line={line}" if line else "")
        return f"::{GITHUB_COMMANDS[self.level]} {properties}::{escape_data(message)}"


def source_folders(content: Path, templates: Path) -> tuple[Path, ...]:
    """Return the folders a finding's path is relative to: `content/…`, `templates/…`, `statusdocs/registry.csv`."""
    return content.parent, templates.parent, PACKAGED_REGISTRY.parent.parent


def repository_file(path: str, folders: tuple[Path, ...]) -> str | None:
    """Return the file a finding's path names, relative to the working directory (the checkout), or None."""
    here = Path.cwd().resolve()
    for folder in folders:
        try:
            file = (folder / path).resolve()
            if file.is_file() and file.is_relative_to(here):
                return file.relative_to(here).as_posix()
        except (OSError, ValueError):  # a location that is no file name (a NUL byte, a name over 255 bytes)
            continue
    return None


def escape_data(text: str) -> str:
    """Escape a workflow command's message as GitHub's runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (a file name), where `:` and `,` end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def run_checks(content: Path, templates: Path, settings: Settings, cache: Cache) -> list[Finding]:
    """Read the content as a build does, lint it, cross-check it with the registry, build it into a temporary
    folder, check links."""
    loaded = load_site(content, cache)
    findings = check_content(loaded, content)
    if loaded.site:
        findings += check_build(loaded.site, templates, settings, cache)
    acknowledgments, problems = read_acknowledgments(content)
    return sort_findings(acknowledge(findings, acknowledgments) + to_findings(problems, "error"))


def acknowledge(findings: list[Finding], acknowledgments: list[Acknowledgment]) -> list[Finding]:
    """Mark each warning or note that an acknowledgment names, with its reason; warn of acknowledgments left over."""
    named = {acknowledgment.message: acknowledgment for acknowledgment in acknowledgments}
    marked, used = [], set()
    for finding in findings:
        acknowledgment = named.get(finding.message) if finding.level in ACKNOWLEDGEABLE else None
        if acknowledgment:
            used.add(acknowledgment.message)
            finding = Finding(finding.location, "acknowledged",
                              f"{finding.message} ({acknowledgment.source}: {acknowledgment.reason})")
        marked.append(finding)
    return marked + [Finding(acknowledgment.source, "warning", f"\"{acknowledgment.message}\" is acknowledged, "
                             "but check finds no such warning or note: remove the row")
                     for acknowledgment in acknowledgments if acknowledgment.message not in used]


def check_content(loaded: LoadedSite, content: Path) -> list[Finding]:
    """Return the findings of what was read from `content`: its problems, and the lint of its rows and facts."""
    errors = to_findings(list(loaded.problems), "error")
    documents, registry, reference = loaded.documents, loaded.registry, loaded.reference
    if documents is None or registry is None:  # nothing was read to lint
        return sort_findings(errors)
    warnings = cross_check_registry(documents, registry, date.today()) + cross_check_facts(documents, reference)
    notes = list_expired_registrations(documents, registry, date.today())
    notes += list_assigned_vendor_codes(documents, registry) + find_misquoting_notes(documents, reference)
    notes += [notice for notice in [registry_notice(content)] if notice]  # the packaged registry is used
    return sort_findings(errors + to_findings(warnings, "warning") + to_findings(notes, "note"))


def check_build(site: Site, templates: Path, settings: Settings, cache: Cache) -> list[Finding]:
    """Build the site into a temporary folder and return its template errors or broken links."""
    with tempfile.TemporaryDirectory(prefix="statusdocs-check-") as folder:
        try:
            write_tree(render_pages(site, templates, settings, cache), Path(folder))
        except ContentError as error:
            return to_findings(error.problems, "error")
        return to_findings(find_broken_links(Path(folder)), "error")


def to_findings(problems: list[str], level: str) -> list[Finding]:
    """Turn `path:line: message` lines into findings of one level."""
    return [Finding(location, level, message)
            for location, message in (split_problem(problem) for problem in problems)]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings: by level (errors first), then content files before the registry, then by file and line."""
    def key(finding: Finding) -> tuple[int, bool, str, int]:
        path, line = LOCATION.fullmatch(finding.location).groups()  # type: ignore[union-attr]
        return LEVELS.index(finding.level), not path.endswith(".md"), path, int(line or 0)
    return sorted(findings, key=key)


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
    try:
        parts = urlsplit(link)
    except ValueError:  # `http://[x/`: a host no browser can reach
        return f"link {link} is not a valid URL"
    if parts.scheme or parts.netloc or page.name == "404.html":
        return None  # other hosts; the 404 page's root-relative links are checked over HTTP
    target = find_target(page, unquote(parts.path)) if parts.path else page
    if target and target.is_dir():
        return f"link {link} names a folder, which does not open index.html from disk"
    if not target or not target.is_file() or out not in target.parents:
        return f"link {link} points to a missing file"
    fragment = unquote(parts.fragment)
    if fragment and target in pages and fragment not in pages[target].ids:
        return f"link {link} points to a missing anchor #{fragment}"
    return None


def find_target(page: Path, path: str) -> Path | None:
    """Return the file a link's path names from `page`, None when no file can have that name."""
    try:
        target = (page.parent / path).resolve()
        target.is_dir()  # a name over the file system's limit fails here, if not in resolve()
    except (OSError, ValueError):  # a NUL byte (`%00`), a segment over 255 bytes
        return None
    return target
