"""The domain package runs unchanged inside the real Pyodide runtime of the built site."""

import json
import sys

from traject import default_template, export_backup, import_backup, new_trajectory

SCRIPT = r"""
import json, sys
from traject import default_template, export_backup, import_backup, new_trajectory
traj = new_trajectory(default_template(), "Runtime Test", "Vraag", "2026-03-18", "weekly",
                      now="2026-03-01T10:00:00+01:00", trajectory_id="abc123")
text = json.dumps(export_backup([traj], exported_at="2026-03-01T10:00:00+01:00"), sort_keys=True)
back = import_backup(json.loads(text))
json.dumps({"python": sys.version.split()[0], "text": text,
            "round_trip": back.trajectories[0] == traj,
            "dates": [s.planned_date.isoformat() for s in traj.sessions]})
"""


def test_domain_package_plans_and_round_trips_in_pyodide(page, base_url):
    # A same-origin document without the pages' CSP: only this harness loads Pyodide by hand.
    page.goto(base_url + "app/pyscript.json")
    result = page.evaluate("""async ([base, code]) => {
        const { loadPyodide } = await import(base + 'runtime/pyodide/pyodide.mjs');
        const py = await loadPyodide({ indexURL: base + 'runtime/pyodide/' });
        const zip = await (await fetch(base + 'app/python.zip')).arrayBuffer();
        py.unpackArchive(zip, 'zip', { extractDir: '/home/pyodide' });
        py.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
        return py.runPython(code);
    }""", [base_url, SCRIPT])
    data = json.loads(result)
    assert data["python"].startswith("3.1") and data["python"] != sys.version.split()[0]
    assert data["round_trip"] is True
    # The same computation under CPython gives the same file, date for date.
    traj = new_trajectory(default_template(), "Runtime Test", "Vraag", "2026-03-18", "weekly",
                          now="2026-03-01T10:00:00+01:00", trajectory_id="abc123")
    expected = json.dumps(export_backup([traj], exported_at="2026-03-01T10:00:00+01:00"), sort_keys=True)
    assert data["dates"][1:3] == ["2026-03-18", "2026-03-25"]
    assert data["dates"][3] == "2026-04-01"  # across the daylight-saving change of 29 March
    in_browser, here = json.loads(data["text"])["trajectories"][0], json.loads(expected)["trajectories"][0]
    for item in (in_browser, here):  # ids are random; everything else must match exactly
        for session in item["sessions"]:
            session.pop("id")
    assert in_browser["sessions"] == here["sessions"]
    assert {k: v for k, v in in_browser.items() if k != "sessions"} == {k: v for k, v in here.items() if k != "sessions"}
