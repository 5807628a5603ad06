"""Measure the generator and the site it makes; print a table of medians.

`python benchmarks/run.py [--runs N]`: whole-process build times (perf_counter around a subprocess, peak RSS
from the child's rusage) for the real content, a generated corpus of every code 100..599, one file at every
content limit at once (write_worst_case) and the import floor; save-to-served time in `serve`; gzip sizes of every kind of file; search query time in Chromium.
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import search  # noqa: E402 - benchmarks/search.py, after the path is set

PYTHON = sys.executable
FLOOR = [PYTHON, "-c", "import jinja2, markdown_it"]
CORPUS_SIZES = (125, 250, 500)  # codes; 500 is every code 100..599
REAL_CODES = 87  # in content/: 59 in the source document, 6 in the supplement, 22 non-standard
# Runs one command (after any NAME=value settings, as env(1) takes them) and prints its wall time and peak RSS.
# A child's peak RSS counts the memory of the process that forked it, so the command is started from this small
# process rather than from the benchmark itself.
LAUNCHER = """import itertools, os, re, resource, sys, time
settings = list(itertools.takewhile(re.compile("[A-Z_]+=").match, sys.argv[1:]))
argv = sys.argv[1 + len(settings):]
environment = {**os.environ, **dict(setting.split("=", 1) for setting in settings)}
os.makedirs(environment.get("TMPDIR", "/tmp"), exist_ok=True)
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, environment, file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
elapsed = time.perf_counter() - started
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(status)
"""
# Measure as a user runs it: with Python's bytecode cache, even where the environment turns it off.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
FILLER = "服务器收到请求后按照规范处理并返回这个状态码，客户端应当根据响应头与响应体决定下一步操作。"


def main() -> None:
    """Run every measurement and print the tables."""
    runs = parse_args().runs
    with tempfile.TemporaryDirectory(prefix="statusdocs-bench-") as folder:
        work = Path(folder)
        print_builds(work, runs)
        print_serve(work, runs)
        print_sizes(work / "real")
        print_search(work)


def parse_args() -> argparse.Namespace:
    """Read the options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="measured runs per row, after one warm-up (default 10)")
    return parser.parse_args()


def print_builds(work: Path, runs: int) -> None:
    """Print cold build times of the real content and of generated corpora, beside the import floor."""
    rows = [("import floor: python -c 'import jinja2, markdown_it'", FLOOR, 0)]
    rows.append((f"build, real content ({REAL_CODES} codes)", build_command(ROOT / "content", work / "real"),
                 REAL_CODES))
    rows.append(("build, real content, into an empty folder each run",
                 build_command(ROOT / "content", work / "fresh" / "{run}"), REAL_CODES))
    rows.append(("build, real content, first: empty caches and folder",
                 build_command(ROOT / "content", work / "first" / "{run}", work / "tmp-{run}"), REAL_CODES))
    for size in CORPUS_SIZES:
        content = write_corpus(work / f"corpus-{size}", size)
        rows.append((f"build, generated corpus ({size} codes)", build_command(content, work / f"site-{size}"), size))
    rows.append(("build, worst case the limits allow, first build",
                 build_command(write_worst_case(work / "worst"), work / "worst-site" / "{run}", work / "tmp-w{run}"),
                 500))
    print(f"cold builds, whole process, median of {runs} after a warm-up (the rows take turns, run by run):")
    print(f"  {'what':56} {'time s':>7} {'× floor':>8} {'ms/code':>8} {'peak RSS MB':>12}")
    results = time_commands([command for label, command, codes in rows], runs)
    floor, corpus_times = results[0][0], {}
    for (label, command, codes), (seconds, rss) in zip(rows, results):
        per_code = f"{seconds * 1000 / codes:8.2f}" if codes else " " * 8
        print(f"  {label:56} {seconds:7.3f} {seconds / floor:8.2f} {per_code} {rss / 1024:12.1f}")
        if label.startswith("build, generated"):
            corpus_times[codes] = seconds
    sizes = sorted(corpus_times)
    steps = [f"{small}->{large} codes {(corpus_times[large] - corpus_times[small]) * 1000 / (large - small):.2f}"
             for small, large in zip(sizes, sizes[1:])]
    print(f"  each added code costs (ms; flat means linear): {', '.join(steps)}")


