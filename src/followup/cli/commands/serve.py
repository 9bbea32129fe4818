"""``followup serve``: the local web app, on 127.0.0.1 unless told otherwise.

Prints the address with the access token (``?token=``) once; the browser then keeps a
cookie. The web stack is imported here, so no other command pays for it.
"""

from __future__ import annotations

import click

from followup import bootstrap
from followup.cli.session import settings
from followup.domain.errors import OutsideFailure


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535),
              metavar="PORT", help="Port to listen on.")  # fmt: skip
@click.option("--open", "open_browser", is_flag=True, help="Open the app in your web browser.")
def serve(host: str, port: int, open_browser: bool) -> None:
    """Run the web app: today's actions, applications, debriefs and drafts in a browser."""
    import uvicorn

    from followup.web.app import create_app

    chosen = settings()
    if chosen.now is not None:  # a bad --now is refused before the server starts
        from followup.services import inputs

        inputs.parse_datetime(chosen.now, "--now")
    if host not in {"127.0.0.1", "localhost", "::1"}:
        click.echo(
            f"warning: listening on {host}: anyone who can reach it and has the token can "
            "read your data; prefer 127.0.0.1",
            err=True,
        )
    # Opened once before anything starts: a file that is not followup's is refused here,
    # with nothing written beside it (not even the token), rather than on every page.
    bootstrap.open_store(chosen.db, chosen.busy_timeout).close()
    _check_free(host, port)
    token = bootstrap.access_token(chosen)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/?token={token}"
    app = create_app(chosen, token, host, port)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    click.echo(f"followup is at {url}\n(press Ctrl+C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    # uvicorn finishes the requests in flight on Ctrl+C or SIGTERM, puts back the handlers
    # it found and raises the signal again for its caller: SIGINT's is KeyboardInterrupt,
    # and SIGTERM (systemd's, docker's stop) gets one of its own, so that both are the way
    # the app is stopped: a calm line and status 0, not a death by signal.
    import signal

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("stopped")
    except SystemExit as exc:  # uvicorn exits when it cannot bind after all (a race)
        raise OutsideFailure(f"cannot listen on {host}:{port}") from exc
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_free(host: str, port: int) -> None:
    """Say plainly that the port is taken, before anything starts (uvicorn would log a
    line of its own and exit)."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        hint = "; another program uses it: try --port" if exc.errno == 98 else ""
        raise OutsideFailure(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}"
        ) from exc
