"""`python build.py check`: each lint case as data, the real content's warnings, links, strict mode."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from statusdocs import cli

CASES = Path(__file__).parent / "cases" / "check"
ACKNOWLEDGED_CASES = Path(__file__).parent / "cases" / "acknowledged"
ROOT = Path(__file__).resolve().parent.parent
# The shipped content's findings, each acknowledged with its reason in content/check/acknowledged.md.
REAL_FINDINGS = [
    ("content/http-status.md:47", "warning", "status code 306 is marked (Unused) in the IANA registry"),
    ("content/http-status.md:99", "warning", "status code 509 is not in the IANA registry"),
    ("content/http-status.md:100", "warning", "status code 510 Not Extended is marked obsoleted in the IANA registry"),
    ("content/supplement.md:27", "warning", "status code 418 is marked (Unused) in the IANA registry"),
    ("content/unofficial.md:50", "note", "status code 451 is assigned by the IANA registry (Unavailable For Legal "
                                         "Reasons): the page gives that meaning first and this one after it"),
]
REAL_WARNINGS = "".join(f"{location}: {level}: {message}\n" for location, level, message in REAL_FINDINGS)


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run `build.py check` with `args`; return its exit status and standard output."""
    status = cli.main(["check", *args])
    return status, capsys.readouterr().out


@pytest.mark.parametrize("case", sorted(path.stem for path in CASES.glob("*.md")))
def test_check_reports_exactly_the_expected_findings(case: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path, case, (CASES / f"{case}.md").read_text(encoding="utf-8"))
    expected = (CASES / f"{case}.out").read_text(encoding="utf-8")
    status, out = run_check(capsys, "--content", str(content))
    assert out == expected
    assert status == (1 if ": error: " in expected else 0)


