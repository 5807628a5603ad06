"""Dev server: serve a built folder with livereload; rebuild and reload the browser on every save.

livereload gives us the server, the livereload.js it injects into every HTML page and the
websocket that tells the page to reload. Its own watching is left out on purpose: its Watcher
runs a task on every 800 ms poll (no debounce) and LiveReloadHandler.poll_tasks drops any reload
that comes less than 3 s (1 s with a delay) after the previous one, so a second quick save never
reached the browser. Here a poller waits for a burst of saves to settle, rebuilds once and calls
LiveReloadHandler.reload_waiters directly, which has no time check; a page that was loading
during a rebuild asks for the build number when its livereload connects. Static files are served by
our own handler so that missing pages get the site's 404.html, directories redirect to their
slash as on GitHub Pages, nothing outside the folder is reachable, and a failed build is shown
over every page while the last good build stays in place.
"""
from __future__ import annotations

import asyncio
import errno
import html
import logging
import mimetypes
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.ioloop import PeriodicCallback

from .files import is_source_name
from .model import ContentError
from .traditional import keep_converting

POLL_SECONDS = 0.05  # how often the watched folders are scanned
QUIET_SECONDS = 0.15  # saves closer together than this make one rebuild
LONGEST_WAIT_SECONDS = 1.0  # a steady stream of saves still rebuilds this often
NAME_MAX = 255  # bytes in one file name on common file systems; a longer URL segment names no file
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
ERROR_OVERLAY = (
    '<div id="statusdocs-build-error" role="alert" style="position:fixed;left:0;right:0;bottom:0;'
    "z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1em 1.25em;"
    "background:#fff4f4;color:#7a0000;border-top:4px solid #b00020;font:14px/1.5 ui-monospace,"
    'monospace;white-space:pre-wrap;text-align:left">'
    "<strong>构建失败（build failed）：显示的是上一次成功的构建，修好后保存即自动刷新。</strong>\n"
    "{problems}</div>\n"
)
BUILD_PATH = "/statusdocs-build"  # answers the number of the latest build
# A page that loads while a rebuild runs connects to livereload only after the reload was sent;
# on connecting it asks which build is current and reloads itself when it shows an older one.
CATCH_UP_SCRIPT = ('<script>document.addEventListener("LiveReloadConnect",function(){{'
                   'fetch("{path}",{{cache:"no-store"}}).then(function(r){{return r.text()}})'
                   '.then(function(n){{if(n!=="{build}")location.reload()}})}})</script>\n')
DEMO_PATH = "/statusdocs-embed-demo.html"  # not part of the site: another site's page that uses embed.js
DEMO_PAGE = ('<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             "<title>embed.js 演示</title>\n"
             '<script src="{base}embed.js" defer></script>\n</head>\n'
             '<body style="max-width:40rem;margin:2rem auto;padding:0 1rem;font:16px/1.7 system-ui,sans-serif">\n'
             "<h1>另一个文档站点</h1>\n<p>这一页假装是别人的文档：它只加了一行 "
             '<code>&lt;script src="…/embed.js" defer&gt;&lt;/script&gt;</code>。把鼠标移到下面的链接上，'
             "或者用 Tab 键聚焦它们，就会看到预览卡片；Esc 关闭。</p>\n"
             '<ul>\n<li>找不到资源时返回 <a href="{base}codes/404/">404</a>。</li>\n'
             '<li>请求太频繁会收到 <a href="{base}codes/429/index.html">429</a>，'
             '服务器维护时是 <a href="{base}codes/503/">503</a>。</li>\n'
             '<li>nginx 日志里的 <a href="{base}codes/499/">499</a> 是非标准状态码。</li>\n'
             '<li><a href="{base}classes/4xx/">4xx 类别页</a>不是状态码页，没有卡片。</li>\n</ul>\n</body>\n</html>\n')
FALLBACK_PAGE = ('<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
                 "<title>404</title>\n</head>\n<body>\n<h1>404</h1>\n</body>\n</html>\n")


@dataclass(frozen=True)
class ServeOptions:
    """Where the dev server listens and where the site is mounted."""

    host: str  # "127.0.0.1"
    port: int
    base: str  # the path the site is served under: "/" or "/repo/"


