"""The browser the tests drive: $STATUSDOCS_CHROMIUM, Playwright's own, then chromium, chromium-browser, google-chrome."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import browser as chromium
from browser import ChromiumMissing, find_chromium


def fake_playwright(own: Path) -> SimpleNamespace:
    """Stand in for Playwright, whose own browser would be at `own`; only its executable_path is read."""
    return SimpleNamespace(chromium=SimpleNamespace(executable_path=str(own)))


def make_browsers(folder: Path, names: list[str]) -> None:
    """Put an executable file for each name into `folder`."""
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(0o755)


@pytest.fixture
def bin_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return an empty folder that is the whole PATH, with no macOS application and no STATUSDOCS_CHROMIUM."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("STATUSDOCS_CHROMIUM", raising=False)
    monkeypatch.setattr(chromium, "APPLICATIONS", ())
    return folder


@pytest.mark.parametrize(("on_path", "expected"), [
    (["chromium", "chromium-browser", "google-chrome"], "chromium"),
    (["chromium-browser", "google-chrome"], "chromium-browser"),
    (["google-chrome"], "google-chrome"),
])
def test_a_browser_on_the_path_is_found_in_order(bin_folder: Path, on_path: list[str], expected: str) -> None:
    make_browsers(bin_folder, on_path)
    assert find_chromium(fake_playwright(bin_folder / "missing")) == str(bin_folder / expected)


def test_playwrights_own_browser_comes_before_the_path(bin_folder: Path, tmp_path: Path) -> None:
    make_browsers(bin_folder, ["chromium"])
    make_browsers(tmp_path / "ms-playwright", ["chrome"])
    assert find_chromium(fake_playwright(tmp_path / "ms-playwright" / "chrome")) is None  # None: launch Playwright's


def test_the_variable_comes_first(bin_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_browsers(bin_folder, ["chromium"])
    make_browsers(tmp_path / "mine", ["chrome"])
    make_browsers(tmp_path / "ms-playwright", ["chrome"])
    monkeypatch.setenv("STATUSDOCS_CHROMIUM", str(tmp_path / "mine" / "chrome"))
    assert find_chromium(fake_playwright(tmp_path / "ms-playwright" / "chrome")) == str(tmp_path / "mine" / "chrome")


def test_a_variable_naming_no_file_says_so(bin_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_browsers(bin_folder, ["chromium"])
    monkeypatch.setenv("STATUSDOCS_CHROMIUM", "/nowhere/chrome")
    with pytest.raises(ChromiumMissing, match=r"^STATUSDOCS_CHROMIUM=/nowhere/chrome is not a file"):
        find_chromium(fake_playwright(bin_folder / "missing"))


def test_no_browser_says_what_to_install_in_one_line(bin_folder: Path) -> None:
    with pytest.raises(ChromiumMissing) as error:
        find_chromium(fake_playwright(bin_folder / "missing"))
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("no Chromium found: install one (Debian: apt-get install chromium;")
