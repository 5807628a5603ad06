"""Dev server: serve a built folder with livereload; rebuild and reload the browser on every save.

livereload gives us the websocket that tells a page to reload, livereload.js and the tag that loads it into
every HTML page; the tornado application around them is ours, so that every request is checked for its Host
and the live-reload ones for their origin (livereload's own accepts any Origin: any page the user visits could
connect). Its own watching is left out on purpose: its Watcher runs a task on every 800 ms poll (no debounce)
and LiveReloadHandler.poll_tasks drops any reload that comes less than 3 s after the previous one, so a second
quick save never reached the browser. Here a poller waits for a burst of saves to settle, rebuilds once and
tells every page to reload; a page that was loading during a rebuild asks for the build number when its
livereload connects. Rebuilds run in a child process (see Builder), so the server answers while one runs.
Static files are served by our own handler so that missing pages get the site's 404.html, directories
redirect to their slash as on GitHub Pages, nothing outside the folder is reachable, and a failed build is
shown over every page while the last good build stays in place.
"""
from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import logging
import mimetypes
import multiprocessing
import os
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import httputil, web
from tornado.ioloop import PeriodicCallback
from tornado.websocket import WebSocketClosedError

from .read.files import is_source_name
from .model import ContentError

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
# livereload's own tag (from livereload.server): loads livereload.js from the host and port the page came from.
LIVERELOAD_TAG = (b'<script type="text/javascript">(function(){var s=document.createElement("script");'
                  b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
                  b's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
                  b"document.head.appendChild(s);})();</script>")
RELOAD_MESSAGE = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": True}
# Pages of this server, and the user typing a URL, send these; a request from another site's page never does.
OWN_FETCH_SITES = (None, "same-origin", "none")
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


class BuildResult(NamedTuple):
    """What came of one rebuild, sent from the build process to the server."""

    folder: Path  # where it built
    files: int | None  # files written; None when the build failed
    problems: list[str]  # one line each; empty when the build succeeded
    seconds: float


def serve(rebuild: Callable[[Path], int], folder: Path, watched: list[Path], options: ServeOptions) -> None:
    """Build inside `folder` with `rebuild(out)`, serve it, rebuild on every change under `watched` until stopped."""
    try:
        asyncio.run(run_server(DevSite(folder), rebuild, watched, options))
    except KeyboardInterrupt:  # Ctrl-C before the loop took the signal over
        pass
    print("stopped", flush=True)


async def run_server(site: DevSite, rebuild: Callable[[Path], int], watched: list[Path],
                     options: ServeOptions) -> None:
    """Listen, build once, then rebuild and reload on every change until stopped; the build process goes first."""
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # not a line per 404 (favicon.ico...)
    stopped = asyncio.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell may have ignored it
        asyncio.get_running_loop().add_signal_handler(signal_number, stopped.set)
    listen(make_application(site, options), options)

    def show(result: BuildResult) -> None:
        site.show(result)
        if site.number == 1:  # the first build is in place: the site can be opened
            announce(site, watched, options)

    def rebuild_site() -> None:
        builder.request(site.spare(), site.folder)

    builder = Builder(rebuild, show)
    try:
        rebuild_site()
        PeriodicCallback(ChangeWatcher(watched, rebuild_site).poll, POLL_SECONDS * 1000).start()
        await stopped.wait()
    finally:
        builder.stop()  # killed and reaped: nothing writes into the folder once it is removed


def announce(site: DevSite, watched: list[Path], options: ServeOptions) -> None:
    """Print where the site and the embed.js demo are served."""
    print(f"serving {site_address(options)} from {site.root}; watching "
          f"{', '.join(str(path) for path in watched)}; Ctrl-C stops", flush=True)
    print(f"preview cards (embed.js) on another site's page: {site_address(replace(options, base=DEMO_PATH))}",
          flush=True)


def listen(application: web.Application, options: ServeOptions) -> None:
    """Bind the port, turning a taken or forbidden address into one clear line."""
    try:
        application.listen(options.port, address=options.host)
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

    def __init__(self, root: Path) -> None:
        self.root = root
        # Two folders take turns: a rebuild writes the one not served, and a good build is served from the moment
        # its result arrives, so every request is answered from one whole build with that build's problems.
        self.folders = (root / "a", root / "b")
        self.folder = self.folders[0]  # served: empty until the first good build
        self.problems: list[str] = []
        self.number = 0  # counts finished builds, failed ones too: each changes what pages show

    def spare(self) -> Path:
        """Return the folder the next rebuild writes: the one not served."""
        return self.folders[self.folder == self.folders[0]]

    def show(self, result: BuildResult) -> None:
        """Take a finished build's outcome, say it in the terminal, and tell every open page to reload."""
        self.number += 1  # only now: a page served during the rebuild shows the previous build, and catches up
        self.problems = result.problems
        if result.files is not None:
            self.folder = result.folder
            print(f"built {result.files} files in {result.seconds:.2f} s", flush=True)
        else:
            print("\n".join(self.problems), file=sys.stderr)
            print(f"build failed: {len(self.problems)} problem(s); still serving the last good build",
                  file=sys.stderr, flush=True)
        reload_pages()


