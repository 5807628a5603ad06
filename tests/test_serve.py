"""`python build.py serve`: live rebuilds, errors in the browser, 404s, confinement, clean shutdown.

Every test runs the real command in a subprocess on a free port over a copy of content/ and
templates/, and talks to it over HTTP and the livereload websocket, as a browser would.
"""
from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a live server in a subprocess per test
ROOT = Path(__file__).resolve().parent.parent
ORIGINAL_404 = "请求失败，文件不存在"
ROW_404 = "| 404  |"


@dataclass
class DevServer:
    """A running `build.py serve` process."""

    process: subprocess.Popen
    port: int
    folder: Path  # its temporary folder; the build it serves is in a folder inside
    log: Path  # its stdout and stderr

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
        """Send one request with `path` exactly as given; return status, headers and body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def page(self, path: str) -> str:
        """Return the body of a page that must be there."""
        status, _, body = self.get(path)
        assert status == 200, (path, status)
        return body

    def output(self) -> str:
        """Return what the server has printed so far."""
        return self.log.read_text(encoding="utf-8")


@contextlib.contextmanager
def run_server(content: Path, *options: str) -> Iterator[DevServer]:
    """Start `build.py serve` over `content` and the templates beside it; stop it after."""
    port = free_port()
    log = content.parent / f"serve-{port}.log"
    (content.parent / "tmp").mkdir(exist_ok=True)
    environment = {**os.environ, "TMPDIR": str(content.parent / "tmp"), "PYTHONUNBUFFERED": "1"}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--content", str(content),
             "--templates", str(content.parent / "templates"), *options],
            stdout=output, stderr=subprocess.STDOUT, env=environment, cwd=content.parent)
    try:
        line = wait_for(lambda: next((line for line in log.read_text().splitlines()
                                      if line.startswith("serving ")), None), 20, lambda: log.read_text())
        yield DevServer(process, port, Path(line.split(" from ")[1].split(";")[0]), log)
    finally:
        stop_server(process)


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server as Ctrl-C does; kill it if it does not stop."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], seconds: float, explain: Callable[[], str] = str) -> object:
    """Return the first true value of `condition` within `seconds`; fail the test otherwise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"not within {seconds} s: {explain()}")


@pytest.fixture
def server(content_copy: Path) -> Iterator[DevServer]:
    """Serve the copy of the content with default options."""
    with run_server(content_copy) as running:
        yield running


