"""Wall and CPU seconds and TCP counter increments, summed over measured intervals."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from bench.proc_counters import busy_cpu_seconds, cpu_seconds, postgres_cpu_seconds, tcp_counters


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
