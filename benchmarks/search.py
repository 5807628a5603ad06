"""Measure the search budgets: gzipped sizes of the search files and the time of one query in Chromium.

Run `python benchmarks/search.py`; it builds the real content into a temporary folder and prints numbers.
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

import build  # noqa: E402 - after the path is set
from statusdocs.model import Settings  # noqa: E402

BUDGETS = {"assets/search.js": 4000, "search-index.js": 12000}  # bytes gzipped, read strictly
QUERIES = ["404", "30", "4xx", "not found", "NOT", "重定向", "文件不存在", "请求", "４０４", "客户端 服务器 缓存"]
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


def main() -> None:
    """Build the site, then print the sizes and the query times."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        build.build(ROOT / "content", ROOT / "templates", out, Settings())
        print_sizes(out)
        print_query_times(out)


def print_sizes(out: Path) -> None:
    """Print the raw and gzip -9 size of each search file against its budget."""
    for name, budget in BUDGETS.items():
        data = (out / name).read_bytes()
        packed = len(gzip.compress(data, 9))
        verdict = "ok" if packed <= budget else "OVER BUDGET"
        print(f"{name:18} {len(data):6} bytes, {packed:5} bytes gzipped (budget {budget}) {verdict}")


def print_query_times(out: Path) -> None:
    """Print the median and 95th percentile of one query (search + result list) per query, in Chromium."""
    with open_index(out) as (browser, page):
        print(f"one query in Chromium {browser.version}, ms, median / 95th percentile of {RUNS} runs:")
        print(f"  {'query':18} {'script':>13} {'with layout':>13}  results")
        for query in QUERIES:
            script, layout = (page.evaluate(TIME_QUERY, [query, RUNS, forced]) for forced in (False, True))
            count = page.locator("#search-results [role=option]").count()
            print(f"  {query:18} {script[0]:5.2f} / {script[1]:5.2f} {layout[0]:5.2f} / {layout[1]:5.2f}  {count}")


def measure_query_times(out: Path, runs: int = RUNS) -> dict[str, float]:
    """Return the median ms of one query (search + result list, no forced layout) for each query."""
    with open_index(out) as (_, page):
        return {query: page.evaluate(TIME_QUERY, [query, runs, False])[0] for query in QUERIES}


@contextlib.contextmanager
def open_index(out: Path) -> Iterator[tuple[object, object]]:
    """Open the site's index in headless Chromium with the search data loaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto((out / "index.html").as_uri())
        page.focus("#q")
        page.wait_for_function("window.STATUSDOCS_SEARCH !== undefined")
        page.wait_for_timeout(50)
        yield browser, page
        browser.close()


if __name__ == "__main__":
    main()
