"""Shared fixtures: the project's folders, a built copy of the real site, Chromium, a local HTTP server."""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import build
from statusdocs.model import Settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
# Codes that only content/unofficial.md describes: the non-standard codes seen in logs.
UNOFFICIAL_CODES = {int(code) for code in re.findall(r"^\| (\d{3}) \|", (CONTENT / "unofficial.md").read_text(
    encoding="utf-8"), re.M)} - {451, 509}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real content once per test run; tests must not change it."""
    out = tmp_path_factory.mktemp("real") / "site"
    build.build(CONTENT, TEMPLATES, out, Settings())
    return out


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """Return a writable copy of content/ (and templates/ beside it) for tests that edit content."""
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path / "content"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Start headless Chromium: Debian's /usr/bin/chromium where present, else Playwright's own."""
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("Playwright is missing: install the test extras with pip install -e '.[test]'")
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_api.sync_playwright() as playwright:
        options = {"executable_path": executable} if Path(executable).exists() else {}
        try:
            instance = playwright.chromium.launch(args=CHROMIUM_ARGS, **options)
        except Exception as error:  # noqa: BLE001 - turned into one clear message
            pytest.fail(f"no Chromium to run the browser tests: install Debian's chromium "
                        f"(apt-get install -y chromium) or run `playwright install chromium` ({error})")
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
    build.build(CONTENT, TEMPLATES, out, Settings(site_url=PUBLISHED_URL))
    return out
