"""`python build.py serve` under stress: a rebuild that never ends, signals mid-rebuild, foreign pages, long paths.

Each test runs the real command in a subprocess, as tests/test_serve.py does (its helpers are used here).
"""
from __future__ import annotations

import base64
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_serve import ORIGINAL_404, ROOT, ReloadListener, free_port, run_server, wait_for

pytestmark = pytest.mark.slow  # a live server in a subprocess per test
# Renders for ever (10^12 turns of a Python loop): the rebuild that a save of this template starts never ends.
ENDLESS_LOOP = "{% for turn in range(10 ** 12) %}{% endfor %}"


def request(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """Send one GET with these headers (Host included, if given); return the status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def open_socket(port: int, headers: dict[str, str]) -> int:
    """Ask for the live-reload websocket as a browser does, with these headers added; return the answer's status."""
    fields = {"Host": f"127.0.0.1:{port}", "Upgrade": "websocket", "Connection": "Upgrade",
              "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(), "Sec-WebSocket-Version": "13",
              **headers}
    with socket.create_connection(("127.0.0.1", port), timeout=3) as connection:
        connection.sendall(("GET /livereload HTTP/1.1\r\n" + "".join(f"{name}: {value}\r\n" for name, value
                                                                   in fields.items()) + "\r\n").encode())
        answer = b""
        while b"\r\n" not in answer and (byte := connection.recv(1)):
            answer += byte
    return int(answer.split()[1])


def start_endless_rebuild(content: Path) -> None:
    """Save a code page template that never finishes rendering; return once its rebuild is under way."""
    template = content.parent / "templates" / "code.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</h1>", "</h1>" + ENDLESS_LOOP, 1),
                        encoding="utf-8")
    time.sleep(0.5)  # the watcher polls every 50 ms and waits 150 ms for the save to settle


def is_listening(port: int) -> bool:
    """Tell whether something accepts connections on a port of 127.0.0.1."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def child_processes(pid: int) -> list[int]:
    """Return the ids of a process's children, from /proc."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_pages_are_served_while_a_rebuild_runs_and_the_next_save_replaces_a_rebuild_that_never_ends(
        content_copy: Path) -> None:
    template = content_copy.parent / "templates" / "code.html"
    good = template.read_text(encoding="utf-8")
    with run_server(content_copy) as server:
        start_endless_rebuild(content_copy)
        started = time.monotonic()
        status, page = request(server.port, "/codes/404/")
        assert time.monotonic() - started < 1, "the request waited for the rebuild"
        assert status == 200 and ORIGINAL_404 in page and "statusdocs-build-error" not in page  # the last good site
        template.write_text(good.replace("</h1>", "</h1><p>循环修好了</p>", 1), encoding="utf-8")
        wait_for(lambda: "循环修好了" in server.page("/codes/404/"), 5, server.output)
        assert server.process.poll() is None and "Traceback" not in server.output()


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_rebuild_stops_the_server_within_a_second_and_removes_its_folder(
        content_copy: Path, signal_number: int) -> None:
    with run_server(content_copy) as server:
        builders = child_processes(server.process.pid)
        start_endless_rebuild(content_copy)
        started = time.monotonic()
        server.process.send_signal(signal_number)
        try:
            status = server.process.wait(3)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 3 s after {signal.Signals(signal_number).name}")
        assert time.monotonic() - started < 1
        assert status == 0 and not server.folder.exists()
        assert server.output().rstrip().endswith("stopped") and "Traceback" not in server.output()
        assert not [pid for pid in builders if Path(f"/proc/{pid}").exists()]  # the build process went too


def test_sigterm_during_the_first_build_stops_the_server_and_removes_its_folder(content_copy: Path) -> None:
    template = content_copy.parent / "templates" / "code.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</h1>", "</h1>" + ENDLESS_LOOP, 1),
                        encoding="utf-8")
    port, temporary = free_port(), content_copy.parent / "tmp"
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--content",
                                str(content_copy), "--templates", str(template.parent)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(temporary)}, text=True)
    try:
        wait_for(lambda: is_listening(port), 20)  # it listens, then builds
        time.sleep(0.3)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=3)[0]
    finally:
        process.kill()
    assert time.monotonic() - started < 1
    assert process.returncode == 0 and output.rstrip().endswith("stopped")
    assert not list(temporary.glob("statusdocs-serve-*"))


