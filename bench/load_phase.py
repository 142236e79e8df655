"""What one load phase against one server measured, and the figures derived from it."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.resource_usage import Usage


def round_or_none(value: float | None, digits: int = 2) -> float | None:
    """`value` rounded for --json; None for a missing or NaN figure."""
    return None if value is None or math.isnan(value) else round(value, digits)


def percentile(values: Sequence[float], quantile: float) -> float:
    """Nearest-rank percentile (quantile 1.0 is the maximum)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(1, math.ceil(quantile * len(ordered))) - 1]


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
    sending: Usage = field(default_factory=Usage)  # while the requests went out: the acks alone
    confirmations: dict[str, float] = field(default_factory=dict)
    not_confirmed: int | None = None
    round_index: int = 0  # the --rounds of one concurrency take turns between the servers

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
            "round": self.round_index,
            "requests": self.requests,
            "unsent": self.unsent,
            "acks_per_s": round_or_none(self.acks_per_second),
            "p50_ms": round_or_none(self.latency_ms(0.50)),
            "p99_ms": round_or_none(self.latency_ms(0.99)),
            "max_ms": round_or_none(self.latency_ms(1.0)),
            "non_200": self.non_200,
            "statuses": {str(k): v for k, v in sorted(Counter(self.codes).items())},
            **self._usage_json(),
            "completed_kudos_per_s": round_or_none(self.completed_per_second),
            "confirmed": len(self.confirmations),
            "not_confirmed": self.not_confirmed,
            "confirm_p50_ms": round_or_none(self.confirm_latency_ms(0.50)),
            "confirm_p99_ms": round_or_none(self.confirm_latency_ms(0.99)),
        }

    def _usage_json(self) -> dict[str, Any]:
        usage = self.usage
        return {
            "wall_s": round_or_none(usage.wall),
            "server_cpu_ms_per_request": round_or_none(self.cpu_ms_per_request(usage.server)),
            "bench_cpu_ms_per_request": round_or_none(self.cpu_ms_per_request(usage.bench)),
            "database_cpu_ms_per_request": round_or_none(self.cpu_ms_per_request(usage.database)),
            "server_cores": round_or_none(usage.cores(usage.server)),
            "database_cores": round_or_none(usage.cores(usage.database)),
            "other_processes_cores": round_or_none(usage.cores(usage.others)),
            "tcp_counters": dict(usage.tcp),
            "sending_server_cpu_ms_per_request": round_or_none(
                self.cpu_ms_per_request(self.sending.server)
            ),
            "sending_server_cores": round_or_none(self.sending.cores(self.sending.server)),
            "sending_database_cores": round_or_none(self.sending.cores(self.sending.database)),
        }
