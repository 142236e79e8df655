"""The servers under test: the real app (tests.support.live_server) and the bare Bolt baselines."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.live_server import SIGNING_SECRET, free_port, live_server, wait_healthy

HOST = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parents[1]
APP = "app"
BASELINES = (("bare", False), ("bare-pbr", True))  # label, process_before_response


@dataclass(frozen=True)
class Server:
    """A server under test."""

    label: str
    port: int
    pid: int | None
    log_path: Path


def _bare_command(port: int, *, process_before_response: bool) -> list[str]:
    command = [sys.executable, "-m", "bench.bare_bolt_app", "--host", HOST, "--port", str(port)]
    if process_before_response:
        command.append("--process-before-response")
    return command


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def bench_env(slack_api_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bench server: the repo on the path, the signing secret, quiet logs."""
    return {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO_ROOT),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api_url,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@contextlib.contextmanager
def bench_server(
    label: str, command: list[str], *, port: int, env: dict[str, str], workdir: Path
) -> Iterator[Server]:
    """Run `command` (a server on `port`) until it is healthy; stop it afterwards."""
    log_path = workdir / f"{label}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        try:
            wait_healthy(f"http://{HOST}:{port}", process, log_path)
        except AssertionError as error:
            raise RuntimeError(f"{label} app: {error}") from error
        yield Server(label, port, process.pid, log_path)
    finally:
        _stop(process)


@contextlib.contextmanager
def bare_server(
    *, label: str, process_before_response: bool, slack_api_url: str, workdir: Path
) -> Iterator[Server]:
    """Run bench.bare_bolt_app on a free port; stop it afterwards."""
    port = free_port()
    command = _bare_command(port, process_before_response=process_before_response)
    with bench_server(
        label, command, port=port, env=bench_env(slack_api_url), workdir=workdir
    ) as server:
        yield server


def child_pid(marker: str) -> int | None:
    """The pid of this process's child whose command line contains `marker` (Linux /proc)."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError):
            stat = (entry / "stat").read_text()
            ppid = stat.rsplit(")", 1)[1].split()[1]
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if ppid == me and marker in cmdline:
                return int(entry.name)
    return None


def start_servers(
    stack: contextlib.ExitStack, *, database_url: str, slack_api_url: str, workdir: Path
) -> list[Server]:
    """Start the real app, then every baseline, on `stack`; the baselines first in the list."""
    live = stack.enter_context(
        live_server(
            database_url=database_url,
            slack_api_url=slack_api_url,
            workdir=workdir,
            log_level="WARNING",
        )
    )
    port = int(live.base_url.rsplit(":", 1)[1])
    servers = [
        stack.enter_context(
            bare_server(
                label=label,
                process_before_response=before,
                slack_api_url=slack_api_url,
                workdir=workdir,
            )
        )
        for label, before in BASELINES
    ]
    servers.append(Server(APP, port, child_pid("bot.cli"), live.log_path))
    return servers
