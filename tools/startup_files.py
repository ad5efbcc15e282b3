"""Build checks and facts about the files the app page loads at start-up.

* ``check_snapshot_size``: the Pyodide memory snapshot must stay well under the size Pyodide
  can restore; the build stops with a clear message above ``SNAPSHOT_WARN_FRACTION`` of it.
* ``write_download_sizes``: writes the sizes of the files Pyodide fetches on a normal start
  into the built ``app/pyodide-loader.mjs``, so the loading screen can show
  "x van y MB" while they come in.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from mkdocs.exceptions import PluginError

# Pyodide 314 restores a memory image only up to 30 MiB (measured for issue 18; the snapshot
# options are not a public Pyodide API, so check this again after every Pyodide upgrade).
SNAPSHOT_LIMIT_BYTES = 30 * 2**20
SNAPSHOT_WARN_FRACTION = 0.9
# What the loader fetches (with fetch(), so it can count the bytes) on a start without the
# snapshot, relative to the site root.
DOWNLOADED = ("runtime/pyodide/pyodide.asm.wasm", "runtime/pyodide/python_stdlib.zip",
              "runtime/pyodide/pyodide-lock.json", "app/python.zip")
SIZES_PLACEHOLDER = '{"__DOWNLOAD_SIZES__": 0}'
LOADER = "app/pyodide-loader.mjs"


def check_snapshot_size(snapshot_gz: Path) -> int:
    """Return the snapshot's unpacked size in bytes; raise PluginError (stopping the build)
    when it is above 90% of what Pyodide can restore."""
    size = len(gzip.decompress(snapshot_gz.read_bytes()))
    limit = SNAPSHOT_LIMIT_BYTES * SNAPSHOT_WARN_FRACTION
    if size > limit:
        raise PluginError(
            f"De start-snapshot van Pyodide is {size / 2**20:.1f} MiB; boven {limit / 2**20:.1f} MiB "
            f"(90% van de {SNAPSHOT_LIMIT_BYTES / 2**20:.0f} MiB die Pyodide kan terugzetten) wordt hij "
            "te krap. Importeer minder in tools/make_snapshot.mjs of maak de app-modules kleiner.")
    return size


def write_download_sizes(site: Path) -> dict[str, int]:
    """Replace the size placeholder in the built loader with {file name: bytes}."""
    sizes = {Path(rel).name: (site / rel).stat().st_size for rel in DOWNLOADED}
    loader = site / LOADER
    text = loader.read_text(encoding="utf-8")
    if SIZES_PLACEHOLDER not in text:
        raise PluginError(f"{LOADER} mist {SIZES_PLACEHOLDER}")
    loader.write_text(text.replace(SIZES_PLACEHOLDER, json.dumps(sizes)), encoding="utf-8")
    return sizes
