"""Find the Chromium that the browser tests and the benchmarks drive (the build never needs one)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

VARIABLE = "STATUSDOCS_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome")  # looked up on the PATH, in this order
# Where macOS keeps the browsers, which put nothing on the PATH.
APPLICATIONS = ("/Applications/Chromium.app/Contents/MacOS/Chromium",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INSTALL = ("install one (Debian: apt-get install chromium; macOS: brew install --cask google-chrome; "
           f"Playwright's own: .venv/bin/python -m playwright install chromium) or set {VARIABLE} to one")


class ChromiumMissing(Exception):
    """No Chromium could be found or started; the text says what to install, in one line."""


def find_chromium(playwright: Any) -> str | None:
    """Return the browser to launch: $STATUSDOCS_CHROMIUM, None for Playwright's own, else one on the PATH."""
    given = os.environ.get(VARIABLE)
    if given:
        if not Path(given).is_file():
            raise ChromiumMissing(f"{VARIABLE}={given} is not a file: set it to a Chrome or Chromium executable")
        return given
    if Path(playwright.chromium.executable_path).is_file():
        return None
    for found in [shutil.which(name) for name in NAMES] + list(APPLICATIONS):
        if found and Path(found).is_file():
            return found
    raise ChromiumMissing(f"no Chromium found: {INSTALL}")


def launch_chromium(playwright: Any) -> Any:
    """Start headless Chromium with Playwright; raise ChromiumMissing in one line when it cannot start."""
    executable = find_chromium(playwright)
    options = {"executable_path": executable} if executable else {}
    try:
        return playwright.chromium.launch(args=ARGS, **options)
    except Exception as error:  # noqa: BLE001 - Playwright's many errors become one line
        name = executable or "Playwright's Chromium"
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ChromiumMissing(f"{name} does not start ({first_line}): {INSTALL}") from error


def chromium_path(playwright: Any) -> str:
    """Return the executable of the browser find_chromium chooses, for tools that start it themselves."""
    return find_chromium(playwright) or playwright.chromium.executable_path
