"""Measure the search budgets: gzipped sizes of the search files and the time of one query in Chromium.

Run `.venv/bin/python benchmarks/search.py` (about 100 s: 6,000 timed keystrokes, each after a rendered frame).
It builds the real content into a temporary folder, prints the numbers with a verdict for each budget, and exits
with status 1 when one is over budget.
"""
from __future__ import annotations

import contextlib
import gzip
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from statusdocs import cli  # noqa: E402 - after the path is set
sys.path.insert(0, str(ROOT / "tests"))  # the browser lookup the tests use
from browser import ChromiumMissing, launch_chromium  # noqa: E402
from statusdocs.model import Settings  # noqa: E402

BUDGETS = {"assets/search.js": 4000, "search-index.js": 14000}  # bytes gzipped, read strictly
QUERY_BUDGET = 2.0  # ms: the median of every query, with the layout it causes, must be within it
QUERIES = ["404", "30", "4xx", "not found", "NOT", "重定向", "文件不存在", "请求", "４０４", "客户端 服务器 缓存",
           "限流", "維護", "伺服器錯誤", "unauthorised", "gatway timeout"]  # search words, Traditional, typos
RUNS = 300
# One keystroke: the input event runs the search and rebuilds the result list. Each run starts in a new
# frame, as typing does, so the previous run's layout is not billed to it; `layout` then forces this
# run's layout too. Chromium coarsens performance.now(), hence medians over many runs.
TIME_QUERY = """async ([query, runs, layout]) => {
  const box = document.getElementById("q"), times = [];
  for (let i = 0; i < runs; i++) {
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));  // after a rendered frame
    box.value = i % 2 ? query : query + " ";
    const start = performance.now();
    box.dispatchEvent(new InputEvent("input", {bubbles: true}));
    if (layout) document.body.offsetHeight;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [times[runs >> 1], times[Math.floor(runs * 0.95)]];
}"""


def main() -> int:
    """Build the site, print the sizes and the query times; return 1 when a budget is exceeded, 2 without Chromium."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        cli.build(ROOT / "content", ROOT / "templates", out, Settings())
        sizes_ok = print_sizes(out)
        try:
            times_ok = print_query_times(out)
        except ChromiumMissing as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    return 0 if sizes_ok and times_ok else 1


def print_sizes(out: Path) -> bool:
    """Print the raw and gzip -9 size of each search file against its budget; tell whether all are within."""
    within = True
    for name, budget in BUDGETS.items():
        data = (out / name).read_bytes()
        packed = len(gzip.compress(data, 9))
        within &= packed <= budget
        print(f"{name:18} {len(data):6} bytes, {packed:5} bytes gzipped (budget {budget}) {judge(packed <= budget)}")
    return within


def print_query_times(out: Path) -> bool:
    """Print the median and 95th percentile of each query in Chromium; tell whether all are within budget."""
    with open_index(out) as (browser, page):
        print(f"one query in Chromium {browser.version}, ms, median / 95th percentile of {RUNS} runs:", flush=True)
        print(f"  {'query':18} {'script':>13} {'with layout':>13}  results")
        medians = {}
        for query in QUERIES:
            script, layout = (page.evaluate(TIME_QUERY, [query, RUNS, forced]) for forced in (False, True))
            count = page.locator("#search-results [role=option]").count()
            medians[query] = layout[0]
            print(f"  {query:18} {script[0]:5.2f} / {script[1]:5.2f} {layout[0]:5.2f} / {layout[1]:5.2f}  {count}",
                  flush=True)
    slowest = max(medians, key=medians.get)
    within = medians[slowest] <= QUERY_BUDGET
    print(f"slowest median with layout: {slowest!r} {medians[slowest]:.2f} ms (budget {QUERY_BUDGET:g} ms) "
          f"{judge(within)}")
    return within


def judge(within: bool) -> str:
    """Return the verdict for one budget."""
    return "ok" if within else "OVER BUDGET"


def measure_query_times(out: Path, runs: int = RUNS) -> dict[str, float]:
    """Return the median ms of one query (search + result list, no forced layout) for each query."""
    with open_index(out) as (_, page):
        return {query: page.evaluate(TIME_QUERY, [query, runs, False])[0] for query in QUERIES}


@contextlib.contextmanager
def open_index(out: Path) -> Iterator[tuple[object, object]]:
    """Open the site's index in headless Chromium with the search data loaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.goto((out / "index.html").as_uri())
        page.focus("#q")
        page.wait_for_function("window.STATUSDOCS_SEARCH !== undefined")
        page.wait_for_timeout(50)
        yield browser, page
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
