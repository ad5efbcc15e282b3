"""PyScript entry point: hand over to the browser layer."""

from webapp.main import start

start()
