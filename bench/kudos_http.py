"""HTTP benchmark of `/kudos`: the real app against bare Bolt apps, over real sockets.

``python -m bench.kudos_http`` (``make bench``) starts a fake Slack Web API in this process, the
real app (`kudos-bot serve`, via tests.live_server) and two bare Bolt apps whose `/kudos` only
acks (bench.bare_bolt_app; same Bolt, same WSGI adapter, same waitress set-up): ``bare`` with
`process_before_response=False` (Bolt's default: the ack runs on the listener pool while the
request thread polls for it every 10 ms) and ``bare-pbr`` with True (the ack runs in the request
thread). It then sends signed `/kudos <@UANA> #respect ...` slash commands exactly as Slack
does, from 1 and then from 32 clients, each on its own persistent HTTP/1.1 connection, and
measures:

* ack latency: from sending a request to having read the whole HTTP response;
* for the real app, completion: the time until every confirmation reached its response_url
  (the last step of giving kudos), and the number of kudos stored, which must equal the number
  of requests sent (exit status 1 and a loud message otherwise).

Everything stays on 127.0.0.1, the number of requests is fixed and every wait is bounded.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.config import normalize_database_url
from bot.server import SLACK_PATH
from storage.database import Database
from storage.kudos_repo import iter_kudos
from tests.fake_slack import FakeSlack
from tests.live_server import BOT_TOKEN, SIGNING_SECRET, free_port, live_server
from tests.slack_requests import FORM_CONTENT_TYPE, signed_headers, slash_command_body

HOST = "127.0.0.1"
SLACK_LIMIT_MS = 3000.0
MESSAGE = "stayed late to get the release out and wrote the runbook"
CONFIRMATION_PREFIX = ":white_check_mark:"
RESPONSE_PREFIX = "/response/"
SERVER_THREADS = 16  # bot.server.serve_http's default; both apps are served with it
REPO_ROOT = Path(__file__).resolve().parents[1]
TCP_COUNTERS = ("ListenOverflows", "ListenDrops", "TCPSynRetrans", "TCPTimeouts")
_NUMBER = re.compile(r"\d+")
NOISE_CORES = 0.2  # other processes busier than this make a run noisy


# -- the fake Slack, with arrival times ----------------------------------------------------------


class TimedFakeSlack(FakeSlack):
    """A FakeSlack that also notes when each response_url first received a post."""

    def __init__(self) -> None:
        super().__init__()
        self._arrivals_lock = threading.Lock()
        self._arrivals: dict[str, float] = {}

    def handle_http(self, verb: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        """Answer like FakeSlack; remember the arrival time of response_url posts."""
        reply = super().handle_http(verb, path, headers, body)
        if verb == "POST" and path.startswith(RESPONSE_PREFIX):
            now = time.perf_counter()
            with self._arrivals_lock:
                self._arrivals.setdefault(path[len(RESPONSE_PREFIX) :], now)
        return reply

    def arrivals(self, names: Sequence[str]) -> dict[str, float]:
        """perf_counter() time of the first post to each of these response_url names so far."""
        with self._arrivals_lock:
            return {name: self._arrivals[name] for name in names if name in self._arrivals}


# -- databases -----------------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_postgres(server_url: str) -> Iterator[str]:
    """A fresh database on the server `server_url` names; dropped afterwards."""
    admin_url = normalize_database_url(server_url)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"kudos_bench_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextlib.contextmanager
def bench_database(url: str | None, workdir: Path) -> Iterator[str]:
    """The database URL to run against: a temp SQLite file, a given SQLite URL, or a fresh
    database on the given PostgreSQL server."""
    if url is None:
        yield f"sqlite:///{workdir / 'kudos.db'}"
    elif url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        with throwaway_postgres(url) as fresh:
            yield fresh
    else:
        yield url


def describe_database(url: str) -> str:
    """The backend, for the environment line."""
    if url.startswith("sqlite"):
        return "sqlite (file, WAL)"
    engine = create_engine(normalize_database_url(url))
    try:
        with engine.connect() as connection:
            server_version = connection.execute(text("SHOW server_version")).scalar()
    finally:
        engine.dispose()
    return f"postgresql {server_version} ({make_url(url).host}:{make_url(url).port})"


def stored_kudos(url: str, team_id: str) -> tuple[int, int]:
    """(kudos rows, distinct acts) stored for the bench's workspace."""
    database = Database.from_url(normalize_database_url(url))
    try:
        with database.transaction() as session:
            records = list(iter_kudos(session=session, team_id=team_id))
    finally:
        database.dispose()
    return len(records), len({record.act_id for record in records})


