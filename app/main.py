"""PyScript entry point: hand over to the browser layer."""

import js

js.performance.mark("traject:app-start")  # where PyScript's own start-up ends (make bench)

from webapp.main import start  # noqa: E402

start()
