"""Screens of the app. Each module has ``render(app, **params) -> Markup`` and an
``ACTIONS`` dict of handlers for ``data-action`` names used by its markup."""
