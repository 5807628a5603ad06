"""The README's two commands are the ones CI runs, word for word, and its quick test command selects tests."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def readme_commands() -> list[str]:
    """Return the lines of the README's first shell block: the setup command and the test command."""
    return re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()  # type: ignore[union-attr]


def test_the_readme_opens_with_a_light_build_command_and_a_test_command() -> None:
    setup, tests = readme_commands()
    assert setup == "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python build.py"
    assert tests == ".venv/bin/pip install -e '.[test]' && npm ci && .venv/bin/python -m pytest"


def test_ci_runs_the_readme_commands_as_written_and_check_strict() -> None:
    setup, tests = readme_commands()
    assert setup in CI and tests in CI
    assert CI.index(setup) < CI.index(".venv/bin/python build.py check --strict") < CI.index(tests)


def test_the_quick_part_is_documented_and_its_marker_registered() -> None:
    assert '.venv/bin/python -m pytest -m "not slow"' in (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(marker.startswith("slow:") for marker in markers["markers"])
    assert "--strict-markers" in markers["addopts"] and "--durations=5" in markers["addopts"]


def test_the_default_npm_install_leaves_lighthouse_to_its_benchmark() -> None:
    tools = (ROOT / "package.json").read_text(encoding="utf-8")
    assert "lighthouse" not in tools.split('"devDependencies"')[1]
    assert '"lighthouse": "12.2.3"' in (ROOT / "benchmarks" / "lighthouse" / "package.json").read_text(encoding="utf-8")
