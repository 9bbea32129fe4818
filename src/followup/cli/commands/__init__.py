"""One module per command (or family of commands), loaded only when it runs (``group``)."""
