"""Benchmark: `kudos-bot export --format csv` of 1,000,000 kudos beside the database's own CSV dump.

Seeds once into bench/.data/export-<rows>.db (gitignored; reused on later runs) and, for
PostgreSQL, into a throwaway database loaded with COPY and dropped afterwards. Each export runs as
a separate process; rows/s come from wall time (best of --repeat runs, as the machine may be
shared), peak RSS from GNU time (/usr/bin/time -f %M, the highest of the runs). The ceilings
are `sqlite3 -csv` and `psql -c "\\copy (...) TO ... CSV HEADER"` of the same rows.

    .venv/bin/python -m bench.export_csv [--rows N] [--postgres URL | --no-postgres] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.export_seed import TEAM, seed_postgres, seed_sqlite, throwaway_postgres

DATA = Path(__file__).with_name(".data")
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
TIME = "/usr/bin/time"  # GNU time: apt-get install -y time
SELECT = (
    "SELECT k.id, k.act_id, k.team_id, k.created_at, k.giver_id, k.receiver_id, v.slug, v.name,"
    " k.message, k.channel_id, k.is_private FROM kudos k JOIN company_value v ON v.id = k.value_id"
    " WHERE k.team_id = 'TBENCH' ORDER BY k.created_at, k.id"
)


@dataclass(frozen=True)
class Run:
    """One measured process: what ran, how long, its peak RSS and how many lines it wrote."""

    label: str
    seconds: float
    peak_rss_mb: float
    lines: int

    def rows_per_second(self, rows: int) -> float:
        """Exported rows per wall-clock second."""
        return rows / self.seconds


def _measure(label: str, argv: Sequence[str], out: Path, env: dict[str, str] | None) -> Run:
    """Run argv under GNU time (its own small fork, so the peak RSS is the command's alone)."""
    out.unlink(missing_ok=True)
    rss_file = out.with_suffix(".rss")
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [TIME, "-f", "%M", "-o", str(rss_file), *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{label} failed ({result.returncode}): {result.stderr.decode()}")
    peak_kb = int(rss_file.read_text().split()[-1])
    rss_file.unlink()
    with out.open("rb") as handle:
        lines = sum(1 for _ in handle)
    return Run(label, seconds, peak_kb / 1024, lines)


def _best(runs: list[Run]) -> Run:
    """The fastest of repeated runs (the machine is shared), with the highest peak RSS seen."""
    fastest = min(runs, key=lambda run: run.seconds)
    peak = max(run.peak_rss_mb for run in runs)
    return Run(f"{fastest.label} (best of {len(runs)})", fastest.seconds, peak, fastest.lines)


def _ours(url: str, out: Path) -> Run:
    argv = [sys.executable, "-m", "bot.cli", "export", "--format", "csv"]
    argv += ["--team", TEAM, "--out", str(out)]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": url}
    return _measure("kudos-bot export --format csv", argv, out, env)


def _sqlite_ceiling(db: Path, out: Path) -> Run:
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        raise SystemExit("the sqlite3 CLI is missing: apt-get install -y sqlite3")
    argv = [sqlite3, "-csv", "-header", str(db), f".output {out}", SELECT]
    return _measure("sqlite3 -csv", argv, out, None)


def _psql_ceiling(url: str, out: Path) -> Run:
    psql = shutil.which("psql")
    if psql is None:
        raise SystemExit("psql is missing: apt-get install -y postgresql-client")
    argv = [psql, "-X", "-q", url, "-c", f"\\copy ({SELECT}) TO '{out}' WITH CSV HEADER"]
    return _measure("psql \\copy", argv, out, None)


def _report(backend: str, rows: int, ours: Run, ceiling: Run) -> None:
    print(f"\n== {backend}: {rows:,} kudos ==")
    for run in (ceiling, ours):
        print(
            f"{run.label:46} {run.seconds:7.2f} s  {run.rows_per_second(rows):11,.0f} rows/s"
            f"  peak RSS {run.peak_rss_mb:6.1f} MB  ({run.lines:,} lines)"
        )
    speed = ours.rows_per_second(rows) / ceiling.rows_per_second(rows)
    print(f"speed ratio (ours / ceiling): {speed:.2f}   target >= 0.30  {_verdict(speed >= 0.3)}")
    print(
        f"peak RSS of ours: {ours.peak_rss_mb:.1f} MB   target < 150 MB  "
        f"{_verdict(ours.peak_rss_mb < 150)}"
    )


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def _postgres(url: str, rows: int, sqlite_db: Path) -> Iterator[str]:
    with throwaway_postgres(url) as bench_url:
        started = time.perf_counter()
        seed_postgres(bench_url, sqlite_db)
        print(f"seeded PostgreSQL with COPY in {time.perf_counter() - started:.1f} s")
        yield bench_url


def main(argv: Sequence[str] | None = None) -> int:
    """Seed (once), export on each backend, print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL") or PG_DEFAULT)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; best is shown")
    args = parser.parse_args(argv)
    DATA.mkdir(exist_ok=True)
    db = DATA / f"export-{args.rows}.db"
    seed_sqlite(db, args.rows)
    out = DATA / "out.csv"
    ceiling = _best([_sqlite_ceiling(db, out) for _ in range(args.repeat)])
    ours = _best([_ours(f"sqlite:///{db}", out) for _ in range(args.repeat)])
    _report("SQLite", args.rows, ours, ceiling)
    if not args.no_postgres:
        for url in _postgres(args.postgres, args.rows, db):
            ceiling = _best([_psql_ceiling(url, out) for _ in range(args.repeat)])
            ours = _best([_ours(url, out) for _ in range(args.repeat)])
            _report("PostgreSQL", args.rows, ours, ceiling)
    out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