def replace_in(path: Path, old: str, new: str) -> None:
    """Save `path` with `old` replaced by `new`, as an editor would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class ReloadListener:
    """A livereload client speaking the websocket protocol as livereload.js does; counts reloads."""

    def __init__(self, port: int) -> None:
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall(f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                            f"Sec-WebSocket-Version: 13\r\n\r\n".encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.socket.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response
        self.send({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        assert self.receive(5)["command"] == "hello"
        self.send({"command": "info", "plugins": {}, "url": f"http://127.0.0.1:{port}/"})
        # The server keeps us once it has read `info`; a forced reload proves it has.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/forcereload")
        connection.getresponse().read()
        assert self.receive(5)["command"] == "reload"

    def send(self, message: dict[str, object]) -> None:
        """Send one masked text frame, as a client must."""
        payload, mask = json.dumps(message).encode(), os.urandom(4)
        header = struct.pack("!BB", 0x81, 0x80 | len(payload)) if len(payload) < 126 else \
            struct.pack("!BBH", 0x81, 0x80 | 126, len(payload))
        self.socket.sendall(header + mask + bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload)))

    def receive(self, seconds: float) -> dict[str, object] | None:
        """Return the next message, or None when none comes within `seconds`."""
        self.socket.settimeout(seconds)
        try:
            first = self.read(2)
        except TimeoutError:
            return None
        self.socket.settimeout(5)
        length = first[1] & 0x7F
        if length >= 126:
            length = int.from_bytes(self.read(2 if length == 126 else 8), "big")
        return json.loads(self.read(length))

    def count_reloads(self, quiet: float) -> int:
        """Return how many reloads arrive until none has come for `quiet` seconds."""
        count = 0
        while (message := self.receive(quiet)) is not None:
            count += message["command"] == "reload"
        return count

    def read(self, size: int) -> bytes:
        """Read exactly `size` bytes."""
        data = b""
        while len(data) < size:
            chunk = self.socket.recv(size - len(data))
            assert chunk, "the server closed the websocket"
            data += chunk
        return data

    def close(self) -> None:
        """Drop the connection."""
        self.socket.close()


@pytest.fixture
def listener(server: DevServer) -> Iterator[ReloadListener]:
    """Connect a livereload client to the server."""
    client = ReloadListener(server.port)
    yield client
    client.close()


def test_every_save_is_served_and_reloads_even_right_after_another(
        server: DevServer, listener: ReloadListener, content_copy: Path) -> None:
    document = content_copy / "http-status.md"
    assert ORIGINAL_404 in server.page("/codes/404/")
    replace_in(document, ORIGINAL_404, "第一次修改的描述")
    wait_for(lambda: "第一次修改的描述" in server.page("/codes/404/"), 2, server.output)
    replace_in(document, "第一次修改的描述", "第二次修改的描述")  # at once: livereload alone drops this reload
    wait_for(lambda: "第二次修改的描述" in server.page("/codes/404/"), 2, server.output)
    assert listener.count_reloads(quiet=0.6) == 2
    assert len(re.findall(r"^built \d+ files", server.output(), re.M)) == 3  # the first build and one per save


def test_saves_in_quick_succession_make_one_rebuild(
        server: DevServer, listener: ReloadListener, content_copy: Path) -> None:
    document, template = content_copy / "http-status.md", content_copy.parent / "templates" / "code.html"
    for number in range(5):  # an editor saving two files over 100 ms, longer than one poll of the folders
        replace_in(document, ORIGINAL_404 if number == 0 else f"描述{number - 1}号", f"描述{number}号")
        replace_in(template, "</h1>", f"</h1><!-- {number} -->")
        time.sleep(0.025)
    assert listener.count_reloads(quiet=0.6) == 1
    page = server.page("/codes/404/")
    assert "描述4号" in page and "<!-- 4 --><!-- 3 --><!-- 2 --><!-- 1 --><!-- 0 -->" in page
    assert len(re.findall(r"^built \d+ files", server.output(), re.M)) == 2


def test_broken_content_is_shown_escaped_and_the_last_good_site_kept(
        server: DevServer, listener: ReloadListener, content_copy: Path) -> None:
    document = content_copy / "http-status.md"
    replace_in(document, ROW_404, "| 40<script>alert(1)</script> |")  # a mistyped code: an error
    page = wait_for(lambda: (body := server.page("/codes/404/")) and "statusdocs-build-error" in body and body,
                    2, server.output)
    message = "content/http-status.md:60: status code '40<script>alert(1)</script>' is not a number"
    assert ORIGINAL_404 in page  # the last good page, with the error over it
    assert "content/http-status.md:60: status code &#x27;40&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in page
    assert "<script>alert(1)" not in page
    assert message in server.output() and "Traceback" not in server.output()
    assert listener.count_reloads(quiet=0.5) == 1
    status, _, missing = server.get("/no/such/page")
    assert status == 404 and "statusdocs-build-error" in missing
    replace_in(document, "| 40<script>alert(1)</script> |", ROW_404)
    replace_in(document, ORIGINAL_404, "修好之后的描述")
    wait_for(lambda: "修好之后的描述" in server.page("/codes/404/"), 2, server.output)
    assert "statusdocs-build-error" not in server.page("/codes/404/")
    assert server.process.poll() is None


def test_broken_template_names_its_line_and_the_next_good_save_recovers(
        server: DevServer, content_copy: Path) -> None:
    template = content_copy.parent / "templates" / "code.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% block main %}", "{% block main %}\n{% if %}"), encoding="utf-8")
    wait_for(lambda: "statusdocs-build-error" in server.page("/codes/404/"), 2, server.output)
    line = good.splitlines().index(next(line for line in good.splitlines() if "{% block main %}" in line)) + 2
    assert f"templates/code.html:{line}: " in server.page("/codes/404/")
    assert f"templates/code.html:{line}: " in server.output()
    template.write_text(good.replace("</h1>", "</h1><p>模板修好了</p>"), encoding="utf-8")
    wait_for(lambda: "模板修好了" in server.page("/codes/404/"), 2, server.output)
    assert "statusdocs-build-error" not in server.page("/codes/404/")


def test_a_server_started_on_broken_content_shows_why_until_it_is_fixed(content_copy: Path) -> None:
    document = content_copy / "http-status.md"
    replace_in(document, ROW_404, "| 4O4 |")
    with run_server(content_copy) as server:
        status, _, body = server.get("/codes/404/")
        assert status == 404 and "content/http-status.md:60: status code &#x27;4O4&#x27; is not a number" in body
        replace_in(document, "| 4O4 |", ROW_404)
        wait_for(lambda: server.get("/codes/404/")[0] == 200, 2, server.output)
        assert "statusdocs-build-error" not in server.page("/codes/404/")


def test_missing_urls_get_the_site_404_page(server: DevServer) -> None:
    status, headers, body = server.get("/no/such/page.html")
    assert status == 404
    assert "找不到这个页面" in body and "livereload.js" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert server.get("/404.html/")[0] == 404  # a file asked for as a folder
    assert server.get("/no/such/page", method="HEAD")[0] == 404


def test_folders_redirect_to_their_slash_as_on_github_pages(server: DevServer) -> None:
    status, headers, _ = server.get("/codes/404")
    assert (status, headers["Location"]) == (301, "/codes/404/")
    assert server.get("/classes/4xx?q=1")[1]["Location"] == "/classes/4xx/?q=1"
    assert "<h1" in server.page("/codes/404/") and "<h1" in server.page("/codes/404/index.html")
    assert server.get("/assets/style.css")[1]["Content-Type"] == "text/css; charset=utf-8"


def test_serve_has_a_demo_page_of_another_site_using_embed_js(content_copy: Path) -> None:
    with run_server(content_copy, "--site-url", "https://user.github.io/repo/") as server:
        demo = server.page("/statusdocs-embed-demo.html")
        assert '<script src="/repo/embed.js" defer></script>' in demo and 'href="/repo/codes/429/index.html"' in demo
        assert "statusdocsEmbed" in server.page("/repo/embed.js") and "statusdocs-embed-demo.html" in server.output()


def test_odd_paths_get_404_and_redirects_stay_on_this_host(server: DevServer) -> None:
    """A segment over 255 bytes is a 404, not a 500; `//codes` redirects to `/codes/`, not to a host `codes`."""
    for path in ("/" + "a" * 256, "/codes/" + "%E5%AD%97" * 90 + "/", "/" + "a" * 5000 + "/index.html"):
        assert server.get(path)[0] == 404, path
    for path, location in (("//codes", "/codes/"), ("///codes/404?q=1", "/codes/404/?q=1")):
        status, headers, _ = server.get(path)
        assert (status, headers["Location"]) == (301, location), path
    assert "Traceback" not in server.output() and server.process.poll() is None


def test_a_non_ascii_site_url_is_mounted_percent_encoded(content_copy: Path) -> None:
    with run_server(content_copy, "--site-url", "https://例子.测试/文档/") as server:
        assert server.get("/")[1]["Location"] == "/%E6%96%87%E6%A1%A3/"
        assert "<h1" in server.page("/%E6%96%87%E6%A1%A3/codes/404/")


def test_nothing_outside_the_served_folder_is_reachable(server: DevServer, content_copy: Path) -> None:
    # The served build sits in a folder of the temporary folder in tmp/ beside the content copy, so each of
    # these would reach it.
    secret = (content_copy / "http-status.md").read_text(encoding="utf-8")[:40]
    for served in server.folder.iterdir():
        (served / "escape").symlink_to(content_copy)
    attempts = ["/../../../content/http-status.md", "/%2e%2e/%2e%2e/%2e%2e/content/http-status.md",
                "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fcontent%2Fhttp-status.md", "/codes/../../../../content/http-status.md",
                "/..%2f..%2f..%2fcontent/http-status.md", "/..\\..\\..\\content\\http-status.md",
                f"/{content_copy}/http-status.md", f"//{content_copy}/http-status.md",
                f"/%2f{str(content_copy)[1:]}/http-status.md", "/escape/http-status.md", "/%00"]
    for attempt in attempts:
        status, _, body = server.get(attempt)
        assert status == 404 and secret not in body, attempt
    assert server.process.poll() is None


def test_site_url_mounts_the_site_under_its_path(content_copy: Path) -> None:
    with run_server(content_copy, "--site-url", "https://user.github.io/repo/") as server:
        status, headers, _ = server.get("/")
        assert (status, headers["Location"]) == (302, "/repo/")
        assert server.get("/repo")[1]["Location"] == "/repo/"
        assert ORIGINAL_404 in server.page("/repo/codes/404/")
        status, _, body = server.get("/codes/404/")
        assert status == 404 and 'href="/repo/assets/style.css"' in body
        assert server.get("/repo/codes/404")[1]["Location"] == "/repo/codes/404/"
        assert "serving http://127.0.0.1:" in server.output() and "/repo/ from " in server.output()


def test_a_taken_port_is_one_clear_line(content_copy: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                 "--content", str(content_copy)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert result.stderr == f"127.0.0.1:{port}: the port is already in use: stop the other server " \
                            f"or pick another with --port\n"


def test_ctrl_c_stops_cleanly_and_removes_the_temporary_folder(content_copy: Path) -> None:
    with run_server(content_copy) as server:
        assert list(server.folder.glob("*/codes/404/index.html"))
        assert server.folder.parent == content_copy.parent / "tmp"  # never site/
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(10) == 0
        assert not server.folder.exists()
        assert server.output().rstrip().endswith("stopped") and "Traceback" not in server.output()


def test_importing_and_running_the_build_does_not_import_livereload(tmp_path: Path) -> None:
    script = ("import sys, build; build.main(['--out', sys.argv[1]]); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('livereload', 'tornado')))")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "site")], capture_output=True,
                            text=True, cwd=ROOT, timeout=60, check=True)
    built, modules = result.stdout.splitlines()
    assert re.match(rf"built \d+ files into {re.escape(str(tmp_path / 'site'))} in ", built) and modules == "[]"


@pytest.mark.slow("bursts of saves and broken saves against a live server: 10-20 s")
def test_server_survives_bursts_and_broken_saves_without_growing(server: DevServer, content_copy: Path) -> None:
    document, template = content_copy / "http-status.md", content_copy.parent / "templates" / "code.html"
    good_document, good_template = document.read_text(encoding="utf-8"), template.read_text(encoding="utf-8")
    for number in range(2):  # warm up: the first failed builds import and cache a little
        break_and_wait(server, document, template, good_document, good_template, number)
    document.write_text(good_document, encoding="utf-8")
    template.write_text(good_template, encoding="utf-8")
    wait_for(lambda: "statusdocs-build-error" not in server.page("/codes/404/"), 2, server.output)
    before = resident_kilobytes(server.process.pid)
    for number in range(200):  # about a second of saves, alternating between two files
        if number % 2:
            document.write_text(good_document.replace(ORIGINAL_404, f"连续保存{number}"), encoding="utf-8")
        else:
            template.write_text(good_template.replace("</h1>", f"</h1><!-- {number} -->"), encoding="utf-8")
        time.sleep(0.005)
    wait_for(lambda: "连续保存199" in server.page("/codes/404/"), 3, server.output)
    for number in range(50):
        break_and_wait(server, document, template, good_document, good_template, number)
    document.write_text(good_document.replace(ORIGINAL_404, "最后的描述"), encoding="utf-8")
    template.write_text(good_template, encoding="utf-8")
    wait_for(lambda: "最后的描述" in server.page("/codes/404/"), 3, server.output)
    grown = resident_kilobytes(server.process.pid) - before
    # 300 rebuilds: a leak of 30 kB a rebuild would pass 8 MB; the allocator's high-water mark with today's larger
    # pages (reference block, 86 codes) has reached 4.9 MB on a loaded machine without any leak (1 MB in-process)
    assert grown < 8192, f"RSS grew by {grown} kB"
    assert server.process.poll() is None
    assert "statusdocs-build-error" not in server.page("/codes/404/")
    assert server.get("/no/such/page")[0] == 404 and "<h1" in server.page("/classes/4xx/")


def break_and_wait(server: DevServer, document: Path, template: Path, good_document: str,
                   good_template: str, number: int) -> None:
    """Save a broken document (odd numbers) or template (even ones); wait until that error shows."""
    if number % 2:
        document.write_text(good_document.replace(ROW_404, f"| 4坏{number} |"), encoding="utf-8")
        template.write_text(good_template, encoding="utf-8")
        expected = f"content/http-status.md:60: status code &#x27;4坏{number}&#x27; is not a number"
    else:
        template.write_text(good_template.replace("</h1>", f"</h1>{{{{ missing_{number} }}}}"), encoding="utf-8")
        document.write_text(good_document, encoding="utf-8")
        expected = f"&#x27;missing_{number}&#x27; is undefined"
    wait_for(lambda: expected in server.page("/codes/404/"), 3, server.output)


def resident_kilobytes(pid: int) -> int:
    """Return the resident set size of a process, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def test_an_open_page_reloads_itself_on_every_save(server: DevServer, content_copy: Path, page: object) -> None:
    document = content_copy / "http-status.md"
    page.goto(f"http://127.0.0.1:{server.port}/codes/404/")  # type: ignore[attr-defined]
    description = page.locator(".description")  # type: ignore[attr-defined]
    assert ORIGINAL_404 in description.inner_text()
    for old, new in [(ORIGINAL_404, "浏览器里的第一次修改"), ("浏览器里的第一次修改", "紧接着的第二次修改")]:
        page.evaluate("window.__notReloaded = true")  # type: ignore[attr-defined]
        replace_in(document, old, new)
        page.wait_for_function(f"document.querySelector('.description').textContent.includes('{new}')",
                               timeout=2000)  # type: ignore[attr-defined]
        assert page.evaluate("window.__notReloaded") is None  # type: ignore[attr-defined]
    replace_in(document, ROW_404, '| 4O4<img src=x onerror="window.__pwned=1"> |')
    overlay = page.locator("#statusdocs-build-error")  # type: ignore[attr-defined]
    overlay.wait_for(timeout=2000)
    assert 'content/http-status.md:60: status code \'4O4<img src=x onerror="window.__pwned=1">\'' in overlay.inner_text()
    assert "紧接着的第二次修改" in description.inner_text()
    assert page.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    replace_in(document, '| 4O4<img src=x onerror="window.__pwned=1"> |', ROW_404)
    overlay.wait_for(state="detached", timeout=2000)


