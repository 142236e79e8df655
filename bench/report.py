"""The printed report: the ack table, the completion table, verdicts and diagnostics."""

from __future__ import annotations

import math

from bench.load_phase import Phase
from bench.outcome import SLACK_LIMIT_MS, Outcome
from bench.servers_under_test import APP, BASELINES

NOISE_CORES = 0.2  # other processes busier than this make a run noisy
ACK_HEADER = (
    f"{'server':<9}{'clients':>8}{'requests':>9}{'acks/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    f"{'max ms':>9}{'non-200':>8} |{'server':>7}{'db':>7}{'bench':>7} |"
    f"{'server':>7}{'db':>7}{'others':>7}"
)
ACK_LEGEND = (
    "ack = the HTTP response to Slack's request. bare: Bolt, ack-only listener,"
    " process_before_response=False; bare-pbr: the same with True.",
    "CPU per request (ms) of the server process, the PostgreSQL processes and the bench"
    " process (clients + fake Slack), then cores",
    "(CPU / wall) of the server, PostgreSQL and every other process (noise; ~0 on a quiet"
    " machine). Real-app figures include the work after the ack.",
    f"{'':<70}|{'CPU ms per request':^21} |{'cores':^21}",
)
COMPLETION_HEADER = (
    f"{'clients':>8}{'kudos':>8}{'confirmed':>11}{'kudos/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
)
COMPLETION_LEGEND = "   (kudos/s: first send to last confirmation; p50/p99: send to confirmation)"


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None or math.isnan(value) else format(value, spec)


def _ack_row(phase: Phase) -> str:
    usage = phase.usage
    return (
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


def _completion_row(phase: Phase) -> str:
    return (
        f"{phase.concurrency:>8}{phase.requests:>8}{len(phase.confirmations):>11}"
        f"{_fmt(phase.completed_per_second):>9}{_fmt(phase.confirm_latency_ms(0.5)):>9}"
        f"{_fmt(phase.confirm_latency_ms(0.99)):>9}"
    )


def ack_table(outcome: Outcome) -> list[str]:
    """Throughput, ack latency and CPU of every phase, with its legend."""
    rows = [_ack_row(phase) for phase in outcome.phases]
    return [*ACK_LEGEND, ACK_HEADER, "-" * len(ACK_HEADER), *rows]


def completion_table(outcome: Outcome) -> list[str]:
    """How fast the real app's confirmations reached their response_urls."""
    rows = [_completion_row(phase) for phase in outcome.phases if phase.app == APP]
    return [
        "completion (real app; the confirmation to the response_url is the last step):",
        COMPLETION_HEADER + COMPLETION_LEGEND,
        "-" * len(COMPLETION_HEADER),
        *rows,
    ]


SENDING_HEADER = f"{'server':<9}{'round':>6}{'acks/s':>9}{'ms/ack':>8}{'cores':>7}{'db cores':>9}"


def sending_table(outcome: Outcome, concurrency: int) -> list[str]:
    """The servers while the requests went out at `concurrency` clients: CPU per ack and cores
    busy (a server below 1 core is waiting on something other than the interpreter)."""
    rows = [
        f"{phase.app:<9}{phase.round_index:>6}{phase.acks_per_second:>9.0f}"
        f"{_fmt(phase.cpu_ms_per_request(phase.sending.server), '.2f'):>8}"
        f"{_fmt(phase.sending.cores(phase.sending.server), '.2f'):>7}"
        f"{_fmt(phase.sending.cores(phase.sending.database), '.2f'):>9}"
        for phase in outcome.phases
        if phase.concurrency == concurrency
    ]
    return [
        f"while sending at {concurrency} clients (the acks alone: the app's worker lets acks go"
        " first; server CPU per ack, cores busy):",
        SENDING_HEADER,
        "-" * len(SENDING_HEADER),
        *rows,
    ]


def verdict_lines(outcome: Outcome, concurrency: int) -> list[str]:
    """App/baseline ratios, the app's p99 against Slack's limit, and the stored-kudos check."""
    lines = []
    for clients in outcome.concurrencies:
        ratios = ", ".join(
            f"app/{baseline} {_fmt(outcome.ratio(clients, baseline), '.2f')}"
            for baseline, _ in BASELINES
        )
        lines.append(f"ack throughput at {clients:>2} client(s): {ratios}")
        rounds = outcome.round_ratios(clients)
        if len(rounds) > 1:
            each = ", ".join(f"{r:.2f}" for r in rounds)
            lines.append(f"  app/bare round by round (the median above): {each}")
    highs = outcome.rounds(APP, concurrency)
    if highs:
        p99 = max(phase.latency_ms(0.99) for phase in highs)
        verdict = "within" if p99 < SLACK_LIMIT_MS else "OVER"
        lines.append(
            f"app p99 ack at {concurrency} clients (worst round): {p99:.1f} ms = "
            f"{p99 / SLACK_LIMIT_MS:.1%} of Slack's {SLACK_LIMIT_MS:.0f} ms limit ({verdict})"
        )
    check = "OK" if outcome.stored_rows == outcome.sent_to_app else "MISMATCH"
    lines.append(
        f"stored kudos: {outcome.stored_rows} rows / {outcome.stored_acts} acts for "
        f"{outcome.sent_to_app} requests sent to the app (warm-up included): {check}"
    )
    return lines


def diagnostic_lines(outcome: Outcome) -> list[str]:
    """What the servers logged, kernel TCP trouble, and a note when the machine was noisy."""
    lines = [
        f"{label} log: {len(log.errors)} error line(s); warnings: {log.summary() or 'none'}"
        for label, log in outcome.logs.items()
    ]
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
    return lines


def report(outcome: Outcome, concurrency: int) -> str:
    """The printed tables."""
    lines = [f"environment: {outcome.environment}", "", *ack_table(outcome), ""]
    lines += [*completion_table(outcome), ""]
    lines += [*sending_table(outcome, concurrency), ""]
    lines += [*verdict_lines(outcome, concurrency), *diagnostic_lines(outcome)]
    return "\n".join(lines)
