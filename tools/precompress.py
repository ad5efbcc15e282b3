"""Pre-compressed copies of the built site's large files, for hosts that serve them.

``write_compressed(site)`` writes ``X.gz`` (gzip, level 9) and ``X.br`` (Brotli, quality 11)
beside every file ``X`` of the site that is at least ``MIN_BYTES`` long, of a type that
compresses, and that shrinks by at least ``MIN_SAVING``. A static host that knows
precompressed files (``tools/serve.py``, nginx ``gzip_static``/``brotli_static``, Netlify,
Cloudflare Pages ...) sends them with ``Content-Encoding`` to browsers that accept it; any
other host ignores them. The service worker never stores them (see ``is_compressed_copy``).

Brotli at its best quality takes tens of seconds on the 9.6 MB WebAssembly file, so every
compressed copy is kept in ``.cache/compressed/`` under the hash of its input.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "compressed"
MIN_BYTES = 1024
MIN_SAVING = 0.1  # keep a copy only if it is at least 10% smaller
COMPRESSIBLE = {".wasm", ".mjs", ".js", ".json", ".css", ".html", ".py", ".svg", ".xml", ".txt", ".ics", ".map", ".zip"}
ENCODINGS = {".br": lambda data: brotli.compress(data, quality=11),
             ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0)}


def is_compressed_copy(path: Path) -> bool:
    """True for ``X.gz`` / ``X.br`` written beside an existing file ``X``."""
    return path.suffix in ENCODINGS and path.with_suffix("").is_file()


def _compressed(data: bytes, suffix: str) -> bytes:
    key = hashlib.sha256(data).hexdigest()[:32] + suffix
    cached = CACHE / key
    if cached.exists():
        return cached.read_bytes()
    packed = ENCODINGS[suffix](data)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_bytes(packed)
    partial.replace(cached)
    return packed


def write_compressed(site: Path) -> dict[str, int]:
    """Write the ``.br``/``.gz`` copies; returns {relative path + suffix: size in bytes}."""
    written = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or is_compressed_copy(path):
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        for suffix in ENCODINGS:
            packed = _compressed(data, suffix)
            target = path.with_name(path.name + suffix)
            if len(packed) <= len(data) * (1 - MIN_SAVING):
                target.write_bytes(packed)
                written[target.relative_to(site).as_posix()] = len(packed)
            elif target.exists():
                target.unlink()
    return written