def reload_pages() -> None:
    """Tell every connected page to reload (livereload's reload_waiters needs its own watcher, left out here)."""
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(RELOAD_MESSAGE)
        except WebSocketClosedError:  # closed before on_close ran
            LiveReloadHandler.waiters.discard(waiter)


# Why a child process: a rebuild may run for seconds (large content) or forever (a template that loops, even
# in C, such as a huge `**`), and the server must answer requests and stop within a second meanwhile. In a
# thread the server could answer, and exit without waiting for it, but not stop the thread: a stuck rebuild
# would hold every later save, and one still writing could recreate the temporary folder after its removal
# (write_file makes missing parents). A child can be killed, and once it is reaped nothing writes. It is forked
# once and reused, so that what a build keeps in memory (imports, the OpenCC conversions of the converter the
# rebuild function holds) stays warm as it did in the server itself; a killed build leaves every file whole, and
# the next build removes its temporary files (see output/write.py).
FORK = multiprocessing.get_context("fork")  # the child needs the rebuild function as it is, not pickled


class Builder:
    """Runs rebuilds in a child process one at a time; a rebuild asked for while one runs replaces it."""

    def __init__(self, build: Callable[[Path], int], on_result: Callable[[BuildResult], None]) -> None:
        self.build = build
        self.on_result = on_result
        self.child: tuple[BaseProcess, Connection] | None = None
        self.folder: Path | None = None  # where the running rebuild writes; None between rebuilds

    def request(self, folder: Path, served: Path) -> None:
        """Start a rebuild into `folder` (beside the `served` one); one still running is killed first."""
        if self.folder is not None or (self.child is not None and not self.child[0].is_alive()):
            self.stop()
        _, connection = self.child or self.start()
        connection.send((folder, served))
        self.folder = folder

    def start(self) -> tuple[BaseProcess, Connection]:
        """Fork the build process and listen for its results."""
        ours, theirs = FORK.Pipe()
        sys.stdout.flush()
        sys.stderr.flush()  # or the child would print again what the server had not yet written
        process = FORK.Process(target=build_on_request, args=(self.build, theirs), daemon=True)
        process.start()
        theirs.close()
        asyncio.get_running_loop().add_reader(ours.fileno(), self.receive)
        self.child = process, ours
        return self.child

    def receive(self) -> None:
        """Pass on a finished rebuild; a build process that died mid-build is a failed build, replaced by the next."""
        process, connection = self.child  # type: ignore[misc]  # the reader is removed with the child
        folder = self.folder
        try:
            result = connection.recv()
        except (EOFError, OSError):  # killed by the system (out of memory), or a crash in C
            process.join()
            self.stop()
            if folder is None:  # between rebuilds: nothing was lost
                return
            result = BuildResult(folder, None, [f"the build process died (exit status {process.exitcode}); "
                                                "the next save starts another"], 0.0)
        self.folder = None
        self.on_result(result)

    def stop(self) -> None:
        """Kill the build process, if any, and wait until it is gone."""
        if self.child is not None:
            process, connection = self.child
            asyncio.get_running_loop().remove_reader(connection.fileno())
            process.kill()
            process.join()
            connection.close()
        self.child, self.folder = None, None


def build_on_request(build: Callable[[Path], int], connection: Connection) -> None:
    """In the build process: build each time the server asks, and send back what came of it."""
    signal.set_wakeup_fd(-1)  # the server's loop reads its signals there; ours are not for it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the server stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        while True:
            folder, served = connection.recv()
            seed_folder(folder, served)
            connection.send(run_build(build, folder))
    except EOFError:  # the server is gone
        pass


def seed_folder(folder: Path, served: Path) -> None:
    """Fill a folder no build has written yet with hard links to the served build's files, so that its first
    rebuild writes only what changed (writing all 190 files took 0.3-0.5 s more here; linking them 0.07 s)."""
    if folder.exists() or not served.is_dir():
        return
    staging = folder.with_name(f".{folder.name}.seed")  # renamed when whole: a killed seeding leaves no half
    shutil.rmtree(staging, ignore_errors=True)
    try:  # sharing files is safe: a build replaces a file by renaming a new one over it, never writes into it
        shutil.copytree(served, staging, symlinks=True, copy_function=os.link)
        staging.rename(folder)
    except OSError:  # a file system without hard links: the build writes every file
        shutil.rmtree(staging, ignore_errors=True)


def run_build(build: Callable[[Path], int], folder: Path) -> BuildResult:
    """Build once: a user's problem is one line each, a bug also prints its traceback; neither stops the server."""
    started = time.perf_counter()
    try:
        files = build(folder)
    except ContentError as error:
        problems = list(error.problems) or ["build failed"]
    except OSError as error:  # the user's machine: a file that cannot be read, a full disk
        problems = [f"{error.filename or '?'}: {error.strerror or error}"]
    except Exception as error:  # noqa: BLE001 - a bug or a file caught mid-save must not stop the server
        traceback.print_exc()
        problems = [f"{type(error).__name__}: {error} (see the terminal)"]
    else:
        return BuildResult(folder, files, [], time.perf_counter() - started)
    return BuildResult(folder, None, problems, time.perf_counter() - started)


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


