"""Run the real `kudos-bot serve` in a subprocess, as production does, against a fake Slack."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BOT_TOKEN = "xoxb-111-222-e2eTestTokenValue"
SIGNING_SECRET = "e2e0signing0secret0abcdef0123456"
WORKER_RUNNING = re.compile(r"bot\.runtime\.worker: worker (\S+) running")


@dataclass(frozen=True)
class LiveServer:
    """A running app: where to send Slack's requests, and where it logs."""

    base_url: str
    log_path: Path

    @property
    def events_url(self) -> str:
        """The Slack request URL."""
        return self.base_url + "/slack/events"

    def log(self) -> str:
        """Everything the server logged so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float = 5.0) -> None:
        """Block until the log contains `needle`."""
        deadline = time.monotonic() + timeout
        while needle not in self.log():
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never logged:\n{self.log()[-3000:]}")
            time.sleep(0.05)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Block until `url`/healthz answers 200; AssertionError if `process` exits or 30 s pass."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"server never became healthy:\n{log_path.read_text()}")


def app_env(
    *,
    database_url: str,
    slack_api_url: str,
    log_level: str = "DEBUG",
    extra_env: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment every `kudos-bot` process of the tests gets (plus `extra_env`)."""
    return {
        "PATH": "/usr/bin:/bin",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": log_level,
        **(extra_env or {}),
    }


@dataclass
class AppProcess:
    """One `kudos-bot` subprocess (serve or worker) that a test starts, signals and restarts."""

    process: subprocess.Popen[bytes]
    log_path: Path
    base_url: str | None = None  # None for a process that serves no HTTP (`kudos-bot worker`)

    @property
    def server(self) -> LiveServer:
        """Where to send Slack's requests (serve only)."""
        if self.base_url is None:
            raise RuntimeError("this process serves no HTTP")
        return LiveServer(base_url=self.base_url, log_path=self.log_path)

    @property
    def pid(self) -> int:
        """The process id."""
        return self.process.pid

    def log(self) -> str:
        """Everything the process logged so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float = 5.0) -> None:
        """Block until the log contains `needle`."""
        LiveServer(base_url=self.base_url or "", log_path=self.log_path).wait_for_log(
            needle, timeout
        )

    def running(self) -> bool:
        """Whether the process has not exited yet."""
        return self.process.poll() is None

    def sigterm(self) -> None:
        """Ask the process to stop, as the platform does on a deploy."""
        self.process.send_signal(signal.SIGTERM)

    def sigkill(self) -> None:
        """Kill the process outright (a crash, an OOM kill); waits until it is gone."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def wait_exit(self, timeout: float) -> int:
        """The exit code, once the process exited within `timeout` s (else AssertionError)."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"pid {self.pid} still running after {timeout} s:\n{self.log()[-3000:]}"
            ) from None

    def stop(self) -> None:
        """Stop the process if it still runs (SIGTERM, then SIGKILL after 15 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_app(
    args: Sequence[str],
    *,
    database_url: str,
    slack_api_url: str,
    workdir: Path,
    log_name: str,
    log_level: str = "DEBUG",
    extra_env: Mapping[str, str] | None = None,
) -> AppProcess:
    """Start `kudos-bot <args>` in `workdir`, logging to `workdir/log_name`; no waiting."""
    env = app_env(
        database_url=database_url,
        slack_api_url=slack_api_url,
        log_level=log_level,
        extra_env=extra_env,
    )
    log_path = workdir / log_name
    command = [sys.executable, "-m", "bot.cli", *args]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    return AppProcess(process=process, log_path=log_path)


def start_server(
    *,
    database_url: str,
    slack_api_url: str,
    workdir: Path,
    log_name: str = "server.log",
    log_level: str = "DEBUG",
    extra_env: Mapping[str, str] | None = None,
    no_worker: bool = False,
    port: int | None = None,
) -> AppProcess:
    """Start `kudos-bot serve` (web and worker; `no_worker`: web only) and wait until healthy."""
    port = port or free_port()
    args = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    app = start_app(
        [*args, *(["--no-worker"] if no_worker else [])],
        database_url=database_url,
        slack_api_url=slack_api_url,
        workdir=workdir,
        log_name=log_name,
        log_level=log_level,
        extra_env=extra_env,
    )
    app.base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(app.base_url, app.process, app.log_path)
    except BaseException:
        app.stop()
        raise
    return app


def start_worker(
    *,
    database_url: str,
    slack_api_url: str,
    workdir: Path,
    log_name: str = "worker.log",
    log_level: str = "DEBUG",
    extra_env: Mapping[str, str] | None = None,
) -> AppProcess:
    """Start `kudos-bot worker` and wait until it says it is running."""
    app = start_app(
        ["worker"],
        database_url=database_url,
        slack_api_url=slack_api_url,
        workdir=workdir,
        log_name=log_name,
        log_level=log_level,
        extra_env=extra_env,
    )
    deadline = time.monotonic() + 30
    while WORKER_RUNNING.search(app.log()) is None:
        if not app.running() or time.monotonic() > deadline:
            app.stop()
            raise AssertionError(f"worker never started (exit {app.process.poll()}):\n{app.log()}")
        time.sleep(0.05)
    return app


@contextmanager
def live_server(
    *,
    database_url: str,
    slack_api_url: str,
    workdir: Path,
    log_level: str = "DEBUG",
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[LiveServer]:
    """Start `kudos-bot serve` on a free port at LOG_LEVEL `log_level`; stop it afterwards."""
    app = start_server(
        database_url=database_url,
        slack_api_url=slack_api_url,
        workdir=workdir,
        log_level=log_level,
        extra_env=extra_env,
    )
    try:
        yield app.server
    finally:
        app.process.terminate()
        app.process.wait(timeout=10)
