"""The local web app (issue 6): the same services as the CLI, in a browser.

``app.create_app`` builds the FastAPI application; ``followup serve`` runs it. Pages are
rendered on the server with Jinja2 (autoescaped everywhere) and htmx, vendored under
``static/``, swaps the parts that change; there is no JavaScript build step. Nothing here
decides anything: every rule lives in the service layer, reached through ``state``.
"""
