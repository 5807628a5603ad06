"""Shared fixtures: the project's folders, a built copy of the real site, Chromium, a local HTTP server."""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from statusdocs import cli
from browser import ChromiumMissing, launch_chromium
from statusdocs.model import Settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
# Codes that only content/unofficial.md describes: the non-standard codes seen in logs.
UNOFFICIAL = CONTENT / "unofficial.md"  # shipped: a folder of one's own may have none, and the tests still load
UNOFFICIAL_CODES = {int(code) for code in re.findall(r"^\| (\d{3}) \|", UNOFFICIAL.read_text(encoding="utf-8"), re.M)
                    } - {451, 509} if UNOFFICIAL.exists() else set()


def pytest_configure(config: pytest.Config) -> None:
    """Mark browser tests slow and let long tests say what they do (`slow("...")`)."""
    config.pluginmanager.register(SlowTests(config), "statusdocs-slow-tests")


class SlowTests:
    """Marks every test that drives the browser as slow, and prints what a long test does as it starts."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.progress: dict[str, str] = {}  # node id -> what the test does, from slow("...")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Add the slow marker to browser tests; keep each long test's description."""
        for item in items:
            if "browser" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.slow)
            said = next((marker.args[0] for marker in item.iter_markers("slow") if marker.args), None)
            if said:
                self.progress[item.nodeid] = said

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logstart(self, nodeid: str) -> None:
        """Print a long test's description on its own line before it runs, so the wait is not taken for a hang."""
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if nodeid in self.progress and reporter:
            reporter.ensure_newline()
            if reporter._tw.width_of_current_line:  # -q writes dots with no file name: end their line too
                reporter.write("\n")
            reporter.write(f"{nodeid} ({self.progress[nodeid]}) ")  # the test's result ends the line


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real content once per test run; tests must not change it."""
    out = tmp_path_factory.mktemp("real") / "site"
    cli.build(CONTENT, TEMPLATES, out, Settings())
    return out


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """Return a writable copy of content/ (and templates/ beside it) for tests that edit content."""
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path / "content"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Start headless Chromium, found as tests/browser.py says; fail in one line when there is none."""
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("Playwright is missing: install the test extras with .venv/bin/pip install -e '.[test]'",
                    pytrace=False)
    with sync_api.sync_playwright() as playwright:
        try:
            instance = launch_chromium(playwright)
        except ChromiumMissing as error:  # one line saying what to install, without the traceback
            raise pytest.fail.Exception(str(error), pytrace=False) from None
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """Open a fresh browser page; fail the test on any uncaught page error."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` over HTTP on a free port of 127.0.0.1; return the server and its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Stay silent."""


@pytest.fixture(scope="session")
def real_site_url(real_site: Path) -> Iterator[str]:
    """Serve the real site over HTTP for the whole run; yield its base URL."""
    server, url = serve_folder(real_site)
    yield url
    server.shutdown()


PUBLISHED_URL = "https://example.github.io/statuscodes/"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real content as GitHub Pages would publish it, into <tmp>/statuscodes."""
    out = tmp_path_factory.mktemp("published") / "statuscodes"
    cli.build(CONTENT, TEMPLATES, out, Settings(site_url=PUBLISHED_URL))
    return out
