"""The HTTP side: the page at / and the JSON API under /api/ on the loopback address, served
by the standard library's threading server, the work run in the main thread."""

from __future__ import annotations

import ipaddress
import json
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import CleanerError
from .draft import StudioError
from .workspace import Workspace

MAX_BODY = 5_000_000  # bytes of one request: an article and a pack, with room to spare


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def page() -> bytes:
    return resources.files("cleaner").joinpath("web/studio.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    """The page at /, and the JSON API under /api/."""

    server: StudioServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a request log on the terminal would bury the URL the studio printed

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not self._host_ok():
            return
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, page(), "text/html; charset=utf-8")
            return
        ws = self.server.workspace
        query = parse_qs(url.query)
        routes = {"/api/state": lambda: ws.state(),
                  "/api/article": lambda: ws.article(query.get("name", [""])[0])}
        self._answer(routes.get(url.path))

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        # A form on another site cannot send JSON without the browser asking first (CORS): so
        # requiring it keeps other pages from driving the studio, the save included.
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                       {"error": "send JSON (Content-Type: application/json)"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                       {"error": f"requests are limited to {MAX_BODY:,} bytes"})
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the request is not valid JSON"})
            return
        if not isinstance(body, dict):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the request must be a JSON object"})
            return
        ws = self.server.workspace
        pack = str(body.get("pack", ""))
        routes = {
            "/api/check": lambda: ws.check(pack),
            "/api/clean": lambda: ws.clean(pack, _opt_str(body, "text"), _opt_str(body, "name")),
            "/api/counts": lambda: ws.counts(pack),
            "/api/suggest": lambda: ws.suggest(pack, int(body.get("min_docs", 3)),
                                               float(body.get("min_share", 0.02))),
            "/api/accept": lambda: ws.accept(pack, str(body.get("rule", "")), body.get("sites")),
            "/api/rule-from-line": lambda: ws.rule_from_line(pack, str(body.get("line", "")),
                                                             str(body.get("keep", ""))),
            "/api/save": lambda: ws.save(pack),
        }
        self._answer(routes.get(urlsplit(self.path).path))

    def _answer(self, route: Any) -> None:
        if route is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": f"no such endpoint: {urlsplit(self.path).path}"})
            return
        try:
            self._json(HTTPStatus.OK, self.server.run(route))
        except StudioError as exc:
            self._json(exc.status, {"error": str(exc)})
        except (CleanerError, ValueError, TypeError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})

    def _host_ok(self) -> bool:
        """Refuse a Host header naming another machine (DNS rebinding), unless serving remotely."""
        if self.server.allow_remote:
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if is_loopback(host):
            return True
        self._json(HTTPStatus.FORBIDDEN, {"error": "the studio answers only on the loopback address"})
        return False

    def _json(self, status: HTTPStatus, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def _opt_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return None if value is None else str(value)


class MainThread:
    """Runs the API's work in the main thread, one call at a time, for the request threads.

    Only there can the per-document time limit (SIGALRM) interrupt a runaway pattern, so
    one bad edit is answered with an error instead of hanging the studio.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]]] = queue.Queue()
        self._stop = threading.Event()

    def call(self, work: Callable[[], Any]) -> Any:
        done: Future[Any] = Future()
        self._jobs.put((work, done))
        return done.result()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        """Do the work handed in until stop() (or Ctrl-C, which is raised here)."""
        while not self._stop.is_set():
            try:
                work, done = self._jobs.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                done.set_result(work())
            except BaseException as exc:  # the request thread re-raises it; Ctrl-C also stops here
                done.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise


class StudioServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], workspace: Workspace, allow_remote: bool,
                 runner: MainThread | None = None) -> None:
        super().__init__(address, _Handler)
        self.workspace = workspace
        self.allow_remote = allow_remote
        self.runner = runner

    def run(self, work: Callable[[], Any]) -> Any:
        return work() if self.runner is None else self.runner.call(work)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host if ":" not in str(host) else f"[{host}]"
        return f"http://{shown}:{port}/"


def make_server(workspace: Workspace, host: str = "127.0.0.1", port: int = 0, allow_remote: bool = False,
                runner: MainThread | None = None) -> StudioServer:
    """The studio's server, bound (port 0: a free one), not yet serving."""
    if not allow_remote and not is_loopback(host):
        raise CleanerError(f"--host {host} is not a loopback address; the studio serves only this "
                           "machine unless you add --allow-remote")
    try:
        return StudioServer((host, port), workspace, allow_remote, runner)
    except OSError as exc:
        raise CleanerError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                           "(--port 0 picks a free port)") from None


def serve(folder: Path | None, rules: list[Path], no_default: bool, pack: Path | None, host: str,
          port: int, allow_remote: bool, say: Callable[[str], None]) -> None:
    """`cleaner studio`: serve until Ctrl-C, the URL printed first."""
    if not allow_remote and not is_loopback(host):
        raise CleanerError(f"--host {host} is not a loopback address; the studio serves only this "
                           "machine unless you add --allow-remote")
    workspace = Workspace(folder, rules, no_default, pack)
    try:
        runner = MainThread()
        server = make_server(workspace, host, port, allow_remote, runner)
        say(f"cleaner studio: {server.url}  (Ctrl-C to stop)")
        say(f"saving to {pack}" if pack is not None else "not saving: start with --pack FILE.yaml to save")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            runner.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            server.server_close()
    finally:
        workspace.close()
