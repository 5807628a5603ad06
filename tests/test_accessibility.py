"""axe-core (pinned in package.json, installed with `npm ci`) finds no WCAG 2.1 A/AA violation, light or dark."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def do_nothing(page: object) -> None:
    """Leave the page as it loaded."""


def open_search(page: object) -> None:
    """Type a query that lists several highlighted results, and wait for the list."""
    page.fill("#q", "40")  # type: ignore[attr-defined]
    page.wait_for_selector("#search-results a[role=option]")  # type: ignore[attr-defined]


PAGES = ["index.html", "classes/4xx/index.html", "codes/404/index.html", "codes/401/index.html", "404.html"]
# Each state is a page and what to do there before axe looks.
STATES: list[tuple[str, Callable[[object], None]]] = [
    (path, action) for path in PAGES for action in (do_nothing, open_search)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "action"), STATES, ids=[f"{path}-{action.__name__}" for path, action in STATES])
def test_axe_finds_no_wcag_violations(page: object, real_site_url: str, path: str,
                                      action: Callable[[object], None], scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    page.goto(real_site_url + path)  # type: ignore[attr-defined]
    action(page)
    violations = run_axe(page)
    assert not violations, f"axe on {path} ({scheme}):\n" + describe(violations)


def test_axe_finds_a_violation(page: object, real_site_url: str) -> None:
    page.goto(real_site_url + "index.html")  # type: ignore[attr-defined]
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "  # type: ignore[attr-defined]
                  "'<p style=\"color: #ccc\">faint</p>')")
    assert "color-contrast" in {violation["id"] for violation in run_axe(page)}


def run_axe(page: object) -> list[dict]:
    """Inject axe-core into the page and return its WCAG 2.1 A/AA violations."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the repository top", pytrace=False)
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """Return each violation's rule, help text and the first few offending elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '')}".replace("\n", " "))
    return "\n".join(lines)