def test_check_counts_the_lines_of_a_crlf_file_with_a_byte_order_mark(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    text = (CASES / "extra-cells.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    content = make_content(tmp_path, "extra-cells", "\ufeff" + text)
    status, out = run_check(capsys, "--content", str(content))
    assert out == (CASES / "extra-cells.out").read_text(encoding="utf-8")
    assert status == 1


def make_content(tmp_path: Path, case: str, text: str) -> Path:
    """Return a content folder holding `text` as `<case>.md` and the cases' small registry."""
    content = tmp_path / "content"
    content.mkdir()
    (content / f"{case}.md").write_bytes(text.encode("utf-8"))
    shutil.copy(CASES / "registry.csv", content / "registry.csv")
    return content


@pytest.mark.parametrize("case", sorted(path.stem for path in ACKNOWLEDGED_CASES.glob("*.md")))
def test_acknowledged_findings_are_reported_with_their_reason(case: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path, "unused-obsoleted", (CASES / "unused-obsoleted.md").read_text(encoding="utf-8"))
    (content / "check").mkdir()
    shutil.copy(ACKNOWLEDGED_CASES / f"{case}.md", content / "check" / "acknowledged.md")
    expected = (ACKNOWLEDGED_CASES / f"{case}.out").read_text(encoding="utf-8")
    status, out = run_check(capsys, "--content", str(content))
    assert out == expected
    assert status == (1 if ": error: " in expected else 0)
    status, out = run_check(capsys, "--content", str(content), "--strict")
    assert out == expected.replace(": warning: ", ": error: ")
    assert status == (1 if ": error: " in expected or ": warning: " in expected else 0)


@pytest.mark.shipped
def test_check_of_the_real_content_acknowledges_each_finding_with_a_reason(
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_check(capsys)
    assert status == 0
    lines = out.splitlines()
    assert [line.split(" (content/check/acknowledged.md:")[0] for line in lines] == [
        f"{location}: acknowledged: {message}" for location, _, message in REAL_FINDINGS]
    assert all(re.search(r"\(content/check/acknowledged\.md:\d+: \d{3} is documented on purpose", line) for line in lines)


@pytest.mark.shipped
def test_strict_passes_on_the_real_content(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_check(capsys, "--strict")
    assert status == 0
    assert ": error: " not in out and ": warning: " not in out


def test_strict_turns_warnings_into_errors(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content_copy / "check" / "acknowledged.md").unlink()
    status, out = run_check(capsys, "--content", str(content_copy))
    assert (status, out) == (0, REAL_WARNINGS)
    status, out = run_check(capsys, "--content", str(content_copy), "--strict")
    assert (status, out) == (1, REAL_WARNINGS.replace(": warning: ", ": error: "))


def without_acknowledged(out: str) -> str:
    """Return check's output on a copy of the real content without its acknowledged findings, all of them there."""
    lines = out.splitlines(keepends=True)
    kept = [line for line in lines if ": acknowledged: " not in line]
    assert len(lines) - len(kept) == len(REAL_FINDINGS), out
    return "".join(kept)


def test_a_code_the_registry_adds_later_is_reported(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = content_copy / "registry.csv"
    text = registry.read_text(encoding="utf-8").replace("419-420,Unassigned,\n", "419,Example,[RFC9999]\n420,Unassigned,\n")
    registry.write_text(text, encoding="utf-8")
    line = text.splitlines().index("419,Example,[RFC9999]") + 1
    status, out = run_check(capsys, "--content", str(content_copy))
    assert without_acknowledged(out) == f"content/registry.csv:{line}: warning: status code 419 Example is " \
                                        "registered but not documented\n"
    assert status == 0
    assert run_check(capsys, "--content", str(content_copy), "--strict")[0] == 1  # a new finding fails --strict


@pytest.mark.parametrize(("expires", "expected"), [
    ("2026-11-13", "content/registry.csv:6: note: status code 104 Upload Resumption Supported is not documented: "
                   "its temporary registration expired 2026-11-13, and an expired registration needs no page\n"),
    ("2999-11-13", "content/registry.csv:6: warning: status code 104 Upload Resumption Supported is registered "
                   "(temporary, expires 2999-11-13) but not documented\n"),
])
def test_an_undocumented_temporary_registration_is_a_warning_until_it_expires(
        content_copy: Path, capsys: pytest.CaptureFixture[str], expires: str, expected: str) -> None:
    supplement = content_copy / "supplement.md"
    lines = supplement.read_text(encoding="utf-8").splitlines(keepends=True)  # blank lines keep the numbering
    row = next(index for index, line in enumerate(lines) if line.startswith("| 104 |"))
    lines[row - 2: row + 1] = ["\n"] * 3  # the table of 104 alone: header, delimiter row and its row
    supplement.write_text("".join(lines), encoding="utf-8")
    for facts in (content_copy / "reference").glob("*.md"):  # its facts go with its page: a row left is a warning
        facts.write_text(re.sub(r"(?m)^\|(.*\|)? 104 \|.*\n", "", facts.read_text(encoding="utf-8")), encoding="utf-8")
    registry = content_copy / "registry.csv"
    registry.write_text(registry.read_text(encoding="utf-8").replace("expires 2026-11-13", f"expires {expires}"),
                        encoding="utf-8")
    status, out = run_check(capsys, "--content", str(content_copy))
    assert without_acknowledged(out) == expected
    assert status == 0
    status, out = run_check(capsys, "--content", str(content_copy), "--strict")
    assert without_acknowledged(out) == expected.replace(": warning: ", ": error: ")
    assert status == (1 if ": warning: " in expected else 0)


PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"
# (file of content/, text to replace, its replacement, the finding that follows, with {line} the edited line)
FACT_EDITS = [
    ("reference/headers.md", "| 429 | Retry-After |", "| 419 | Retry-After |",
     "content/reference/headers.md:{line}: warning: status code 419 is in no content file, so this row is shown nowhere"),
    ("reference/related.md", "| 429 | 503 |", "| 429 | 599 |", None),  # 599 has a page (Tornado's): shown on both
    ("reference/related.md", "| 429 | 503 |", "| 429 | 419 |",
     "content/reference/related.md:{line}: warning: status code 419 is in no content file, so this row is shown nowhere"),
    ("reference/notes.md", "| 410 | 原文“它就发送", "| 419 | 原文“它就发送",
     "content/reference/notes.md:{line}: warning: status code 419 is in no content file, so this row is shown nowhere"),
    ("reference/constants.md", "| 404 | NOT_FOUND |", "| 419 | NOT_FOUND |",
     "content/http-status.md:60: warning: status code 404 has no row in content/reference/constants.md\n"
     "content/reference/constants.md:{line}: warning: status code 419 is in no content file, so this row is shown "
     "nowhere\n"
     "content/reference/constants.md:{line}: warning: HTTPStatus.NOT_FOUND is 404 in this Python (" + PYTHON + ")"),
    ("reference/constants.md", "| 429 | TOO_MANY_REQUESTS |", "| 429 | TOO_MANY_REQUEST |",
     "content/reference/constants.md:{line}: warning: HTTPStatus.TOO_MANY_REQUEST is not in this Python (" + PYTHON + ")"),
    ("reference/constants.md", "| 429 | TOO_MANY_REQUESTS |", "| 429 | TOO_MANY_REQUEST (9.9+) |", None),
    ("reference/not-sent.md", "| 499 | — |", "| 408 | — |",
     "content/reference/not-sent.md:{line}: warning: status code 408 has a standard meaning, which responses carry: "
     "not-sent.md is for codes only a software's own side records"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), FACT_EDITS, ids=[
    "unknown-code", "related-with-a-page", "related-without-a-page", "note-without-a-page", "missing-row",
    "python-typo", "python-later", "not-sent-standard"])
def test_check_reports_facts_no_page_shows(content_copy: Path, capsys: pytest.CaptureFixture[str], file: str,
                                           old: str, new: str, expected: str | None) -> None:
    path = content_copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    status, out = run_check(capsys, "--content", str(content_copy))
    added = [finding for finding in out.splitlines(keepends=True)
             if finding not in REAL_WARNINGS.splitlines(True) and ": acknowledged: " not in finding]
    assert "".join(added) == (expected.format(line=line) + "\n" if expected else "")
    assert status == 0


def test_check_reports_a_broken_link_in_a_template(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = content_copy.parent / "templates"
    index = templates / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        '<h1>{{ site.title }}</h1>', '<h1>{{ site.title }}</h1>\n<a href="codes/999/index.html#top">x</a>'
        '\n<a href="codes/404/index.html#nowhere">y</a>'), encoding="utf-8")
    status, out = run_check(capsys, "--content", str(content_copy), "--templates", str(templates))
    assert status == 1
    *_, missing_file, missing_anchor = without_acknowledged(out).splitlines()
    assert re.fullmatch(r"index\.html:\d+: error: link codes/999/index\.html#top points to a missing file", missing_file)
    assert re.fullmatch(r"index\.html:\d+: error: link codes/404/index\.html#nowhere points to a missing anchor "
                        r"#nowhere", missing_anchor)


def test_check_reports_a_template_error(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = content_copy.parent / "templates"
    (templates / "404.html").write_text("{% extends 'base.html' %}{% block main %}{{ nothing }}{% endblock %}",
                                        encoding="utf-8")
    status, out = run_check(capsys, "--content", str(content_copy), "--templates", str(templates))
    assert status == 1
    assert without_acknowledged(out).endswith("templates/404.html:1: error: 'nothing' is undefined\n")


def test_check_builds_into_a_temporary_folder_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert cli.main(["--out", str(out), "check"]) == 0
    assert not out.exists()


def test_build_without_a_command_still_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "codes" / "404" / "index.html").is_file()


def test_check_and_strict_are_documented() -> None:
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "`python build.py check`" in readme
    assert "`python build.py check --strict`" in readme


LONG_SEGMENT = "a" * 300  # over the 255 bytes a file name may have


def test_a_link_no_file_can_be_named_is_a_broken_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`%00` and a 300-byte segment are links to a missing file, not an exception in the link checker."""
    content = make_content(tmp_path, "links", f"| code | 描述 |\n| --- | --- |\n| 404 | 见 [x](codes/%00/)、"
                                              f"[y]({LONG_SEGMENT}/)、[z](../{LONG_SEGMENT}.html#top)。 |\n")
    status, out = run_check(capsys, "--content", str(content))
    broken = [line for line in out.splitlines() if line.startswith("codes/404/index.html:")]
    assert [re.sub(r":\d+:", ":N:", line, count=1) for line in broken] == [
        "codes/404/index.html:N: error: link codes/%00/ points to a missing file",
        f"codes/404/index.html:N: error: link {LONG_SEGMENT}/ points to a missing file",
        f"codes/404/index.html:N: error: link ../{LONG_SEGMENT}.html#top points to a missing file"]
    assert status == 1


def test_a_link_no_url_parser_reads_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path, "links", "| code | 描述 |\n| --- | --- |\n| 404 | 找不到 |\n")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    index = templates / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "<h1>{{ site.title }}</h1>", '<h1>{{ site.title }}</h1>\n<a href="http://[x/">x</a>'), encoding="utf-8")
    status, out = run_check(capsys, "--content", str(content), "--templates", str(templates))
    [finding] = [line for line in out.splitlines() if line.startswith("index.html:")]
    assert re.fullmatch(r"index\.html:\d+: error: link http://\[x/ is not a valid URL", finding)
    assert status == 1
