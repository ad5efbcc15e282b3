"""A small static file server for the built site.

Used by ``make serve``, the browser tests and the benchmark. It serves the
folder with the MIME types a PyScript site needs (``application/wasm`` lets the
browser stream-compile and cache Pyodide), can mount the site under a sub-path
(``--base /coaching/``) to prove the site works wherever it is hosted, and
answers conditional requests with 304 so repeat visits are cheap.

Like real static hosts, it sends the precompressed copy the build wrote beside a file
(``X.br``, else ``X.gz``; ``tools/precompress.py``) with ``Content-Encoding`` when the
browser accepts it, unless the copy is older than the file (``compress=False`` turns this
off, for the benchmark's uncompressed figures).
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import http.server
import os
import threading
from pathlib import Path

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".py": "text/x-python",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".ics": "text/calendar",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` under ``base_path``; anything outside it is a 404."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    base_path = "/"
    ENCODINGS = ((".br", "br"), (".gz", "gzip"))

    def __init__(self, *args, base_path: str = "/", compress: bool = True, **kwargs):
        self.base_path = base_path
        self.compress = compress
        super().__init__(*args, **kwargs)

    def _compressed_copy(self, path: str):
        """(copy path, encoding) of a fresh precompressed copy the browser accepts, or None."""
        if not self.compress or not os.path.isfile(path):
            return None
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for suffix, encoding in self.ENCODINGS:
            copy = path + suffix
            if encoding in accepted and os.path.isfile(copy) and os.path.getmtime(copy) >= os.path.getmtime(path):
                return copy, encoding
        return None

    def _send_compressed(self, path: str, copy: str, encoding: str):
        stat = os.stat(copy)
        modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
        if self.headers.get("If-Modified-Since") == modified and "If-None-Match" not in self.headers:
            self.send_response(304)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        handle = open(copy, "rb")  # noqa: SIM115 - closed by the base class after copyfile
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        return handle

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / ".outside-base-path" / "missing")  # no such file: a 404
        return super().translate_path("/" + path[len(self.base_path):])

    def send_head(self):
        if self.base_path != "/" and self.path.rstrip("/") == self.base_path.rstrip("/") and not self.path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):  # a folder URL (the base class redirects "x" to "x/")
            path = os.path.join(path, "index.html") if self.path.split("?")[0].endswith("/") else ""
        found = self._compressed_copy(path)
        if found:
            return self._send_compressed(path, *found)
        return super().send_head()

    def send_error(self, code, message=None, explain=None):
        """A missing path gets the site's own 404 page (as static hosts such as GitHub Pages,
        Netlify and Cloudflare Pages answer), with status 404; other errors stay plain."""
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command == "HEAD" or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def end_headers(self):
        # Revalidate everything: unchanged files come back as 304 without a body.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(root: str | Path, host: str = "127.0.0.1", port: int = 0,
                base_path: str = "/", verbose: bool = False, compress: bool = True) -> http.server.ThreadingHTTPServer:
    """Return a server (not yet running) for ``root``; ``port=0`` picks a free port;
    ``compress`` sends precompressed copies to browsers that accept them."""
    if not base_path.startswith("/") or not base_path.endswith("/"):
        raise ValueError("base_path must start and end with '/'")
    handler = functools.partial(SiteHandler, directory=str(root), base_path=base_path, compress=compress)
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = verbose
    return server


def start_in_thread(root: str | Path, base_path: str = "/",
                    compress: bool = True) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a server on a free loopback port; returns it and the site's base URL."""
    server = make_server(root, base_path=base_path, compress=compress)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}{base_path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--base", default="/", help="sub-path to serve the site under, e.g. /coaching/")
    args = parser.parse_args()
    server = make_server(args.root, args.host, args.port, args.base, verbose=True)
    print(f"Traject draait op http://{args.host}:{args.port}{args.base}  (Ctrl+C stopt)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
