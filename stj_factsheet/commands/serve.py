"""`stj serve`: a local preview of the built factsheets that reloads after a rebuild.

Only files under the output folder are served (the standard handler resolves `..` away
and we refuse anything that still lands outside). HTML pages get a small reload script
injected in the response only; the files on disk stay as built.
"""

from __future__ import annotations

import functools
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RELOAD = (b"<script>/* stj serve: herladen na een nieuwe build */(function(){var v=null;"
          b"setInterval(function(){fetch('/__versie').then(function(r){return r.text()})"
          b".then(function(t){if(v!==null&&t!==v){location.reload()}v=t})},700)})()"
          b"</script></body>")


class Preview:
    """The server's shared state: the folder served and a version bumped per build."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.version = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.version += 1


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.out), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/__versie":
            self._send(str(self.preview.version).encode(), "text/plain")
            return
        target = Path(self.translate_path(self.path)).resolve()
        if not target.is_relative_to(self.preview.out):
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        if target.is_file() and target.suffix == ".html":
            self._send(target.read_bytes().replace(b"</body>", RELOAD, 1),
                       "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def server(preview: Preview, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for `preview` (not yet serving; call `serve_forever`)."""
    return ThreadingHTTPServer((host, port), functools.partial(_Handler, preview=preview))
