"""The benchmark's ceiling: a bare Bolt app whose `/kudos` listener only acks.

It is Bolt as Bolt comes: its own WSGI adapter (`SlackRequestHandler`, which parses the body and
has Bolt check the signature), with nothing of the app's in front of it but a `/healthz` for the
benchmark's start-up check, served by the real app's server (`bot.runtime.server.serve_http`:
waitress, the same threads). So the difference between the two is everything the real app does
beyond acking, its own door (signature and size checked before Bolt, the body read once for it)
included.

Run as ``python -m bench.bare_bolt_app --port P`` with SLACK_SIGNING_SECRET and SLACK_API_URL
set. SLACK_API_URL must point at a (fake) Web API: with `token_verification_enabled=False` Bolt
still calls `auth.test` once, on the first request, and that call has to stay on this machine.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.runtime.log_setup import configure_logging
from bot.runtime.server import WsgiApp, serve_http

BENCH_TOKEN = "xoxb-bench"
HEALTHY = b'{"ok": true}'
HEALTHY_LENGTH = ("Content-Length", str(len(HEALTHY)))


def create_bare_app(
    *, signing_secret: str, slack_api_url: str, process_before_response: bool = False
) -> Any:
    """A Bolt app with a `/kudos` listener that only acks.

    With `process_before_response=False` (Bolt's default) the listener, ack included, runs on
    Bolt's listener pool while the request thread polls for the ack; with True it runs in the
    request thread, as the real app acks.
    """
    app = App(
        signing_secret=signing_secret,
        # The same as token="xoxb-bench", but with the Web API on this machine.
        client=WebClient(token=BENCH_TOKEN, base_url=slack_api_url),
        token_verification_enabled=False,
        process_before_response=process_before_response,
    )  # listener_executor: Bolt's default pool, plenty for a bare ack

    def on_kudos(ack: Ack) -> None:
        ack()

    app.command("/kudos")(on_kudos)
    return app


def bare_wsgi(app: App) -> WsgiApp:
    """Bolt's WSGI adapter, and a `/healthz` that only says the server is up."""
    slack = SlackRequestHandler(app)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "application/json"), HEALTHY_LENGTH])
            return [HEALTHY]
        return slack(environ, start_response)

    return wsgi


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the bare app until terminated."""
    parser = argparse.ArgumentParser(prog="bare_bolt_app", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--process-before-response", action="store_true", help="ack in the request thread"
    )
    args = parser.parse_args(argv)
    configure_logging(os.environ.get("LOG_LEVEL", "WARNING"))
    app = create_bare_app(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        slack_api_url=os.environ["SLACK_API_URL"],
        process_before_response=args.process_before_response,
    )
    serve_http(bare_wsgi(app), host=args.host, port=args.port)  # its threads, as `serve` uses
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
