"""The delivery benchmark's two servers: the real app and the inline baseline, one at a time."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from bench.servers_under_test import APP, HOST, Server, bench_env, bench_server, child_pid
from tests.support.live_server import free_port, live_server

INLINE = "inline"
SERVERS = (APP, INLINE)


@contextlib.contextmanager
def app_server(*, database_url: str, slack_api_url: str, workdir: Path) -> Iterator[Server]:
    """The real app (`kudos-bot serve`: web and worker in one process); stopped afterwards."""
    with live_server(
        database_url=database_url,
        slack_api_url=slack_api_url,
        workdir=workdir,
        log_level="WARNING",
    ) as live:
        port = int(live.base_url.rsplit(":", 1)[1])
        yield Server(APP, port, child_pid("bot.cli"), live.log_path)


@contextlib.contextmanager
def inline_server(*, database_url: str, slack_api_url: str, workdir: Path) -> Iterator[Server]:
    """bench.inline_bolt_app on a free port, writing to `database_url`; stopped afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "bench.inline_bolt_app", "--host", HOST, "--port", str(port)]
    env = bench_env(slack_api_url, DATABASE_URL=database_url)
    with bench_server(INLINE, command, port=port, env=env, workdir=workdir) as server:
        yield server


def start_server(
    label: str, *, database_url: str, slack_api_url: str, workdir: Path
) -> AbstractContextManager[Server]:
    """The server `label` names (app or inline), as a context manager."""
    start = app_server if label == APP else inline_server
    return start(database_url=database_url, slack_api_url=slack_api_url, workdir=workdir)


def inline_database_url(database_url: str, workdir: Path) -> str:
    """Where the baseline writes: its own SQLite file beside the app's, or the same server."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'inline.db'}"
    return database_url