def make_application(site: DevSite, options: ServeOptions) -> web.Application:
    """Route livereload's socket and script, the build number, the demo page and the site, each behind its check."""
    class AddLiveReload(LiveScriptInjector):  # puts livereload's tag before </head> of every HTML answer
        script = LIVERELOAD_TAG

    return web.Application([(r"/livereload", ReloadSocket), (r"/forcereload", ForceReloadHandler),
                            (r"/livereload.js", ReloadScriptHandler),
                            (BUILD_PATH, BuildNumberHandler, {"site": site}),
                            (DEMO_PATH, DemoHandler, {"base": options.base}),
                            (r"/.*", SiteHandler, {"site": site, "base": options.base})],
                           transforms=[AddLiveReload], serve_host=options.host)


class OwnHostOnly(web.RequestHandler):
    """Answers only requests addressed to this server, not to a DNS name rebound to it by another site."""

    live_reload = False  # True: also only pages of this server, as another site's page could drive reloads

    def prepare(self) -> None:
        """Refuse with 403 a request with a foreign Host, or a live-reload request from a foreign page."""
        host = self.request.headers.get("Host", "")
        if not is_own_host(host, self.settings["serve_host"]):
            self.refuse(f"{host}: not an address of this server; open it at its IP address or at localhost")
        elif self.live_reload and is_foreign_page(self.request.headers, host):
            self.refuse("live reload answers only pages of this server")

    def refuse(self, reason: str) -> None:
        """Answer 403 with the reason."""
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(reason + "\n")


def is_own_host(host: str, serve_host: str) -> bool:
    """Tell whether a Host header names this server: an IP address, localhost or --host (no name another can point)."""
    try:
        name = urlsplit(f"//{host}").hostname or ""
    except ValueError:  # a malformed port or bracket
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name in ("localhost", serve_host.lower())
    return True


def is_foreign_page(headers: httputil.HTTPHeaders, host: str) -> bool:
    """Tell whether a browser sent the request from a page of another origin (Origin, or Sec-Fetch-Site for GETs)."""
    origin = headers.get("Origin")
    if origin is not None and origin.lower() != f"http://{host}".lower():  # "null" too: a file:// or sandboxed page
        return True
    return headers.get("Sec-Fetch-Site") not in OWN_FETCH_SITES


class ReloadSocket(OwnHostOnly, LiveReloadHandler):
    """livereload's websocket, for pages of this server only."""

    live_reload = True


class ForceReloadHandler(OwnHostOnly):
    """Reloads every connected page, as livereload's /forcereload does, for pages of this server only."""

    live_reload = True

    def get(self) -> None:
        """Send the reload."""
        reload_pages()
        self.finish("ok")


class ReloadScriptHandler(OwnHostOnly, LiveReloadJSHandler):
    """livereload.js."""


class DemoHandler(OwnHostOnly):
    """Serves a page of "another site" that links codes and loads embed.js, to see the preview cards."""

    def initialize(self, base: str) -> None:
        """Keep the path the site is mounted under."""
        self.base = base

    def get(self) -> None:
        """Send the demo page."""
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(DEMO_PAGE.format(base=self.base))


class BuildNumberHandler(OwnHostOnly):
    """Answers the number of the latest build, for pages that connect late."""

    def initialize(self, site: DevSite) -> None:
        """Keep the site."""
        self.site = site

    def get(self) -> None:
        """Send the number as text."""
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(str(self.site.number))


class SiteHandler(OwnHostOnly):
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
        # os.path's tests, not Path's: a legal path longer than the system's PATH_MAX is no file, not an error
        if target is not None and os.path.isdir(target):
            if not path.endswith("/"):  # "//codes/" would name another host: one slash at the start
                return self.redirect("/" + path.lstrip("/") + "/" + query, permanent=True)
            target = target / "index.html"
        elif path.endswith("/"):  # a file asked for as a folder
            target = None
        if target is None or (data := read_file(target)) is None:
            return self.send_not_found()
        self.send_data(data, content_type(target.name), 200)

    head = get

    def send_not_found(self) -> None:
        """Answer 404 with the site's own 404.html, as GitHub Pages does."""
        page = read_file(self.site.folder / "404.html")
        if page is not None:
            return self.send_data(page, "text/html; charset=utf-8", 404)
        self.send_data(FALLBACK_PAGE.encode("utf-8"), "text/html; charset=utf-8", 404)

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


def read_file(path: Path) -> bytes | None:
    """Return the bytes of a regular file, or None: no file there, or the rebuild beside us has just removed it."""
    try:
        return path.read_bytes() if os.path.isfile(path) else None
    except OSError:
        return None


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