# -- the baseline server -------------------------------------------------------------------------


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bare app exited {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"bare app never became healthy:\n{log_path.read_text()}")


@dataclass(frozen=True)
class Server:
    """A server under test."""

    label: str
    port: int
    pid: int | None
    log_path: Path


@contextlib.contextmanager
def bare_server(
    *, label: str, process_before_response: bool, slack_api_url: str, workdir: Path
) -> Iterator[Server]:
    """Run bench.bare_bolt_app on a free port; stop it afterwards."""
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO_ROOT),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api_url,
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "bench.bare_bolt_app", "--host", HOST, "--port", str(port)]
    if process_before_response:
        command.append("--process-before-response")
    log_path = workdir / f"{label}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        _wait_healthy(f"http://{HOST}:{port}", process, log_path)
        yield Server(label, port, process.pid, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


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


def tcp_counters() -> Counter[str]:
    """Kernel TCP counters that reveal dropped connects and retransmits (Linux, system-wide)."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return Counter()
    rows = [line.split() for line in lines if line.startswith("TcpExt:")]
    if len(rows) != 2:
        return Counter()
    values = dict(zip(rows[0][1:], rows[1][1:], strict=True))
    return Counter({name: int(values.get(name, "0")) for name in TCP_COUNTERS})


def busy_cpu_seconds() -> float | None:
    """CPU seconds the whole machine has been busy so far (all cores, from /proc/stat)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds a process (all its threads) has used so far, if known."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def postgres_cpu_seconds() -> float:
    """CPU seconds used so far by the local PostgreSQL server's processes that still run."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    total += cpu_seconds(int(entry.name)) or 0.0
    return total


@dataclass(frozen=True)
class Snapshot:
    """Resource counters at one instant."""

    at: float
    server: float | None
    bench: float
    database: float
    machine: float | None
    tcp: Counter[str]

    @classmethod
    def take(cls, server_pid: int | None) -> Snapshot:
        """Read the counters now."""
        return cls(
            at=time.perf_counter(),
            server=cpu_seconds(server_pid),
            bench=time.process_time(),
            database=postgres_cpu_seconds(),
            machine=busy_cpu_seconds(),
            tcp=tcp_counters(),
        )


@dataclass
class Usage:
    """Resources used over one or more intervals: wall and CPU seconds, TCP counter increments.

    server: the server process; bench: this process (clients and the fake Slack); database:
    the PostgreSQL processes (0 on SQLite); others: everything else busy on the machine.
    """

    wall: float = 0.0
    server: float | None = 0.0
    bench: float = 0.0
    database: float = 0.0
    machine: float | None = 0.0
    tcp: Counter[str] = field(default_factory=Counter)

    def add(self, before: Snapshot, after: Snapshot) -> None:
        """Count the interval between two snapshots."""
        self.wall += after.at - before.at
        self.bench += after.bench - before.bench
        self.database += max(0.0, after.database - before.database)
        self.tcp += after.tcp - before.tcp
        if self.server is None or before.server is None or after.server is None:
            self.server = None
        else:
            self.server += after.server - before.server
        if self.machine is None or before.machine is None or after.machine is None:
            self.machine = None
        else:
            self.machine += after.machine - before.machine

    @property
    def others(self) -> float | None:
        """CPU seconds of every other process: noise from whatever else runs on the machine."""
        if self.machine is None or self.server is None:
            return None
        return max(0.0, self.machine - self.server - self.bench - self.database)

    def cores(self, seconds: float | None) -> float | None:
        """Average cores kept busy: CPU seconds over wall seconds."""
        return None if seconds is None or not self.wall else seconds / self.wall


@dataclass
class ServerLog:
    """What a server logged at LOG_LEVEL=WARNING: errors verbatim, warnings counted by kind."""

    errors: list[str] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    largest: dict[str, int] = field(default_factory=dict)  # per kind, the largest number seen

    @classmethod
    def read(cls, log_path: Path) -> ServerLog:
        """Parse `%(asctime)s %(levelname)s %(name)s: %(message)s` lines (and tracebacks)."""
        log = cls()
        if not log_path.exists():
            return log
        for line in log_path.read_text(errors="replace").splitlines():
            parts = line.split(" ", 3)
            if len(parts) == 4 and parts[2] == "WARNING":
                kind = _NUMBER.sub("N", parts[3])
                log.warnings[kind] += 1
                numbers = [int(n) for n in _NUMBER.findall(parts[3])]
                if numbers:
                    log.largest[kind] = max(log.largest.get(kind, 0), *numbers)
            elif line.strip():
                log.errors.append(line)
        return log

    def summary(self) -> str:
        """One line per kind of warning."""
        return "; ".join(
            f"{count}x {kind}"
            + (f" (largest {self.largest[kind]})" if kind in self.largest else "")
            for kind, count in self.warnings.most_common()
        )


# -- load ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """One signed slash command, ready to send."""

    name: str
    body: bytes
    headers: dict[str, str]


@dataclass
class Phase:
    """What one load phase against one server measured (per request, in sending order)."""

    app: str
    concurrency: int
    names: list[str]
    starts: list[float]
    latencies: list[float]
    codes: list[int]  # HTTP status; 0 for a transport error
    unsent: int
    usage: Usage = field(default_factory=Usage)
    confirmations: dict[str, float] = field(default_factory=dict)
    not_confirmed: int | None = None

    @property
    def requests(self) -> int:
        """Requests sent (answered or failed)."""
        return len(self.latencies)

    @property
    def non_200(self) -> int:
        """Answers other than 200, transport errors included."""
        return sum(1 for code in self.codes if code != 200)

    @property
    def first_send(self) -> float:
        """When the first request went out (perf_counter)."""
        return min(self.starts, default=0.0)

    @property
    def last_ack(self) -> float:
        """When the last answer was read (perf_counter)."""
        ends = (start + latency for start, latency in zip(self.starts, self.latencies, strict=True))
        return max(ends, default=0.0)

    @property
    def acks_per_second(self) -> float:
        """Requests answered per second, first send to last answer."""
        elapsed = self.last_ack - self.first_send
        return self.requests / elapsed if elapsed > 0 else 0.0

    def latency_ms(self, quantile: float) -> float:
        """Ack latency quantile (nearest rank), in ms."""
        return percentile(self.latencies, quantile) * 1000

    @property
    def completed_at(self) -> float | None:
        """When the last confirmation arrived."""
        return max(self.confirmations.values(), default=None)

    @property
    def completed_per_second(self) -> float | None:
        """Confirmed kudos per second, first send to last confirmation."""
        if self.completed_at is None:
            return None
        return len(self.confirmations) / (self.completed_at - self.first_send)

    def confirm_latency_ms(self, quantile: float) -> float | None:
        """Send-to-confirmation time quantile, in ms."""
        values = [
            self.confirmations[name] - start
            for name, start in zip(self.names, self.starts, strict=True)
            if name in self.confirmations
        ]
        return percentile(values, quantile) * 1000 if values else None

    def cpu_ms_per_request(self, seconds: float | None) -> float | None:
        """CPU milliseconds per request."""
        return None if seconds is None or not self.requests else seconds / self.requests * 1000

    def to_json(self) -> dict[str, Any]:
        """Figures for --json."""
        return {
            "app": self.app,
            "concurrency": self.concurrency,
            "requests": self.requests,
            "unsent": self.unsent,
            "acks_per_s": _round(self.acks_per_second),
            "p50_ms": _round(self.latency_ms(0.50)),
            "p99_ms": _round(self.latency_ms(0.99)),
            "max_ms": _round(self.latency_ms(1.0)),
            "non_200": self.non_200,
            "statuses": {str(k): v for k, v in sorted(Counter(self.codes).items())},
            "wall_s": _round(self.usage.wall),
            "server_cpu_ms_per_request": _round(self.cpu_ms_per_request(self.usage.server)),
            "bench_cpu_ms_per_request": _round(self.cpu_ms_per_request(self.usage.bench)),
            "database_cpu_ms_per_request": _round(self.cpu_ms_per_request(self.usage.database)),
            "server_cores": _round(self.usage.cores(self.usage.server)),
            "database_cores": _round(self.usage.cores(self.usage.database)),
            "other_processes_cores": _round(self.usage.cores(self.usage.others)),
            "tcp_counters": dict(self.usage.tcp),
            "completed_kudos_per_s": _round(self.completed_per_second),
            "confirmed": len(self.confirmations),
            "not_confirmed": self.not_confirmed,
            "confirm_p50_ms": _round(self.confirm_latency_ms(0.50)),
            "confirm_p99_ms": _round(self.confirm_latency_ms(0.99)),
        }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None or math.isnan(value) else round(value, digits)


def percentile(values: Sequence[float], quantile: float) -> float:
    """Nearest-rank percentile (quantile 1.0 is the maximum)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(1, math.ceil(quantile * len(ordered))) - 1]


