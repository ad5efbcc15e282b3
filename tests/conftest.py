"""Shared test set-up: make the domain package and the tools importable."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT / "pyodide_modules", ROOT / "tools", ROOT / "app"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
