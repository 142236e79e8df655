"""Counters read off Linux /proc: CPU seconds per process and machine-wide, kernel TCP counters."""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from pathlib import Path

TCP_COUNTERS = ("ListenOverflows", "ListenDrops", "TCPSynRetrans", "TCPTimeouts")


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
