"""What many test files need: run build.py as a user would, and read a folder's files."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from statusdocs import cli

ROOT = Path(__file__).resolve().parent.parent


def run_build(*args: str, cwd: Path = Path("/"), timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run build.py as a user would, in a fresh interpreter, from another working directory."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=timeout)


def files_of(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` (hidden ones too) by its relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def build_here(content: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Build `content` into `out` with the command line, in this process; return the exit status and stderr's lines."""
    status = cli.main(["--content", str(content), "--out", str(out)])
    return status, capsys.readouterr().err.splitlines()
