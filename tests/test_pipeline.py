"""One pipeline: `build`, `check` and `serve` read the content through pipeline.load_site, memo and all."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from statusdocs import cli
from statusdocs.cache import open_cache
from statusdocs.read.files import input_texts
from statusdocs.memo import SiteMemo
from statusdocs.model import ReferenceData
from statusdocs.pipeline import LoadedSite

ROOT = Path(__file__).resolve().parent.parent
PLANTED = "content/http-status.md:1: planted in the memo"


def count_opens(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count every file opened through pathlib from now on, by name (every reader of content opens so)."""
    opened: Counter[str] = Counter()
    original = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object) -> object:
        opened[self.name] += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", counting_open)
    return opened


def test_check_reads_the_registry_once(content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The lint takes the registry's lines from what was read. A first check reads it for the memo's key and once
    more to see that no file changed while it was read; a repeat check reads each content file once."""
    monkeypatch.setenv("STATUSDOCS_CACHE", str(tmp_path / "cache"))
    command = ["check", "--content", str(content_copy), "--templates", str(content_copy.parent / "templates")]
    opened = count_opens(monkeypatch)
    assert cli.main(command) == 0
    first = dict(opened)
    opened.clear()
    assert cli.main(command) == 0
    assert first["registry.csv"] == 2 and first["http-status.md"] == 3  # key, markdown-it, the after-read look
    assert {name: opened[name] for name in ("registry.csv", "http-status.md", "notes.md")} == {
        "registry.csv": 1, "http-status.md": 1, "notes.md": 1}
    out = capsys.readouterr().out
    assert out.count("content/unofficial.md:50: acknowledged: status code 451") == 2  # the same findings


def plant(content: Path) -> None:
    """Keep in the memo, for the texts of `content`, a read that found one problem the files do not have."""
    SiteMemo(open_cache()).put(input_texts(content),  # type: ignore[arg-type]
                               LoadedSite(None, None, ReferenceData({}), (PLANTED,), None))


def test_build_and_check_read_through_the_memo(content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STATUSDOCS_CACHE", str(tmp_path / "cache"))
    plant(content_copy)
    options = ["--content", str(content_copy), "--templates", str(content_copy.parent / "templates")]
    assert cli.main([*options, "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == PLANTED
    assert cli.main(["check", *options]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert errors == [PLANTED.replace(": planted", ": error: planted")]


@pytest.mark.slow("starts build.py serve")
def test_serve_reads_through_the_memo(content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUSDOCS_CACHE", str(tmp_path / "cache"))
    plant(content_copy)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--content",
                                   str(content_copy), "--templates", str(content_copy.parent / "templates")],
                                  stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 20
        while "build failed" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(10)
    assert PLANTED in log.read_text().splitlines()


MISTAKES = {
    "row": ("http-status.md", "| 404  |", "| 4O4  |"),
    "fact": ("reference/constants.md", "| 404 |", "| 40 |"),
}


@pytest.mark.parametrize("kinds", [["row"], ["fact"], ["row", "fact"], ["fact", "no-documents"]],
                         ids=lambda kinds: "+".join(kinds))
def test_check_reports_every_problem_the_build_reports(content_copy: Path, tmp_path: Path, kinds: list[str],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    for kind in kinds:
        if kind == "no-documents":
            for document in content_copy.glob("*.md"):
                document.unlink()
            continue
        name, old, new = MISTAKES[kind]
        text = (content_copy / name).read_text(encoding="utf-8")
        (content_copy / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    options = ["--content", str(content_copy), "--templates", str(content_copy.parent / "templates")]
    assert cli.main([*options, "--out", str(tmp_path / "out")]) == 1
    built = capsys.readouterr().err.splitlines()[:-1]  # the last line counts them
    assert cli.main(["check", *options]) == 1
    errors = [re.sub(r": error: ", ": ", line, count=1) for line in capsys.readouterr().out.splitlines()
              if ": error: " in line]
    assert sorted(errors) == sorted(built) and len(built) >= len(kinds)
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
