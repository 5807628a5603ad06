"""The "链接到本页" box of a code page: permalink and snippets, copy buttons, small pages."""
from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from statusdocs import cli
from conftest import PUBLISHED_URL, ROOT, serve_folder

PAGE_BUDGET = 10 * 1024  # gzip bytes of a code page's first visit: HTML, CSS and JS together


@pytest.fixture(scope="module")
def published_url(published_site: Path) -> Iterator[str]:
    """Serve the published build under /statuscodes/; yield its local URL."""
    server, url = serve_folder(published_site.parent)
    yield url + "statuscodes/"
    server.shutdown()


@pytest.fixture
def clipboard_page(browser: object) -> Iterator[object]:
    """Open a page allowed to use the clipboard; fail on any uncaught page error."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors


def field_values(html: str) -> dict[str, str]:
    """Return the link box's fields by id, as the browser shows them."""
    import html as html_module
    return {name: html_module.unescape(value)
            for name, value in re.findall(r'<input id="(link-[a-z]+)" readonly value="([^"]*)">', html)}


def test_box_shows_absolute_permalink_and_snippets(published_site: Path) -> None:
    html = (published_site / "codes/404/index.html").read_text(encoding="utf-8")
    url = f"{PUBLISHED_URL}codes/404/"
    assert field_values(html) == {"link-url": url, "link-markdown": f"[404 Not Found]({url})",
                                  "link-html": f'<a href="{url}">404 Not Found</a>'}


def test_without_site_url_no_link_that_breaks_when_pasted_is_offered(real_site: Path) -> None:
    """A local build offers no `codes/306/`, which works nowhere, and tells its readers nothing meant for its owner."""
    for page in sorted(real_site.glob("codes/*/index.html")):
        html = page.read_text(encoding="utf-8")
        assert field_values(html) == {"link-url": ""} and "](codes/" not in html and 'href="codes/' not in html
        assert '<section class="cite" aria-labelledby="cite" data-served hidden>' in html, page  # until served
        assert "build.py" not in html and "--site-url" not in html, page


OWNER_ADVICE = ("without --site-url there are no permanent links: build with --site-url https://user.github.io/repo/ "
                "to add permalinks, canonical links and sitemap.xml")


def test_the_owner_is_told_by_build_and_check_not_by_the_pages(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "registry.csv", content)
    (content / "codes.md").write_text("| code | 描述 |\n| --- | --- |\n| 404 | 找不到 |\n", encoding="utf-8")
    options = ["--content", str(content), "--out", str(tmp_path / "site")]
    assert cli.main(options) == 0
    assert capsys.readouterr().out.endswith(f" s ({OWNER_ADVICE})\n")
    assert cli.main([*options, "--site-url", PUBLISHED_URL]) == 0
    assert re.fullmatch(r"built \d+ files into .* in \d+\.\d\d s\n", capsys.readouterr().out)
    assert cli.main(["check", "--content", str(content)]) == 0
    assert f"note: {OWNER_ADVICE}\n" in capsys.readouterr().err


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_without_site_url_the_box_offers_the_served_address(real_site: Path, real_site_url: str, page: object,
                                                             scheme: str) -> None:
    """Over http(s) the box shows the page's address as served; from disk it shows none."""
    base = real_site_url if scheme == "http" else real_site.as_uri() + "/"
    page.goto(base + "codes/404/index.html?q=x#top")  # type: ignore[attr-defined]
    served = page.locator("[data-served]")  # type: ignore[attr-defined]
    if scheme == "http":
        assert served.is_visible() and page.input_value("#link-url") == real_site_url + "codes/404/"  # type: ignore
    else:
        assert not served.is_visible()


@pytest.mark.parametrize("field", ["link-url", "link-markdown", "link-html"])
def test_copy_button_copies_its_field(clipboard_page: object, published_url: str, field: str) -> None:
    clipboard_page.goto(published_url + "codes/404/index.html")
    expected = clipboard_page.input_value(f"#{field}")
    button = clipboard_page.locator(f'button[data-copy="{field}"]')
    button.click()
    assert clipboard_page.evaluate("navigator.clipboard.readText()") == expected
    assert button.text_content() == "已复制"


@pytest.mark.parametrize(("field", "expected"), [
    ("const-python", "HTTPStatus.TOO_MANY_REQUESTS"), ("const-symfony", "Response::HTTP_TOO_MANY_REQUESTS"),
    ("const-node", "http.STATUS_CODES[429]"), ("example-head", "HTTP/1.1 429 Too Many Requests\nRetry-After: 120"),
])
def test_copy_button_copies_a_constant_or_the_example(clipboard_page: object, published_url: str, field: str,
                                                      expected: str) -> None:
    clipboard_page.goto(published_url + "codes/429/index.html")
    clipboard_page.click(f'button[data-copy="{field}"]')
    assert clipboard_page.evaluate("navigator.clipboard.readText()") == expected


def test_copy_of_a_constant_falls_back_to_a_selection(clipboard_page: object, published_url: str) -> None:
    clipboard_page.add_init_script("""
        Object.defineProperty(navigator, "clipboard", {value: undefined});
        document.addEventListener("copy", () => { window.copied = String(getSelection()); });""")
    clipboard_page.goto(published_url + "codes/429/index.html")
    clipboard_page.click('button[data-copy="const-go"]')
    assert clipboard_page.evaluate("window.copied") == "http.StatusTooManyRequests"


def test_copy_falls_back_without_the_clipboard_api(clipboard_page: object, published_url: str) -> None:
    clipboard_page.add_init_script("""
        Object.defineProperty(navigator, "clipboard", {value: undefined});
        document.addEventListener("copy", (event) => {
          const field = event.target;
          window.copied = field.value.slice(field.selectionStart, field.selectionEnd);
        });""")
    clipboard_page.goto(published_url + "codes/404/index.html")
    clipboard_page.click('button[data-copy="link-markdown"]')
    assert clipboard_page.evaluate("window.copied") == f"[404 Not Found]({PUBLISHED_URL}codes/404/)"


def test_without_javascript_no_dead_buttons(browser: object, published_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(published_url + "codes/404/index.html")
    assert tab.locator("button[data-copy]").count() == 3 + 1 + 8  # the link box, the example, the constants
    assert not any(button.is_visible() for button in tab.locator("button[data-copy]").all())
    assert tab.locator("#link-url").is_visible()
    context.close()


def first_visit_bytes(page: Path) -> int:
    """Return the gzip size of a page and of every stylesheet and script it loads."""
    html = page.read_text(encoding="utf-8")
    assets = re.findall(r'<(?:link rel="(?:stylesheet|icon)" href|script[^>]* src)="([^"]+)"', html)
    files = [page] + [(page.parent / asset).resolve() for asset in assets]
    assert len(files) == 5, assets  # the page, style.css, favicon.svg, search.js and copy.js
    return sum(len(gzip.compress(path.read_bytes(), 9)) for path in files)


def test_code_pages_stay_small(published_site: Path) -> None:
    sizes = {page: first_visit_bytes(page) for page in published_site.glob("codes/*/index.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < PAGE_BUDGET, f"{largest}: {sizes[largest]} bytes gzip"