def prepare(count: int, *, prefix: str, team_id: str, fake: FakeSlack) -> list[Prepared]:
    """`count` signed `/kudos` bodies, each with a fresh trigger_id and its own response_url."""
    prepared = []
    for index in range(count):
        name = f"{prefix}-{index}"
        body = slash_command_body(
            text=f"<@UANA> #respect {MESSAGE}",
            team_id=team_id,
            channel_id="CBENCH",
            channel_name="bench",
            response_url=fake.response_url(name),
        )
        headers = signed_headers(
            body, signing_secret=SIGNING_SECRET, content_type=FORM_CONTENT_TYPE
        )
        headers["Content-Length"] = str(len(body))
        headers["User-Agent"] = "Slackbot 1.0 (+https://api.slack.com/robots)"
        headers["Accept"] = "application/json,*/*"
        prepared.append(Prepared(name, body, headers))
    return prepared


def run_load(
    server: Server, requests: Sequence[Prepared], *, concurrency: int, timeout: float
) -> Phase:
    """Send `requests` from `concurrency` threads, one persistent HTTP/1.1 connection each."""
    count = len(requests)
    starts = [math.nan] * count
    latencies = [math.nan] * count
    codes = [0] * count
    pending = iter(range(count))
    take_lock = threading.Lock()
    barrier = threading.Barrier(concurrency + 1, timeout=30)
    deadline = time.monotonic() + timeout

    def take() -> int | None:
        with take_lock:
            return None if time.monotonic() > deadline else next(pending, None)

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
        with contextlib.suppress(OSError):
            connection.connect()
        barrier.wait()
        while (index := take()) is not None:
            request = requests[index]
            started = time.perf_counter()
            try:
                connection.request("POST", SLACK_PATH, body=request.body, headers=request.headers)
                response = connection.getresponse()
                response.read()
                codes[index] = response.status
            except (OSError, http.client.HTTPException):
                connection.close()  # the next request reconnects
            latencies[index] = time.perf_counter() - started
            starts[index] = started
        connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    before = Snapshot.take(server.pid)
    barrier.wait()
    for thread in threads:
        thread.join(timeout + 60)
    usage = Usage()
    usage.add(before, Snapshot.take(server.pid))
    sent = [i for i in range(count) if not math.isnan(starts[i])]
    return Phase(
        app=server.label,
        concurrency=concurrency,
        names=[requests[i].name for i in sent],
        starts=[starts[i] for i in sent],
        latencies=[latencies[i] for i in sent],
        codes=[codes[i] for i in sent],
        unsent=count - len(sent),
        usage=usage,
    )