def serve(rebuild: Callable[[], int], folder: Path, watched: list[Path], options: ServeOptions) -> None:
    """Build into `folder`, serve it, rebuild on every change under `watched` until Ctrl-C."""
    keep_converting()
    try:
        asyncio.run(run_server(DevSite(rebuild, folder), watched, options))
    except KeyboardInterrupt:
        pass
    print("stopped", flush=True)


async def run_server(site: DevSite, watched: list[Path], options: ServeOptions) -> None:
    """Listen, build once, then rebuild and reload on every change until stopped."""
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # not a line per 404 (favicon.ico...)
    listen(DevServer(site, options.base), options)
    site.rebuild()
    watcher = ChangeWatcher(watched, site.rebuild_and_reload)
    PeriodicCallback(watcher.poll, POLL_SECONDS * 1000).start()
    print(f"serving {site_address(options)} from {site.folder}; watching "
          f"{', '.join(str(path) for path in watched)}; Ctrl-C stops", flush=True)
    print(f"preview cards (embed.js) on another site's page: {site_address(replace(options, base=DEMO_PATH))}",
          flush=True)
    stopped = asyncio.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell may have ignored it
        asyncio.get_running_loop().add_signal_handler(signal_number, stopped.set)
    await stopped.wait()


def listen(server: DevServer, options: ServeOptions) -> None:
    """Bind the port, turning a taken or forbidden address into one clear line."""
    try:
        server.application(options.port, options.host, debug=False, live_css=False)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            reason = "the port is already in use: stop the other server or pick another with --port"
        else:
            reason = f"cannot listen there ({error.strerror or error}): check --host and --port"
        raise ContentError([f"{options.host}:{options.port}: {reason}"]) from None


def site_address(options: ServeOptions) -> str:
    """Return the URL the site is served at."""
    host = f"[{options.host}]" if ":" in options.host else options.host
    return f"http://{host}:{options.port}{options.base}"


class DevSite:
    """The served folder and the problems of the latest build (none when it succeeded)."""

    def __init__(self, rebuild: Callable[[], int], folder: Path) -> None:
        self.build = rebuild
        self.folder = folder
        self.problems: list[str] = []
        self.number = 0  # counts builds, failed ones too: each changes what pages show

    def rebuild(self) -> None:
        """Build into the folder; on failure keep the last good files and remember why."""
        started = time.perf_counter()
        self.number += 1
        try:
            files = self.build()
        except ContentError as error:
            self.problems = list(error.problems) or ["build failed"]
        except Exception as error:  # noqa: BLE001 - a bug or a file caught mid-save must not stop the server
            traceback.print_exc()
            self.problems = [f"{type(error).__name__}: {error} (see the terminal)"]
        else:
            self.problems = []
            print(f"built {files} files in {time.perf_counter() - started:.2f} s", flush=True)
            return
        print("\n".join(self.problems), file=sys.stderr)
        print(f"build failed: {len(self.problems)} problem(s); still serving the last good build",
              file=sys.stderr, flush=True)

    def rebuild_and_reload(self) -> None:
        """Rebuild, then tell every open page to reload (it shows the error if the build failed)."""
        self.rebuild()
        LiveReloadHandler.reload_waiters("*")


class ChangeWatcher:
    """Polls the watched folders and calls back once a burst of saves has settled."""

    def __init__(self, folders: list[Path], on_change: Callable[[], None]) -> None:
        self.folders = folders
        self.on_change = on_change
        self.seen = snapshot_files(folders)
        self.first_change: float | None = None
        self.last_change = 0.0

    def poll(self) -> None:
        """Note a change; rebuild once no save has come for a moment (or after a long burst)."""
        now = time.monotonic()
        current = snapshot_files(self.folders)
        if current != self.seen:  # taken before the rebuild, so a save during it is seen next time
            self.seen = current
            self.first_change = self.first_change or now
            self.last_change = now
        if self.first_change is not None and (now - self.last_change >= QUIET_SECONDS
                                              or now - self.first_change >= LONGEST_WAIT_SECONDS):
            self.first_change = None
            self.on_change()


def snapshot_files(folders: list[Path]) -> dict[str, tuple[int, int, int]]:
    """Return (mtime, size, inode) of every file under `folders`, editors' scratch files left out."""
    files: dict[str, tuple[int, int, int]] = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            for name in names:
                if not is_scratch_file(name):
                    try:
                        stat = os.stat(os.path.join(root, name))
                    except OSError:  # deleted between listing and stat: the next poll sees it gone
                        continue
                    files[os.path.join(root, name)] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return files