def test_live_reload_answers_only_pages_of_this_server(content_copy: Path) -> None:
    with run_server(content_copy) as server:
        port, listener = server.port, ReloadListener(server.port)  # no Origin: not a browser, accepted
        own, foreign = f"http://127.0.0.1:{port}", "http://attacker.example"
        assert open_socket(port, {"Origin": own}) == 101
        assert open_socket(port, {"Origin": foreign}) == 403
        assert open_socket(port, {"Origin": "null"}) == 403  # a file:// or sandboxed page
        # DNS rebinding: another site's name made to point at 127.0.0.1, so its Origin matches its Host
        rebound = {"Host": f"attacker.example:{port}", "Origin": f"http://attacker.example:{port}"}
        assert open_socket(port, rebound) == 403
        assert request(port, "/forcereload", {"Origin": foreign})[0] == 403
        assert request(port, "/forcereload", {"Sec-Fetch-Site": "cross-site"})[0] == 403  # an <img> elsewhere
        assert request(port, "/forcereload", rebound)[0] == 403
        assert listener.receive(0.3) is None  # none of these reloaded the page
        assert request(port, "/forcereload", {"Origin": own, "Sec-Fetch-Site": "same-origin"})[0] == 200
        assert listener.receive(2)["command"] == "reload"  # type: ignore[index]
        status, body = request(port, "/codes/404/", {"Host": f"attacker.example:{port}"})
        assert status == 403 and ORIGINAL_404 not in body
        assert request(port, "/codes/404/", {"Host": f"localhost:{port}"})[0] == 200
        listener.close()


def test_a_long_legal_path_is_a_404(content_copy: Path) -> None:
    """Every segment a legal file name (255 bytes), the whole path longer than PATH_MAX (4096 bytes)."""
    with run_server(content_copy) as server:
        for path in ("/" + ("a" * 255 + "/") * 20, "/codes/404/" + ("%E5%AD%97" * 85 + "/") * 20 + "index.html",
                     "/codes/" + "/".join(["404"] + ["a" * 255] * 17)):
            assert len(path.encode()) > 4096 and server.get(path)[0] == 404, path[:60]
        assert "Traceback" not in server.output() and server.process.poll() is None


def test_a_build_process_that_dies_mid_rebuild_is_one_line_and_the_next_save_rebuilds(content_copy: Path) -> None:
    template = content_copy.parent / "templates" / "code.html"
    good = template.read_text(encoding="utf-8")
    with run_server(content_copy) as server:
        start_endless_rebuild(content_copy)
        for builder in child_processes(server.process.pid):
            os.kill(builder, signal.SIGKILL)  # as the system's out-of-memory killer would
        problem = "the build process died (exit status -9); the next save starts another"
        wait_for(lambda: problem in server.page("/codes/404/"), 3, server.output)
        assert problem in server.output() and "Traceback" not in server.output()
        template.write_text(good.replace("</h1>", "</h1><p>又能构建了</p>", 1), encoding="utf-8")
        wait_for(lambda: "又能构建了" in server.page("/codes/404/"), 5, server.output)
        assert "statusdocs-build-error" not in server.page("/codes/404/")


def test_a_binary_asset_and_a_vim_swap_file_appearing_while_serving_are_no_trouble(content_copy: Path) -> None:
    assets = content_copy.parent / "templates" / "assets"
    with run_server(content_copy) as server:
        (assets / ".style.css.swp").write_bytes(b"b0VIM 9.0\x00\xff\xfe")  # vim, while style.css is open
        (assets / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
        wait_for(lambda: server.get("/assets/logo.png")[0] == 200, 3, server.output)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3)
        connection.request("GET", "/assets/logo.png")
        assert connection.getresponse().read() == b"\x89PNG\r\n\x1a\n\x00\xff"
        connection.close()
        assert server.get("/assets/.style.css.swp")[0] == 404
        assert "statusdocs-build-error" not in server.page("/codes/404/")
        assert "Traceback" not in server.output() and server.process.poll() is None