def await_confirmations(
    phase: Phase, fake: TimedFakeSlack, server: Server, *, timeout: float
) -> None:
    """Wait (bounded) until every request's confirmation reached its response_url."""
    before = Snapshot.take(server.pid)
    deadline = time.monotonic() + timeout
    arrivals = fake.arrivals(phase.names)
    while len(arrivals) < len(phase.names) and time.monotonic() < deadline:
        time.sleep(0.02)
        arrivals = fake.arrivals(phase.names)
    phase.confirmations = arrivals
    phase.not_confirmed = len(phase.names) - len(arrivals)
    phase.usage.add(before, Snapshot.take(server.pid))


def unexpected_replies(fake: FakeSlack, names: set[str]) -> list[str]:
    """Posts to these response_urls that are not a kudos confirmation."""
    return [
        f"{response.name}: {str(response.body.get('text', response.body))[:160]}"
        for response in fake.responses()
        if response.name in names
        and not str(response.body.get("text", "")).startswith(CONFIRMATION_PREFIX)
    ]


# -- the run -------------------------------------------------------------------------------------

APP = "app"
BASELINES = (("bare", False), ("bare-pbr", True))  # label, process_before_response


@dataclass
class Outcome:
    """Everything one run measured and checked."""

    environment: str
    phases: list[Phase]
    sent_to_app: int
    stored_rows: int
    stored_acts: int
    unexpected: list[str]
    fake_errors: list[str]
    logs: dict[str, ServerLog]

    def phase(self, app: str, concurrency: int) -> Phase | None:
        """The phase measured for this app at this concurrency."""
        return next((p for p in self.phases if (p.app, p.concurrency) == (app, concurrency)), None)

    @property
    def concurrencies(self) -> list[int]:
        """The client counts measured."""
        return sorted({phase.concurrency for phase in self.phases})

    def ratio(self, concurrency: int, baseline: str = "bare") -> float | None:
        """App acks/s over a baseline's acks/s at this concurrency."""
        app, bare = self.phase(APP, concurrency), self.phase(baseline, concurrency)
        if app is None or bare is None or not bare.acks_per_second:
            return None
        return app.acks_per_second / bare.acks_per_second

    @property
    def problems(self) -> list[str]:
        """Everything that makes the run's correctness doubtful."""
        found = []
        if self.stored_rows != self.sent_to_app or self.stored_acts != self.sent_to_app:
            found.append(
                f"STORED KUDOS MISMATCH: sent {self.sent_to_app} to the app, the database holds "
                f"{self.stored_rows} rows in {self.stored_acts} acts"
            )
        for phase in self.phases:
            where = f"{phase.app} c={phase.concurrency}"
            if phase.non_200:
                found.append(f"{where}: {phase.non_200} non-200 answers")
            if phase.unsent:
                found.append(f"{where}: {phase.unsent} never sent (phase timeout)")
            if phase.not_confirmed:
                found.append(f"{where}: {phase.not_confirmed} never confirmed")
        if self.unexpected:
            found.append(f"{len(self.unexpected)} response_url posts were not confirmations")
        if self.fake_errors:
            found.append(f"the fake Slack failed {len(self.fake_errors)} times")
        found += [
            f"{label} logged {len(log.errors)} error line(s)"
            for label, log in self.logs.items()
            if log.errors
        ]
        return found

    def to_json(self) -> dict[str, Any]:
        """Figures for --json."""
        return {
            "environment": self.environment,
            "phases": [phase.to_json() for phase in self.phases],
            "ratios_app_acks_per_s_over": {
                baseline: {str(c): _round(self.ratio(c, baseline), 3) for c in self.concurrencies}
                for baseline, _ in BASELINES
            },
            "slack_limit_ms": SLACK_LIMIT_MS,
            "sent_to_app": self.sent_to_app,
            "stored_rows": self.stored_rows,
            "stored_acts": self.stored_acts,
            "problems": self.problems,
            "unexpected_replies": self.unexpected[:20],
            "fake_errors": self.fake_errors[:20],
            "logs": {
                label: {"errors": log.errors[:20], "warnings": dict(log.warnings)}
                for label, log in self.logs.items()
            },
        }


