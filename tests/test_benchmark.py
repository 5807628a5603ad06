"""benchmarks/run.py runs end to end and prints every row; its numbers are read by people, not asserted here."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow("runs benchmarks/run.py --runs 1: 30-50 s")
ROWS = [
    "import floor", "build, real content (87 codes)", "into an empty folder", "first: empty caches and folder",
    "generated corpus (125 codes)", "generated corpus (500 codes)", "each added code costs",
    "save -> new page served", "rebuild inside the server", "code page", "assets/style.css", "assets/search.js",
    "search-index.js", "first visit to a code page", "real content (87 codes)", "corpus (500 codes)",
]


def test_the_benchmark_prints_every_row() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--runs", "1"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    missing = [row for row in ROWS if not any(row in line and re.search(r"\d", line.split(row)[-1]) for line in lines)]
    assert not missing, result.stdout
    floor, build = (float(line[58:].split()[0]) for line in lines  # the time column follows the label
                    if line.strip().startswith(("import floor", "build, real content (87")))
    assert 0 < floor < 5 and 0 < build < 5  # seconds; one run each under a test load: no ratio to judge
