"""Score pages of the built site with Lighthouse: performance, accessibility, best practices and SEO.

Run `.venv/bin/python benchmarks/lighthouse.py` (about 40-50 s). Lighthouse is not among the tools `npm ci` installs
for the tests: on its first run this script installs the version pinned in benchmarks/lighthouse/package-lock.json
into benchmarks/lighthouse/node_modules with `npm ci` (146 packages, a few seconds), and says so. It builds the
real content into a temporary folder, serves it on 127.0.0.1 as GitHub Pages would (gzip, a 10-minute cache,
404.html for missing files), runs Lighthouse (mobile defaults) in the Chromium the tests use
(tests/browser.py) on each page and prints the scores. The budget is 100 in all four.
Exit status: 0 when every score is 100, 1 when one is lower, 2 when Lighthouse cannot run.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TOOLS = ROOT / "benchmarks" / "lighthouse"  # its package.json and package-lock.json pin Lighthouse
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
PAGES = ["", "codes/404/", "classes/4xx/"]  # the index as published (its canonical URL), a code, a class
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "Speed Index": "speed-index"}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class LighthouseError(Exception):
    """Lighthouse is missing or could not score a page; the text says why."""


def main() -> int:
    """Build, serve, score every page and print the table; return the exit status."""
    try:
        install_lighthouse()
        chromium = find_browser()
        with tempfile.TemporaryDirectory(prefix="statusdocs-lighthouse-") as folder:
            out = Path(folder) / "site"
            server, url = start_server(out)
            build_site(out, url)
            reports = {page: run_lighthouse(url + page, Path(folder) / "report.json", chromium) for page in PAGES}
            server.shutdown()
    except LighthouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print_scores(reports)
    print_metrics(reports)
    return 0 if all(score == 100 for report in reports.values() for score in read_scores(report)) else 1


def install_lighthouse() -> None:
    """Install the pinned Lighthouse into benchmarks/lighthouse/ unless that version is already there."""
    wanted = json.loads((TOOLS / "package.json").read_text(encoding="utf-8"))["devDependencies"]["lighthouse"]
    installed = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if LIGHTHOUSE.exists() and json.loads(installed.read_text(encoding="utf-8"))["version"] == wanted:
        print(f"Lighthouse {wanted} from {LIGHTHOUSE.relative_to(ROOT)}", flush=True)
        return
    npm = shutil.which("npm")
    if not npm:
        raise LighthouseError("npm is missing: install Node.js, which brings it")
    print(f"installing Lighthouse {wanted}, pinned in {(TOOLS / 'package-lock.json').relative_to(ROOT)}: "
          f"npm ci --prefix {TOOLS.relative_to(ROOT)}", flush=True)
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(TOOLS)],
                            capture_output=True, text=True)
    if result.returncode or not LIGHTHOUSE.exists():
        raise LighthouseError(f"npm ci could not install Lighthouse:\n{result.stderr.strip()[-2000:]}")


def find_browser() -> str:
    """Return the Chromium the browser tests use (tests/browser.py), for Lighthouse to start."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise LighthouseError("Playwright is missing: install the test extras with "
                              ".venv/bin/pip install -e '.[test]'") from None
    sys.path.insert(0, str(ROOT / "tests"))  # the browser lookup the tests use
    from browser import ChromiumMissing, chromium_path

    with sync_playwright() as playwright:
        try:
            return chromium_path(playwright)
        except ChromiumMissing as error:
            raise LighthouseError(str(error)) from None


def start_server(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` on a free port of 127.0.0.1 in a thread; return the server and its base URL."""
    handler = functools.partial(PagesHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build_site(out: Path, url: str) -> None:
    """Build the real content into `out`, published at `url` so canonical links point at the server."""
    command = [sys.executable, str(ROOT / "build.py"), "--out", str(out), "--site-url", url]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise LighthouseError(f"the build failed:\n{result.stderr}")


def run_lighthouse(url: str, report: Path, chromium: str) -> dict:
    """Run Lighthouse on `url` with its mobile defaults in `chromium`; return the JSON report."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", f"--chrome-path={chromium}",
               f"--chrome-flags={CHROME_FLAGS}", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode or not report.exists():
        raise LighthouseError(f"lighthouse failed on {url} (exit status {result.returncode}):\n"
                              f"{result.stderr.strip()[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    if data.get("runtimeError"):
        raise LighthouseError(f"lighthouse could not score {url}: {data['runtimeError']['message']}")
    return data


def read_scores(report: dict) -> list[int]:
    """Return the four category scores of a report, 0-100."""
    return [round(report["categories"][name]["score"] * 100) for name in CATEGORIES]


def print_scores(reports: dict[str, dict]) -> None:
    """Print one row of scores per page, with the failing audits of every category below 100."""
    first = next(iter(reports.values()))
    print(f"Lighthouse {first['lighthouseVersion']}, {first['environment']['hostUserAgent'].split()[-2]}, "
          f"{first['configSettings']['formFactor']}; budget 100 in each category")
    print(f"{'page':14} " + " ".join(f"{name:>14}" for name in CATEGORIES) + "  failed audits")
    for page, report in reports.items():
        scores = " ".join(f"{score:>14}" for score in read_scores(report))
        print(f"{'/' + page:14} {scores}  {' '.join(find_failures(report)) or '-'}")


def find_failures(report: dict) -> list[str]:
    """Return `category:audit` for each audit below 1 in a category that scores below 100."""
    failures = []
    for name in CATEGORIES:
        category = report["categories"][name]
        if category["score"] < 1:
            failures += [f"{name}:{ref['id']}" for ref in category["auditRefs"]
                         if report["audits"][ref["id"]]["score"] not in (None, 1)]
    return failures


def print_metrics(reports: dict[str, dict]) -> None:
    """Print the performance metrics of each page as Lighthouse displays them."""
    print(f"\n{'page':14} " + " ".join(f"{name:>14}" for name in METRICS))
    for page, report in reports.items():
        values = " ".join(f"{report['audits'][audit]['displayValue']:>14}" for audit in METRICS.values())
        print(f"{'/' + page:14} {values}")


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files as GitHub Pages does: text gzipped, cached 10 minutes, 404.html for what is missing."""

    def do_GET(self) -> None:
        """Send text gzipped when the browser accepts it; leave redirects and the rest to the base class."""
        path, status = self.find_file()
        if status and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            self.send_gzipped(path, status)
        else:
            super().do_GET()

    def find_file(self) -> tuple[Path, int | None]:
        """Return the file a request names (a folder's index.html) and its status, 404.html for a missing one."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        missing = Path(self.directory) / "404.html"
        if path.is_file():
            return path, 200
        return (missing, 404) if missing.is_file() and not path.is_dir() else (path, None)

    def send_gzipped(self, path: Path, status: int) -> None:
        """Send a file's bytes gzipped with `status`."""
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        """Add the 10-minute cache header GitHub Pages sends."""
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Stay silent."""


if __name__ == "__main__":
    sys.exit(main())