def source_fingerprint() -> str:
    """A short hash of the app's source (bot, handlers, storage), to tie figures to code."""
    digest = hashlib.sha256()
    for folder in ("bot", "handlers", "storage"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def describe_app(slack_api_url: str) -> str:
    """How the real app configures Bolt, read off an app built in-process from the same code."""
    try:
        from bot.app import create_app
        from bot.config import settings_from_mapping

        settings = settings_from_mapping(
            {
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": slack_api_url,
                "DATABASE_URL": "sqlite://",
            }
        )
        database = Database.from_url("sqlite://")
        try:
            app = create_app(settings, database=database)
            pool = getattr(app.listener_runner.listener_executor, "_max_workers", "?")
            return f"process_before_response={app.process_before_response}, listener pool {pool}"
        finally:
            database.dispose()
    except Exception as error:  # the app's code is not the benchmark's to pin down
        return f"unknown ({type(error).__name__})"


def environment_line(database: str, app: str) -> str:
    """Python, cores, database backend, the app's Bolt set-up and the versions that matter."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{usable} cores usable ({os.cpu_count()} online), database {database}; "
        f"slack_bolt {version('slack_bolt')}, slack_sdk {version('slack_sdk')}, "
        f"waitress {version('waitress')} ({SERVER_THREADS} threads); "
        f"app ({app}; source {source_fingerprint()})"
    )


def _load(
    server: Server,
    fake: TimedFakeSlack,
    args: argparse.Namespace,
    *,
    prefix: str,
    team_id: str,
    count: int,
    concurrency: int,
) -> Phase:
    batch = prepare(count, prefix=f"{server.label}-{prefix}", team_id=team_id, fake=fake)
    phase = run_load(server, batch, concurrency=concurrency, timeout=args.phase_timeout)
    if server.label == APP:
        await_confirmations(phase, fake, server, timeout=args.completion_timeout)
    return phase


def measure(args: argparse.Namespace, workdir: Path) -> Outcome:
    """Start everything, load every server at each concurrency, check the outcome."""
    team_id = "TBENCH" + uuid.uuid4().hex[:8].upper()
    plan = [(1, args.requests_1), (args.concurrency, args.requests_32)]
    with (
        TimedFakeSlack() as fake,
        bench_database(args.database_url, workdir) as url,
        contextlib.ExitStack() as stack,
    ):
        environment = environment_line(describe_database(url), describe_app(fake.api_url))
        live = stack.enter_context(
            live_server(
                database_url=url, slack_api_url=fake.api_url, workdir=workdir, log_level="WARNING"
            )
        )
        port = int(live.base_url.rsplit(":", 1)[1])
        servers = [
            stack.enter_context(
                bare_server(
                    label=label,
                    process_before_response=before,
                    slack_api_url=fake.api_url,
                    workdir=workdir,
                )
            )
            for label, before in BASELINES
        ]
        servers.append(Server(APP, port, child_pid("bot.cli"), live.log_path))
        sent_to_app = 0
        for server in servers:
            warm = _load(
                server, fake, args, prefix="warm", team_id=team_id, count=args.warmup, concurrency=4
            )
            sent_to_app += warm.requests if server.label == APP else 0
        phases: list[Phase] = []
        for concurrency, count in plan:
            for server in servers:
                print(f"  {server.label:>8} c={concurrency:<3} {count} requests", flush=True)
                phase = _load(
                    server,
                    fake,
                    args,
                    prefix=f"c{concurrency}",
                    team_id=team_id,
                    count=count,
                    concurrency=concurrency,
                )
                sent_to_app += phase.requests if server.label == APP else 0
                phases.append(phase)
        stack.close()  # stop the servers: the app's work is over, its log complete
        logs = {server.label: ServerLog.read(server.log_path) for server in servers}
        stored_rows, stored_acts = stored_kudos(url, team_id)
        app_names = {name for phase in phases if phase.app == APP for name in phase.names}
        return Outcome(
            environment=environment,
            phases=phases,
            sent_to_app=sent_to_app,
            stored_rows=stored_rows,
            stored_acts=stored_acts,
            unexpected=unexpected_replies(fake, app_names),
            fake_errors=list(fake.errors),
            logs=logs,
        )


# -- report --------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None or math.isnan(value) else format(value, spec)


def report(outcome: Outcome, concurrency: int) -> str:
    """The printed tables."""
    lines = [f"environment: {outcome.environment}", ""]
    header = (
        f"{'server':<9}{'clients':>8}{'requests':>9}{'acks/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'max ms':>9}{'non-200':>8} |{'server':>7}{'db':>7}{'bench':>7} |"
        f"{'server':>7}{'db':>7}{'others':>7}"
    )
    lines += [
        "ack = the HTTP response to Slack's request. bare: Bolt, ack-only listener,"
        " process_before_response=False; bare-pbr: the same with True.",
        "CPU per request (ms) of the server process, the PostgreSQL processes and the bench"
        " process (clients + fake Slack), then cores",
        "(CPU / wall) of the server, PostgreSQL and every other process (noise; ~0 on a quiet"
        " machine). Real-app figures include the work after the ack.",
        f"{'':<70}|{'CPU ms per request':^21} |{'cores':^21}",
        header,
        "-" * len(header),
    ]
    for phase in outcome.phases:
        usage = phase.usage
        lines.append(
            f"{phase.app:<9}{phase.concurrency:>8}{phase.requests:>9}"
            f"{phase.acks_per_second:>9.1f}{phase.latency_ms(0.5):>9.1f}"
            f"{phase.latency_ms(0.99):>9.1f}{phase.latency_ms(1.0):>9.1f}{phase.non_200:>8} |"
            f"{_fmt(phase.cpu_ms_per_request(usage.server), '.2f'):>7}"
            f"{_fmt(phase.cpu_ms_per_request(usage.database), '.2f'):>7}"
            f"{_fmt(phase.cpu_ms_per_request(usage.bench), '.2f'):>7} |"
            f"{_fmt(usage.cores(usage.server), '.2f'):>7}"
            f"{_fmt(usage.cores(usage.database), '.2f'):>7}"
            f"{_fmt(usage.cores(usage.others), '.2f'):>7}"
        )
    lines += ["", "completion (real app; the confirmation to the response_url is the last step):"]
    sub = f"{'clients':>8}{'kudos':>8}{'confirmed':>11}{'kudos/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    lines += [sub + "   (kudos/s: first send to last confirmation;", "-" * len(sub)]
    lines[-2] += " p50/p99: send to confirmation)"
    for phase in outcome.phases:
        if phase.app == APP:
            lines.append(
                f"{phase.concurrency:>8}{phase.requests:>8}{len(phase.confirmations):>11}"
                f"{_fmt(phase.completed_per_second):>9}{_fmt(phase.confirm_latency_ms(0.5)):>9}"
                f"{_fmt(phase.confirm_latency_ms(0.99)):>9}"
            )
    lines.append("")
    for clients in outcome.concurrencies:
        ratios = ", ".join(
            f"app/{baseline} {_fmt(outcome.ratio(clients, baseline), '.2f')}"
            for baseline, _ in BASELINES
        )
        lines.append(f"ack throughput at {clients:>2} client(s): {ratios}")
    high = outcome.phase(APP, concurrency)
    if high is not None:
        p99 = high.latency_ms(0.99)
        verdict = "within" if p99 < SLACK_LIMIT_MS else "OVER"
        lines.append(
            f"app p99 ack at {concurrency} clients: {p99:.1f} ms = "
            f"{p99 / SLACK_LIMIT_MS:.1%} of Slack's {SLACK_LIMIT_MS:.0f} ms limit ({verdict})"
        )
    check = "OK" if outcome.stored_rows == outcome.sent_to_app else "MISMATCH"
    lines.append(
        f"stored kudos: {outcome.stored_rows} rows / {outcome.stored_acts} acts for "
        f"{outcome.sent_to_app} requests sent to the app (warm-up included): {check}"
    )
    for label, log in outcome.logs.items():
        lines.append(
            f"{label} log: {len(log.errors)} error line(s); warnings: {log.summary() or 'none'}"
        )
    for phase in outcome.phases:
        if +phase.usage.tcp:
            counters = ", ".join(f"{name} +{n}" for name, n in sorted(phase.usage.tcp.items()))
            lines.append(
                f"kernel TCP (system-wide) during {phase.app} c={phase.concurrency}: {counters}"
            )
    noisy = [
        f"{phase.app} c={phase.concurrency}: {others:.2f}"
        for phase in outcome.phases
        if (others := phase.usage.cores(phase.usage.others)) is not None and others > NOISE_CORES
    ]
    if noisy:
        lines.append(
            "NOTE: other processes kept cores busy during the run (" + ", ".join(noisy) + "):"
            " these figures are noisy; rerun on a quiet machine."
        )
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.kudos_http",
        description="Benchmark /kudos over HTTP: the real app against bare Bolt apps.",
    )
    parser.add_argument("--requests-1", type=int, default=200, help="requests from 1 client")
    parser.add_argument(
        "--requests-32", type=int, default=1000, help="requests in the --concurrency phase"
    )
    parser.add_argument(
        "--concurrency", type=int, default=32, help="clients of the second phase (default 32)"
    )
    parser.add_argument("--warmup", type=int, default=40, help="warm-up requests per server")
    parser.add_argument(
        "--database-url",
        help="sqlite:///path, or postgresql://user@host:port/db to run in a throwaway database "
        "on that server (default: a temporary SQLite file)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument("--phase-timeout", type=float, default=60.0, help="seconds per phase")
    parser.add_argument(
        "--completion-timeout", type=float, default=60.0, help="seconds to wait for confirmations"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 1 when anything was lost or failed."""
    args = _parser().parse_args(argv)
    if min(args.requests_1, args.requests_32, args.concurrency) < 1 or args.warmup < 0:
        raise SystemExit("request counts and concurrency must be positive")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kudos-bench-") as tmp:
        outcome = measure(args, Path(tmp))
    print()
    print(report(outcome, args.concurrency))
    print(f"(whole run: {time.monotonic() - started:.1f} s)")
    if args.json is not None:
        args.json.write_text(json.dumps(outcome.to_json(), indent=2) + "\n")
    problems = outcome.problems
    if problems:
        print("\n!!! PROBLEMS !!!", file=sys.stderr)
        for problem in problems:
            print(f"!!! {problem}", file=sys.stderr)
        errors = [line for log in outcome.logs.values() for line in log.errors]
        for line in [*outcome.unexpected, *outcome.fake_errors, *errors][:10]:
            print(f"    {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