def test_a_page_that_connects_after_a_rebuild_catches_up(
        server: DevServer, content_copy: Path, page: object) -> None:
    # Hold back livereload.js so the page misses the reload message, as a page loading mid-rebuild does.
    held: list[object] = []
    page.route("**/livereload.js*", lambda route: held.append(route))  # type: ignore[attr-defined]
    page.goto(f"http://127.0.0.1:{server.port}/codes/404/", wait_until="domcontentloaded")  # type: ignore[attr-defined]
    while not held:
        page.wait_for_timeout(20)  # type: ignore[attr-defined]
    build = server.get("/statusdocs-build")[2]
    replace_in(content_copy / "http-status.md", ORIGINAL_404, "页面连上之前的修改")
    wait_for(lambda: server.get("/statusdocs-build")[2] != build, 2, server.output)
    held[0].continue_()  # type: ignore[attr-defined]
    page.unroute("**/livereload.js*")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.description').textContent.includes('页面连上之前的修改')",
                           timeout=3000)  # type: ignore[attr-defined]


def test_asset_edits_are_served_and_reload(server: DevServer, listener: ReloadListener, content_copy: Path) -> None:
    assets = content_copy.parent / "templates" / "assets"
    replace_in(assets / "style.css", "}", "}\n.dev-server-test { color: red; }", )
    (assets / "extra.js").write_text("window.extra = 1;\n", encoding="utf-8")
    wait_for(lambda: ".dev-server-test" in server.page("/assets/style.css"), 2, server.output)
    assert server.page("/assets/extra.js") == "window.extra = 1;\n"
    assert listener.count_reloads(quiet=0.5) == 1


def test_it_listens_on_127_0_0_1_only_by_default(server: DevServer) -> None:
    assert listening_addresses(server.port) == ["127.0.0.1"]


def listening_addresses(port: int) -> list[str]:
    """Return the IPv4 addresses a TCP port listens on, from /proc/net/tcp (and IPv6 ones, as hex)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if state == "0A" and int(local_port, 16) == port:  # 0A: LISTEN
                found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]) if len(address) == 8 else address)
    return found


def test_tests_have_not_imported_livereload() -> None:
    assert not [name for name in sys.modules if name.split(".")[0] in ("livereload", "tornado")]


def test_every_serve_option_is_documented() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--help"], capture_output=True,
                            text=True, check=True, timeout=30)
    options = {word.strip("[],") for word in result.stdout.split() if word.startswith(("--", "[--"))} - {"--help"}
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert options == {"--host", "--port", "--site-url", "--content", "--templates"}
    assert all(f"`python build.py serve {option}" in readme or f"serve --content DIR {option}" in readme
               for option in options)