def build_command(content: Path, out: Path, temporary: Path | None = None) -> list[str]:
    """Return the command that builds `content` into `out`, with its caches in `temporary` when given."""
    # The caches (site memo, compiled templates, Traditional map) live in STATUSDOCS_CACHE: a new one is empty.
    caches = [f"STATUSDOCS_CACHE={temporary}"] if temporary else []
    return [*caches, PYTHON, str(ROOT / "build.py"), "--content", str(content), "--out", str(out)]


def time_commands(commands: list[list[str]], runs: int) -> list[tuple[float, int]]:
    """Return the median wall time and the largest peak RSS in KB of each command, after one warm-up run.

    The commands take turns (one run of each, then the next round), so that a slow spell of the machine falls
    on every row alike rather than on one row and its ratio to the floor.
    """
    times: list[list[float]] = [[] for _ in commands]
    peaks: list[list[int]] = [[] for _ in commands]
    for run in range(runs + 1):
        for command, row_times, row_peaks in zip(commands, times, peaks):
            argv = [part.replace("{run}", str(run)) for part in command]
            result = subprocess.run([PYTHON, "-S", "-c", LAUNCHER, *argv], capture_output=True, text=True, env=ENV)
            if result.returncode:
                sys.exit(f"benchmark: {' '.join(command)} failed:\n{result.stderr}")
            seconds, peak = result.stdout.split()
            if run:
                row_times.append(float(seconds))
                row_peaks.append(int(peak))
    return [(statistics.median(row_times), max(row_peaks)) for row_times, row_peaks in zip(times, peaks)]


def write_corpus(folder: Path, size: int) -> Path:
    """Write `size` codes spread over 100..599, ~1 KB of Chinese each, one content file per class."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "registry.csv", folder / "registry.csv")
    codes = [100 + index * 500 // size for index in range(size)]
    for digit in range(1, 6):
        rows = [f"| {code} | {describe(code)} |" for code in codes if code // 100 == digit]
        table = "\n".join([f"## 第 {digit} 类", "", "| code | 描述 |", "| --- | --- |", *rows, ""])
        (folder / f"class-{digit}.md").write_text(table, encoding="utf-8")
    return folder


def describe(code: int) -> str:
    """Return a ~1 KB description that mentions two other codes."""
    neighbours = f"与 {max(100, code - 1)} 和 {min(599, code + 1)} 不同，"
    return f"状态码 {code}：" + neighbours + FILLER * 7


def write_worst_case(folder: Path) -> Path:
    """Write one content file at every limit at once: 10 MB in 10,000 lines; a table of 20,000 cells, 500 codes and
    their continuation rows in 4 columns, holding the 50,000 markup characters as `[` (the slowest); nested lists."""
    from statusdocs.read.files import MAX_FILE_BYTES
    from statusdocs.read.parse import MAX_LINES, MAX_MARKUP
    from statusdocs.read.tables import MAX_TABLE_CELLS

    rows = MAX_TABLE_CELLS // 4 - 1  # the header row has cells too
    lists = ["1. " * 25 + "x"] * (MAX_LINES - rows - 3)  # the most block tokens a line without markup makes
    marks, extra = divmod(MAX_MARKUP - 12, rows)  # the delimiter row's 12 dashes are markup too
    room = (MAX_FILE_BYTES - len("\n".join(lists)) - extra - 100) // rows - len(f"| 404 | {'[' * marks} | x | x |\n")
    text = (FILLER * (room // len(FILLER.encode()) + 1))[:room // 3]  # 3 bytes a character
    table = ["| code | 描述 | 备注 | 其他 |", "| --- | --- | --- | --- |"]
    table += [f"| {100 + index // 10 if index % 10 == 0 else ''} | {'[' * (marks + (extra if index == 0 else 0))}"
              f"{text} | x | x |" for index in range(rows)]
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "registry.csv", folder / "registry.csv")
    (folder / "worst.md").write_text("\n".join([*table, "", *lists]) + "\n", encoding="utf-8")
    return folder


def print_serve(work: Path, runs: int) -> None:
    """Print the time from saving a content file to the new page being served, and the rebuild time."""
    content = work / "serve" / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "templates", work / "serve" / "templates")
    port = free_port()
    log = (work / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen([PYTHON, str(ROOT / "build.py"), "serve", "--port", str(port), "--content",
                               str(content), "--templates", str(work / "serve" / "templates")],
                              stdout=log, stderr=subprocess.STDOUT, env=ENV)
    try:
        url = f"http://127.0.0.1:{port}/codes/404/index.html"
        wait_for(url, "请求失败")
        latencies = [save_and_wait(content / "http-status.md", url, f"第{run}次修改") for run in range(runs + 1)][1:]
    finally:
        server.terminate()
        server.wait()
    log.seek(0)
    rebuilds = [float(s) for s in re.findall(r"^built \d+ files in ([\d.]+) s", log.read(), re.M)][2:]
    print(f"serve, median of {runs} saves after a warm-up:")
    print(f"  {'save -> new page served (polled every 5 ms)':56} {statistics.median(latencies):7.3f} s")
    print(f"  {'rebuild inside the server (its own log)':56} {statistics.median(rebuilds):7.3f} s")


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def save_and_wait(source: Path, url: str, marker: str) -> float:
    """Put `marker` into the 404 row, save, and return the seconds until the page serves it."""
    text = re.sub(r"(\| 404  \|  )[^|]*?(请求失败)", rf"\g<1>{marker}\g<2>", source.read_text(encoding="utf-8"))
    started = time.perf_counter()
    source.write_text(text, encoding="utf-8")
    wait_for(url, marker)
    return time.perf_counter() - started


def wait_for(url: str, text: str, timeout: float = 10) -> None:
    """Poll `url` every 5 ms until its body holds `text`."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.005)
    sys.exit(f"benchmark: {url} did not serve {text!r} within {timeout} s")


