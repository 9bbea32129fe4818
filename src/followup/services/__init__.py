"""Use cases over ports: record, plan, act. One service layer for the CLI and the web."""
