"""``guidegen serve`` (guidegen/site/serve.py, preview.py): the preview server, rebuilding on
an edit, and the page reloading itself in Chromium, all under the strict CSP."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FAST, guidegen_cmd, guidegen_env

from guidegen.render.templates import packaged_dir
from guidegen.settings import Settings
from guidegen.site.preview import CSP, TAG, PreviewServer
from guidegen.site.serve import serve

WAIT_S = 60  # generous: the machine may be busy; bench/site_serve.py measures the speed


def get(port: int, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_the_preview_server_adds_the_reload_script_to_pages_only(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><body><p>首页</p></body>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html><body>没有</body>", encoding="utf-8")
    (tmp_path / "a.css").write_text("p {}", encoding="utf-8")
    server = PreviewServer(tmp_path, 0)
    server.start()
    try:
        status, headers, body = get(server.port, "/")
        assert status == 200 and TAG in body and headers["Content-Security-Policy"] == CSP
        assert headers["Cache-Control"] == "no-store"
        assert TAG.decode() not in (tmp_path / "index.html").read_text(encoding="utf-8")  # served only
        assert get(server.port, "/a.css")[2] == b"p {}"
        status, _, body = get(server.port, "/missing/page.html")
        assert status == 404 and "没有".encode() in body
        assert b"EventSource" in get(server.port, "/__guidegen__/reload.js")[2]
    finally:
        server.stop()


def test_the_event_stream_tells_pages_of_every_rebuild(tmp_path):
    server = PreviewServer(tmp_path, 0)
    server.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/__guidegen__/events")
        stream = connection.getresponse()
        assert stream.getheader("Content-Type") == "text/event-stream"
        assert stream.fp.readline() == b"data: 0\n"
        server.reload()
        assert stream.fp.readline() == b"\n" and stream.fp.readline() == b"data: 1\n"
    finally:
        server.stop()


def port_in_use() -> socket.socket:
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen()
    return held


def test_a_port_in_use_is_a_clear_error(incremental, tmp_path):
    import subprocess

    held = port_in_use()
    try:
        done = subprocess.run(guidegen_cmd("serve", "--config", incremental / "guidegen.yaml", "--out",
                                           tmp_path / "out", "--port", held.getsockname()[1]),
                              capture_output=True, text=True, env=guidegen_env(), timeout=60)
    finally:
        held.close()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "无法在 127.0.0.1" in done.stderr and "--port" in done.stderr


@pytest.fixture
def serving(incremental, tmp_path):
    """serve() of the incremental project in a thread: (server, project root, log)."""
    yield from _serving(incremental, tmp_path)


@pytest.fixture
def serving_templates(incremental, tmp_path):
    """serve() of the incremental project with its own copy of item.html."""
    (incremental / "templates" / "html").mkdir(parents=True)
    shutil.copy(packaged_dir() / "html" / "item.html", incremental / "templates" / "html" / "item.html")
    yield from _serving(incremental, tmp_path)


def _serving(incremental, tmp_path):
    settings = Settings(out_dir=tmp_path / "out", formats=FAST, config_path=incremental / "guidegen.yaml")
    stop, ready, log = threading.Event(), threading.Event(), []
    found: list[PreviewServer] = []

    def started(server):
        found.append(server)
        ready.set()

    thread = threading.Thread(target=serve, args=(replace(settings, jobs=1), 0, log.append, stop, started))
    thread.start()
    assert ready.wait(WAIT_S), log
    yield found[0], incremental, log
    stop.set()
    thread.join(WAIT_S)
    assert not thread.is_alive()


def edit_name(root: Path, old: str, new: str) -> Path:
    for path in sorted((root / "data" / "items").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if f"name: {old}" in text:
            path.write_text(text.replace(f"name: {old}", f"name: {new}", 1), encoding="utf-8")
            return path
    raise AssertionError(old)


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.clients
def test_an_edit_is_rebuilt_and_the_open_page_reloads_itself(serving, chromium_browser):
    server, root, log = serving
    from browser import Watched

    base = f"http://127.0.0.1:{server.port}/"
    page = chromium_browser.new_page()
    watched = Watched(page, base)
    index = get(server.port, "/index.html")[2].decode()
    item = next(p for p in (root / "data" / "items").glob("*.yaml"))
    name = next(line[6:] for line in item.read_text(encoding="utf-8").splitlines() if line.startswith("name: "))
    assert name in index
    href = f"items/{item.stem}/index.html"
    page.goto(base + href)
    page.wait_for_function("() => true")
    wait_for(lambda: any("__guidegen__/events" in u for u in watched.requests), "the event stream")
    edit_name(root, name, name + "（已改）")
    page.wait_for_function(f"() => document.title.startsWith({name + '（已改）'!r})", timeout=WAIT_S * 1000)
    assert watched.errors == [], watched.errors  # the preview runs under the strict CSP too
    assert watched.foreign() == []
    wait_for(lambda: "全部完成" in " ".join(log), "the whole rebuild")
    assert f"{name}（已改）".encode() in get(server.port, "/index.html")[2]
    assert TAG not in (server.site / href).read_bytes()  # nothing of the preview is published
    page.close()


def test_a_broken_edit_keeps_the_last_site_and_says_what_is_wrong(serving, capsys):
    server, root, log = serving
    before = get(server.port, "/index.html")[2]
    path = next(iter(sorted((root / "data" / "items").glob("*.yaml"))))
    path.write_text(path.read_text(encoding="utf-8") + "\nstatus: [\n", encoding="utf-8")
    wait_for(lambda: "网站没有更新" in " ".join(log), "the error")
    assert get(server.port, "/index.html")[2] == before
    assert "YAML" in capsys.readouterr().err


def test_serve_needs_the_site_format(cli, incremental, tmp_path):
    result = cli("serve", "--config", incremental / "guidegen.yaml", "--out", tmp_path, "--format", "docx,pdf")
    assert result.exit_code == 2 and "格式中应包含 html" in result.output
    assert not (tmp_path / "site").exists()


def test_an_edited_template_is_used_at_once(serving_templates):
    server, root, log = serving_templates
    template = root / "templates" / "html" / "item.html"
    source = template.read_text(encoding="utf-8")
    template.write_text(source.replace("{% block content %}", "{% block content %}<p>模板已改</p>", 1),
                        encoding="utf-8")
    page = next((root / "data" / "items").glob("*.yaml")).stem
    wait_for(lambda: "模板已改".encode() in get(server.port, f"/items/{page}/index.html")[2], f"the new template {log}")


def test_ctrl_c_ends_the_preview_cleanly(incremental, tmp_path):
    import signal
    import subprocess

    process = subprocess.Popen(
        guidegen_cmd("serve", "--config", incremental / "guidegen.yaml", "--out", tmp_path / "out",
                     "--format", "html", "--port", "0"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=guidegen_env(),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    try:
        line = ""
        while "预览地址" not in line:
            line = process.stdout.readline()
            assert line, process.stderr.read()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=WAIT_S)
    finally:
        process.kill()
    assert process.returncode == 0 and "已结束预览" in out and "Traceback" not in err