def is_scratch_file(name: str) -> bool:
    """Tell editors' swap, backup and lock files, which change while nothing is saved (the build skips them too)."""
    return not is_source_name(name) or name.endswith((".swp", ".swx", ".tmp"))


class DevServer(Server):
    """livereload's server with our site handler in place of its static file handler."""

    def __init__(self, site: DevSite, base: str) -> None:
        super().__init__()
        self.site = site
        self.base = base

    def get_web_handlers(self, script: bytes) -> list[tuple[str, type, dict[str, object]]]:
        """Route every request that is not livereload's own to the site handler."""
        return [(BUILD_PATH, BuildNumberHandler, {"site": self.site}),
                (DEMO_PATH, DemoHandler, {"base": self.base}),
                (r"/.*", SiteHandler, {"site": self.site, "base": self.base})]


class DemoHandler(web.RequestHandler):
    """Serves a page of "another site" that links codes and loads embed.js, to see the preview cards."""

    def initialize(self, base: str) -> None:
        """Keep the path the site is mounted under."""
        self.base = base

    def get(self) -> None:
        """Send the demo page."""
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(DEMO_PAGE.format(base=self.base))


class BuildNumberHandler(web.RequestHandler):
    """Answers the number of the latest build, for pages that connect late."""

    def initialize(self, site: DevSite) -> None:
        """Keep the site."""
        self.site = site

    def get(self) -> None:
        """Send the number as text."""
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(str(self.site.number))


class SiteHandler(web.RequestHandler):
    """Serves the built folder as GitHub Pages would, showing the build's problems on every page."""

    def initialize(self, site: DevSite, base: str) -> None:
        """Keep the site and the path it is mounted under."""
        self.site = site
        self.base = base

    def get(self) -> None:
        """Answer with a file, a redirect or the 404 page."""
        path, query = self.request.path, f"?{self.request.query}" if self.request.query else ""
        if not path.startswith(self.base):
            if path in ("/", self.base.rstrip("/")):
                return self.redirect(self.base + query)
            return self.send_not_found()
        target = find_file(self.site.folder, unquote(path[len(self.base):]))
        if target is not None and target.is_dir():
            if not path.endswith("/"):  # "//codes/" would name another host: one slash at the start
                return self.redirect("/" + path.lstrip("/") + "/" + query, permanent=True)
            target = target / "index.html"
        elif path.endswith("/"):  # a file asked for as a folder
            target = None
        if target is None or not target.is_file():
            return self.send_not_found()
        self.send_file(target, 200)

    head = get

    def send_not_found(self) -> None:
        """Answer 404 with the site's own 404.html, as GitHub Pages does."""
        page = self.site.folder / "404.html"
        if page.is_file():
            return self.send_file(page, 404)
        self.send_data(FALLBACK_PAGE.encode("utf-8"), "text/html; charset=utf-8", 404)

    def send_file(self, path: Path, status: int) -> None:
        """Send one file of the built site."""
        self.send_data(path.read_bytes(), content_type(path.name), status)

    def send_data(self, data: bytes, kind: str, status: int) -> None:
        """Send a body, uncached; a page gets the catch-up script and the build's problems."""
        if kind.startswith("text/html"):
            data = add_dev_markup(data, self.site)
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        self.finish(data)


def find_file(folder: Path, relative: str) -> Path | None:
    """Return the path a URL path names inside `folder`, or None when it would lead outside."""
    parts = [part for part in relative.split("/") if part]
    if any(part in (".", "..") or "\0" in part or "\\" in part or len(part.encode()) > NAME_MAX
           for part in parts):
        return None
    target = folder.joinpath(*parts)
    inside = os.path.realpath(target).startswith(os.path.realpath(folder) + os.sep)
    return target if inside or not parts else None


def content_type(name: str) -> str:
    """Return the Content-Type of a file by its name, with a charset for text."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def add_dev_markup(page: bytes, site: DevSite) -> bytes:
    """Return the page with the catch-up script and, after a failed build, its problems (escaped)."""
    script = CATCH_UP_SCRIPT.format(path=BUILD_PATH, build=site.number)
    if site.problems:
        script += ERROR_OVERLAY.format(problems=html.escape("\n".join(site.problems)))
    end = page.rfind(b"</body>")
    return page[:end] + script.encode("utf-8") + page[end:] if end >= 0 else page + script.encode("utf-8")
