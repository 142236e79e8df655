"""The HTTP load generator: signed slash commands from N clients, latency of every ack recorded."""

from __future__ import annotations

import contextlib
import http.client
import math
import threading
import time
from collections.abc import Iterator, Sequence

from bench.load_phase import Phase
from bench.resource_usage import Snapshot, Usage
from bench.servers_under_test import HOST, Server
from bench.slash_commands import SignedCommand
from bench.timed_fake_slack import TimedFakeSlack
from bot.runtime.server import SLACK_PATH


class LatencyRecorder:
    """Hands out requests to the clients until the deadline; records each one's timing."""

    def __init__(self, requests: Sequence[SignedCommand], timeout: float) -> None:
        count = len(requests)
        self.requests = requests
        self.starts = [math.nan] * count
        self.latencies = [math.nan] * count
        self.codes = [0] * count  # HTTP status; 0 for a transport error
        self._pending: Iterator[int] = iter(range(count))
        self._take_lock = threading.Lock()
        self._deadline = time.monotonic() + timeout

    def take(self) -> int | None:
        """The index of the next request to send; None when all are sent or time is up."""
        with self._take_lock:
            return None if time.monotonic() > self._deadline else next(self._pending, None)

    def send(self, connection: http.client.HTTPConnection, index: int) -> None:
        """Send request `index` on `connection`, read the whole answer, record how it went."""
        request = self.requests[index]
        started = time.perf_counter()
        try:
            connection.request("POST", SLACK_PATH, body=request.body, headers=request.headers)
            response = connection.getresponse()
            response.read()
            self.codes[index] = response.status
        except (OSError, http.client.HTTPException):
            connection.close()  # the next request reconnects
        self.latencies[index] = time.perf_counter() - started
        self.starts[index] = started

    def phase(self, *, app: str, concurrency: int, usage: Usage) -> Phase:
        """The requests actually sent, in sending order, as a Phase."""
        sent = [i for i in range(len(self.requests)) if not math.isnan(self.starts[i])]
        return Phase(
            app=app,
            concurrency=concurrency,
            names=[self.requests[i].name for i in sent],
            starts=[self.starts[i] for i in sent],
            latencies=[self.latencies[i] for i in sent],
            codes=[self.codes[i] for i in sent],
            unsent=len(self.requests) - len(sent),
            usage=usage,
        )


def _client(port: int, recorder: LatencyRecorder, barrier: threading.Barrier) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    with contextlib.suppress(OSError):
        connection.connect()
    barrier.wait()
    while (index := recorder.take()) is not None:
        recorder.send(connection, index)
    connection.close()


def run_load(
    server: Server, requests: Sequence[SignedCommand], *, concurrency: int, timeout: float
) -> Phase:
    """Send `requests` from `concurrency` threads, one persistent HTTP/1.1 connection each."""
    barrier = threading.Barrier(concurrency + 1, timeout=30)
    recorder = LatencyRecorder(requests, timeout)
    threads = [
        threading.Thread(target=_client, args=(server.port, recorder, barrier), daemon=True)
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    before = Snapshot.take(server.pid)
    barrier.wait()
    for thread in threads:
        thread.join(timeout + 60)
    after = Snapshot.take(server.pid)
    usage, sending = Usage(), Usage()
    usage.add(before, after)  # later phases of the same requests add to it
    sending.add(before, after)
    phase = recorder.phase(app=server.label, concurrency=concurrency, usage=usage)
    phase.sending = sending
    return phase


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


def await_home_refreshes(
    phase: Phase, fake: TimedFakeSlack, server: Server, user_ids: set[str], *, timeout: float
) -> None:
    """Wait (bounded) until each of these people's Home was republished, counting the CPU."""
    before = Snapshot.take(server.pid)
    deadline = time.monotonic() + timeout

    def missing() -> set[str]:
        return user_ids - {call.params.get("user_id") for call in fake.calls_to("views.publish")}

    while missing() and time.monotonic() < deadline:
        time.sleep(0.05)
    phase.usage.add(before, Snapshot.take(server.pid))
