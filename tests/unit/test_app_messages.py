"""Every text the browser layer asks the catalogue for exists (a typo would crash a screen)."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "app" / "webapp"
CALL = re.compile(r"""\bt\(\s*(f?)(["'])([^"']+)\2\s*(\+)?""")


def _catalogue():
    return json.loads((ROOT / "pyodide_modules" / "traject" / "messages_nl.json").read_text(encoding="utf-8"))


def _calls():
    for path in sorted(WEBAPP.rglob("*.py")):
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            yield path.name, match.group(1) == "f" or bool(match.group(4)), match.group(3)


def test_literal_keys_exist():
    catalogue = _catalogue()
    missing = [(name, key) for name, dynamic, key in _calls() if not dynamic and key not in catalogue]
    assert missing == []


def test_dynamic_key_prefixes_exist():
    catalogue = _catalogue()
    prefixes = {key.split("{")[0] for _, dynamic, key in _calls() if dynamic}
    missing = [p for p in prefixes if p and not any(k.startswith(p) for k in catalogue)]
    assert missing == []


def test_app_page_placeholders_exist():
    catalogue = _catalogue()
    html = (ROOT / "app" / "index.html").read_text(encoding="utf-8")
    keys = re.findall(r"\{\{msg:([a-z_.]+)\}\}", html)
    assert keys and [k for k in keys if k not in catalogue] == []
