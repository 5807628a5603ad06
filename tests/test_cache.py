"""The cache folder: one folder, named by STATUSDOCS_CACHE or the XDG rule, safe to delete at any time."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.cache import NO_CACHE, Cache, cache_folder, open_cache
from statusdocs.model import Settings
from statusdocs.pipeline import load_site
from statusdocs.output.render import render_pages
from statusdocs.output.traditional import Converter, traditional_map

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["__jinja2_", "statusdocs-site-", "statusdocs-traditional-"]  # compiled templates, site memo, Traditional map


def kinds_of(folder: Path) -> list[str]:
    """Return the kinds of cache file in `folder`."""
    return sorted({kind for path in folder.iterdir() for kind in KINDS if path.name.startswith(kind)})


def files_under(folder: Path) -> list[str]:
    """Return every path under `folder`."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


@pytest.mark.slow("builds in a child process")
def test_statusdocs_cache_holds_every_cache_file(tmp_path: Path) -> None:
    """Nothing goes to the temporary folder (Jinja's old one), the home folder or $XDG_CACHE_HOME."""
    elsewhere = {name: tmp_path / name for name in ("tmp", "home", "xdg")}
    for folder in elsewhere.values():
        folder.mkdir()
    environment = {**os.environ, "TMPDIR": str(elsewhere["tmp"]), "HOME": str(elsewhere["home"]),
                   "XDG_CACHE_HOME": str(elsewhere["xdg"]), "STATUSDOCS_CACHE": str(tmp_path / "chosen")}
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(tmp_path / "out")], env=environment,
                   capture_output=True, timeout=60, check=True)
    assert kinds_of(tmp_path / "chosen") == KINDS
    assert {name: files_under(folder) for name, folder in elsewhere.items()} == {"tmp": [], "home": [], "xdg": []}


@pytest.mark.parametrize(("environment", "expected"), [
    ({"STATUSDOCS_CACHE": "{tmp}/chosen", "XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/chosen"),
    ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/xdg/statusdocs"),
    ({"XDG_CACHE_HOME": "relative"}, "{tmp}/home/.cache/statusdocs"),  # the XDG rule: a relative path is ignored
    ({"STATUSDOCS_CACHE": ""}, "{tmp}/home/.cache/statusdocs"),
    ({}, "{tmp}/home/.cache/statusdocs"),
], ids=["statusdocs-cache", "xdg-cache-home", "xdg-relative", "empty", "neither"])
def test_the_cache_folder_is_named_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      environment: dict[str, str], expected: str) -> None:
    for name in ("STATUSDOCS_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name, value in environment.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    assert cache_folder() == Path(expected.format(tmp=tmp_path))


def test_the_folder_is_made_for_this_user_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUSDOCS_CACHE", str(tmp_path / "parent" / "cache"))
    assert open_cache().folder == tmp_path / "parent" / "cache"
    assert (tmp_path / "parent" / "cache").stat().st_mode & 0o777 == 0o700


def test_deleting_the_folder_during_a_build_is_safe(content_copy: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder goes after it was checked: nothing that cannot be kept fails the build; the next build makes it."""
    monkeypatch.setenv("STATUSDOCS_CACHE", str(tmp_path / "cache"))
    cache = open_cache()
    site = load_site(content_copy, cache).records()
    shutil.rmtree(tmp_path / "cache")
    templates = content_copy.parent / "templates"
    assert render_pages(site, templates, Settings(), cache) == render_pages(site, templates, Settings(), NO_CACHE)
    assert not (tmp_path / "cache").exists()
    assert cli.main(["--content", str(content_copy), "--templates", str(templates), "--out",
                       str(tmp_path / "out")]) == 0
    assert kinds_of(tmp_path / "cache") == KINDS


TEXT = "服务器错误 维护中"


def test_serves_converter_makes_its_first_map_and_then_reads_the_kept_one(tmp_path: Path) -> None:
    """A build reads the kept map; serve's converter makes its first one, so its conversions are in memory."""
    made = traditional_map(TEXT, Cache(tmp_path))
    [kept] = tmp_path.glob("statusdocs-traditional-*.json")
    kept.write_text(json.dumps({"planted": "x"}), encoding="utf-8")
    converter = Converter()
    assert traditional_map(TEXT, Cache(tmp_path)) == {"planted": "x"}
    assert traditional_map(TEXT, Cache(tmp_path, converter)) == made and converter.known
    kept.write_text(json.dumps({"planted": "x"}), encoding="utf-8")
    assert traditional_map(TEXT, Cache(tmp_path, converter)) == {"planted": "x"}
    assert traditional_map(TEXT, Cache(tmp_path, Converter())) == made  # another serve's: its own conversions
