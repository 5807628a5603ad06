"""The manual in docs/: every command and option is documented, every link resolves, and no page states a figure
that the benchmark did not print (test counts, timings outside the performance page)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]
COMMANDS = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
# A duration written in a page: 0.8 s, 2–3 ms, 5 min. Only the performance page, which the benchmark's figures
# live on, may state one; settings that are not measurements are listed here.
DURATION = re.compile(r"\d[\d.,–-]* ?(?:ms|s|min|seconds|minutes)\b")
SETTINGS = {"150 ms"}  # serve's debounce: saves within it make one rebuild


def help_options(*command: str) -> set[str]:
    """Return the options `python build.py [command] --help` lists, without --help."""
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *command, "--help"], capture_output=True,
                            text=True, check=True, timeout=30)
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", result.stdout)) - {"--help"}


@pytest.mark.parametrize("command", ["", "check", "serve"])
def test_every_command_and_option_is_documented(command: str) -> None:
    words = [command] if command else []
    options = help_options(*words)
    assert options, "no option found in --help: the pattern is wrong"
    prefix = f"python build.py {command} ".replace("  ", " ")
    missing = [option for option in sorted(options)
               if f"`{prefix}{option}" not in COMMANDS and not re.search(rf"`{re.escape(prefix)}[^`]*{option}\b", COMMANDS)]
    assert not missing, f"docs/commands.md does not document {prefix.strip()} {' '.join(missing)}"
    if command:
        assert f"`python build.py {command}`" in COMMANDS


def test_the_readme_is_short_and_points_at_the_manual() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 120
    for page in DOCS:
        assert f"(docs/{page.name})" in readme, f"the README does not link docs/{page.name}"
    assert "## Use your own document" in readme


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_page_states_a_test_count(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"\b\d[\d,]* (?:tests|passed)\b", text), "a test count goes stale; pytest prints it"


@pytest.mark.parametrize("page", [page for page in PAGES if page.name != "performance.md"], ids=lambda page: page.name)
def test_timings_live_on_the_performance_page(page: Path) -> None:
    found = set(DURATION.findall(page.read_text(encoding="utf-8"))) - SETTINGS
    assert not found, f"{page.name} states {sorted(found)}: measured figures belong in docs/performance.md"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_resolves(page: Path) -> None:
    text = re.sub(r"``.*?``|`[^`\n]*`", "", page.read_text(encoding="utf-8"))  # code spans show links, they are none
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name} links {target}, which does not exist"
