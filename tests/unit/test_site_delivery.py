"""How the built site is delivered: precompressed copies (tools/precompress.py) served with
Content-Encoding by tools/serve.py, and the build's snapshot size check
(tools/startup_files.py)."""

from __future__ import annotations

import gzip
import os
import urllib.request

import brotli
import pytest
from mkdocs.exceptions import PluginError

import precompress
import startup_files
from serve import start_in_thread

WASM = b"\0asm" + bytes(range(256)) * 400  # compressible, like the real file


@pytest.fixture
def site(tmp_path):
    (tmp_path / "runtime").mkdir()
    (tmp_path / "runtime" / "pyodide.asm.wasm").write_bytes(WASM)
    (tmp_path / "runtime" / "python.snapshot.gz").write_bytes(gzip.compress(b"x" * 5000))
    (tmp_path / "small.js").write_text("let a = 1;")
    (tmp_path / "photo.png").write_bytes(os.urandom(5000))
    return tmp_path


def _get(url, encoding=None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_large_compressible_files_get_br_and_gz_copies_and_nothing_else(site):
    written = precompress.write_compressed(site)
    assert set(written) == {"runtime/pyodide.asm.wasm.br", "runtime/pyodide.asm.wasm.gz"}
    assert brotli.decompress((site / "runtime" / "pyodide.asm.wasm.br").read_bytes()) == WASM
    assert gzip.decompress((site / "runtime" / "pyodide.asm.wasm.gz").read_bytes()) == WASM
    assert precompress.is_compressed_copy(site / "runtime" / "pyodide.asm.wasm.br")
    assert not precompress.is_compressed_copy(site / "runtime" / "python.snapshot.gz")  # a file of its own


def test_the_server_sends_the_copy_the_browser_accepts(site):
    precompress.write_compressed(site)
    server, base = start_in_thread(site)
    try:
        url = base + "runtime/pyodide.asm.wasm"
        headers, body = _get(url, "gzip, deflate, br")
        assert headers["Content-Encoding"] == "br" and headers["Content-Type"] == "application/wasm"
        assert headers["Vary"] == "Accept-Encoding" and brotli.decompress(body) == WASM
        headers, body = _get(url, "gzip")
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == WASM
        headers, body = _get(url)
        assert headers["Content-Encoding"] is None and body == WASM
        # a copy older than its file (the file changed after the build) is never sent
        os.utime(site / "runtime" / "pyodide.asm.wasm.br", (1, 1))
        headers, body = _get(url, "br")
        assert headers["Content-Encoding"] is None and body == WASM
    finally:
        server.shutdown()
        server.server_close()
    plain, base = start_in_thread(site, compress=False)
    try:
        headers, body = _get(base + "runtime/pyodide.asm.wasm", "gzip")
        assert headers["Content-Encoding"] is None and body == WASM
    finally:
        plain.shutdown()
        plain.server_close()


def test_the_build_stops_when_the_snapshot_nears_what_pyodide_can_restore(tmp_path):
    limit = startup_files.SNAPSHOT_LIMIT_BYTES
    fits = tmp_path / "fits.gz"
    fits.write_bytes(gzip.compress(b"\0" * int(limit * 0.89)))
    assert startup_files.check_snapshot_size(fits) == int(limit * 0.89)
    too_big = tmp_path / "big.gz"
    too_big.write_bytes(gzip.compress(b"\0" * int(limit * 0.91)))
    with pytest.raises(PluginError, match="90% van de 30 MiB"):
        startup_files.check_snapshot_size(too_big)


def test_bytecode_archive_keeps_data_and_class_docstrings_and_drops_the_rest(tmp_path):
    import importlib.util
    import marshal
    import zipfile

    import compile_python

    source = tmp_path / "in.zip"
    module = ('"""Module text."""\nclass Kept:\n    """Class text."""\n'
              'def gone():\n    """Function text."""\n\ndef body():\n    """Only text."""\n    return 7\n')
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pkg/mod.py", module)
        archive.writestr("pkg/data.json", '{"a": 1}')
    target = tmp_path / "out.zip"
    compile_python.compile_archive(str(source), str(target), "/home/pyodide")
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["pkg/data.json", "pkg/mod.pyc"]
        assert archive.read("pkg/data.json") == b'{"a": 1}'
        pyc = archive.read("pkg/mod.pyc")
    assert pyc[:4] == importlib.util.MAGIC_NUMBER and int.from_bytes(pyc[4:8], "little") == 1  # unchecked hash
    namespace = {}
    code = marshal.loads(pyc[16:])
    assert code.co_filename == "/home/pyodide/pkg/mod.py"
    exec(code, namespace)
    assert namespace.get("__doc__") is None and namespace["gone"].__doc__ is None
    assert namespace["Kept"].__doc__ == "Class text." and namespace["body"]() == 7
