"""Where the app runs: is its storage shared with other sites on the same origin?

localStorage belongs to an origin (scheme + host + port), not to a path. A project page on
``<account>.github.io/<project>/`` shares its origin, and so its storage, with every other
project page of that account: each of them can read and delete this site's data.
"""


def shared_origin_risk(hostname, pathname):
    """True when the app runs under a path on a ``*.github.io`` origin (a project page).
    ``hostname``: e.g. ``coach.github.io``; ``pathname``: e.g. ``/traject/app/``. The app
    itself always lives in ``app/``, so the site root is the path without that part."""
    host = str(hostname or "").lower().rstrip(".")
    if not host.endswith(".github.io"):
        return False
    path = str(pathname or "/")
    marker = path.rfind("/app/")
    root = path[:marker + 1] if marker != -1 else path
    return root.strip("/") != ""
