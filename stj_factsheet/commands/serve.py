"""`stj serve`: a local preview of the built factsheets that reloads after a rebuild.

Only files under the output folder are served (the standard handler resolves `..` away
and we refuse anything that still lands outside). HTML pages get a small reload script
injected in the response only; the files on disk stay as built. While the last build
failed, every page shows its problems (file:line:col and message) instead, and reloads
into the factsheet once a save fixes them. Everything the browser shows is Dutch.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import html
import os
import socket
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from stj_factsheet.errors import UsageError

RELOAD = (b"<script>/* stj serve: herladen na een nieuwe build */(function(){var v=null;"
          b"function w(){fetch('/__versie'+(v===null?'':'?na='+v)).then(function(r){"
          b"return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}else{"
          b"v=t;setTimeout(w,100)}},function(){setTimeout(w,1000)})}w()})()</script></body>")
"""The page asks `/__versie?na=<version>`, which answers as soon as a build ends (or after
`WACHT_S`), so the page reloads right after the rebuild, not on the next tick of a timer."""

WACHT_S = 25.0
"""How long `/__versie?na=` waits for a build before it answers with the same version."""


PROBLEMS_PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Fouten in de gegevens – stj serve</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;
color:#1a1a1a}}h1{{color:#9b1c1c}}li{{margin:.5rem 0}}code{{font-size:.95em}}</style></head>
<body><main><h1>De factsheet is niet gebouwd</h1>
<p>Los deze {aantal} op en sla het bestand op; de pagina toont dan vanzelf de nieuwe
factsheet.</p><ul>{regels}</ul></main></body></html>
"""

PORT = 8000
"""The port `stj serve` tries first."""

NOT_FOUND = ("Niet gevonden", "Hier zijn alleen de gebouwde factsheets te zien; ga naar de "
             "pagina die `stj serve` noemde.")


class Preview:
    """The server's shared state: the folder served, the page to start on, a version
    bumped per build and the problems of the last build (none when it succeeded)."""

    def __init__(self, out: Path, page: str = "") -> None:
        self.out = out.resolve()
        self.page = page
        self.version = 0
        self.problems: list[str] = []
        self.lock = threading.Condition()

    def bump(self) -> None:
        with self.lock:
            self.version += 1
            self.lock.notify_all()

    def built(self, problems: list[str]) -> None:
        """A build ended: with these problems (each `file:line:col: message`), or none."""
        with self.lock:
            self.problems = list(problems)
            self.version += 1
            self.lock.notify_all()

    def version_after(self, seen: str, timeout: float | None = None) -> int:
        """The version once it is no longer `seen` (the page's), or after `timeout`
        (default `WACHT_S`)."""
        with self.lock:
            self.lock.wait_for(lambda: str(self.version) != seen,
                               WACHT_S if timeout is None else timeout)
            return self.version

    def problems_page(self) -> bytes | None:
        with self.lock:
            problems = list(self.problems)
        if not problems:
            return None
        regels = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
        aantal = "fout" if len(problems) == 1 else f"{len(problems)} fouten"
        return PROBLEMS_PAGE.format(aantal=aantal, regels=regels).encode()


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.out), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    error_message_format = ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
                            "<title>%(message)s</title></head><body><main><h1>%(message)s</h1>"
                            "<p>%(explain)s</p></main></body></html>\n")

    def do_GET(self) -> None:
        if self.path == "/__versie" or self.path.startswith("/__versie?na="):
            seen = self.path.partition("?na=")[2]
            version = self.preview.version_after(seen) if seen else self.preview.version
            # The page may have been closed or left while it waited: nobody to answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(str(version).encode(), "text/plain")
            return
        target = Path(self.translate_path(self.path)).resolve()
        if not target.is_relative_to(self.preview.out):
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        page = target.suffix == ".html" or target.is_dir()
        problems = self.preview.problems_page() if page else None
        if problems is not None:
            self._send(problems.replace(b"</body>", RELOAD, 1), "text/html; charset=utf-8")
        elif target == self.preview.out and self.preview.page:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", f"/{self.preview.page}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif target.is_file() and target.suffix == ".html":
            self._send(target.read_bytes().replace(b"</body>", RELOAD, 1),
                       "text/html; charset=utf-8")
        else:
            super().do_GET()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No folder listings (they would be English, and show more than needed)."""
        self.send_error(HTTPStatus.NOT_FOUND)

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """Error responses in Dutch."""
        if code == HTTPStatus.NOT_FOUND:
            message, explain = NOT_FOUND
        else:
            message, explain = f"Fout {code}", "Het verzoek kon niet worden uitgevoerd."
        super().send_error(code, message, explain)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def server(preview: Preview, host: str = "127.0.0.1", port: int = PORT) -> ThreadingHTTPServer:
    """A server for `preview` (not yet serving; call `serve_forever`)."""
    return ThreadingHTTPServer((host, port), functools.partial(_Handler, preview=preview))


def open_server(preview: Preview, host: str, port: int, *, elsewhere: bool
                ) -> ThreadingHTTPServer:
    """`server` on `port`; when that port is taken, on a free one if `elsewhere` (the user
    chose no port), else a usage error that names a free one."""
    try:
        return server(preview, host, port)
    except socket.gaierror:
        raise UsageError(f"onbekend adres `{host}`; gebruik bijv. --host 127.0.0.1") from None
    except OSError as error:
        if error.errno == errno.EADDRNOTAVAIL:
            raise UsageError(f"het adres `{host}` hoort niet bij deze computer; gebruik "
                             "bijv. --host 127.0.0.1") from None
        if not elsewhere:
            raise UsageError(f"poort {port} is bezet of niet toegestaan; kies een andere, "
                             f"bijv. --port {free_port(host)}") from None
        return server(preview, host, 0)


def free_port(host: str) -> int:
    """A port that is free on `host` now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
