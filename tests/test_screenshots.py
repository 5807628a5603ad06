"""Pages fit phone and desktop widths without sideways scrolling; screenshots land where the README says."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Screenshots for a reviewer to look at; STATUSDOCS_SCREENSHOTS moves them (never into site/).
SHOTS = Path(os.environ.get("STATUSDOCS_SCREENSHOTS") or ROOT / "screenshots")
WIDTHS = [390, 1280]
SCROLLS_SIDEWAYS = "document.scrollingElement.scrollWidth > window.innerWidth"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "name"), [("index.html", "index"), ("codes/406/index.html", "code-406")])
def test_screenshot_shows_no_sideways_scrolling(page: object, real_site_url: str, path: str, name: str,
                                               width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})  # type: ignore[attr-defined]
    page.emulate_media(color_scheme="light")  # type: ignore[attr-defined]
    page.goto(real_site_url + path)  # type: ignore[attr-defined]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)  # type: ignore[attr-defined]
    assert not page.evaluate(SCROLLS_SIDEWAYS), f"{path} scrolls sideways at {width} px"  # type: ignore[attr-defined]


def test_no_page_scrolls_sideways_on_a_phone(page: object, real_site: Path, real_site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})  # type: ignore[attr-defined]
    wide = []
    for html in sorted(real_site.rglob("*.html")):
        page.goto(real_site_url + html.relative_to(real_site).as_posix())  # type: ignore[attr-defined]
        if page.evaluate(SCROLLS_SIDEWAYS):  # type: ignore[attr-defined]
            wide.append(html.relative_to(real_site).as_posix())
    assert not wide, f"these pages scroll sideways at 390 px: {wide}"


def test_sideways_scrolling_is_detected(page: object, real_site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})  # type: ignore[attr-defined]
    page.goto(real_site_url + "index.html")  # type: ignore[attr-defined]
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "  # type: ignore[attr-defined]
                  "'<pre>' + 'x'.repeat(200) + '</pre>')")
    assert page.evaluate(SCROLLS_SIDEWAYS)  # type: ignore[attr-defined]