def print_sizes(site: Path) -> None:
    """Print the gzip -9 size of each kind of file and of a first visit to a code page."""
    print("bytes, gzip -9 (largest of each kind):")
    kinds = {"index.html": ["index.html"], "code page": glob(site, "codes/*/index.html"),
             "class page": glob(site, "classes/*/index.html"), "404.html": ["404.html"],
             "assets/style.css": ["assets/style.css"], "assets/search.js": ["assets/search.js"],
             "assets/copy.js": ["assets/copy.js"], "search-index.js (on first use of search)": ["search-index.js"]}
    for kind, paths in kinds.items():
        print(f"  {kind:56} {max(gzipped(site / path) for path in paths):7}")
    visits = {path: first_visit(site, path) for path in glob(site, "codes/*/index.html")}
    worst = max(visits, key=visits.get)
    print(f"  {'first visit to a code page: HTML + CSS + JS + icon (' + worst.split('/')[1] + ')':56} {visits[worst]:7}")


def glob(site: Path, pattern: str) -> list[str]:
    """Return the site-relative paths matching `pattern`."""
    return sorted(path.relative_to(site).as_posix() for path in site.glob(pattern))


def gzipped(path: Path) -> int:
    """Return the gzip -9 size of a file."""
    return len(gzip.compress(path.read_bytes(), 9))


def first_visit(site: Path, page: str) -> int:
    """Return the gzip size of a page plus every stylesheet, icon and script it loads."""
    html = (site / page).read_text(encoding="utf-8")
    assets = re.findall(r'<(?:link rel="(?:stylesheet|icon)" href|script[^>]* src)="([^"]+)"', html)
    return gzipped(site / page) + sum(gzipped((site / page).parent / asset) for asset in assets)


def print_search(work: Path) -> None:
    """Print the median time of one query in Chromium, over the real data and the largest corpus."""
    sites = {f"real content ({REAL_CODES} codes)": work / "real",
             f"corpus ({CORPUS_SIZES[-1]} codes)": work / f"site-{CORPUS_SIZES[-1]}"}
    print("search, one query in Chromium (search + result list), median ms over the benchmark's queries:")
    for label, site in sites.items():
        times = search.measure_query_times(site, runs=60)
        worst = max(times, key=lambda query: times[query])
        print(f"  {label:56} {statistics.median(times.values()):7.2f} (slowest: {worst!r} {times[worst]:.2f})")


if __name__ == "__main__":
    main()
