"""Run `kudos-bot` as a subprocess, the way an operator does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`kudos-bot ARGS` in `cwd` with only `env` (and a plain PATH), its output captured."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bot.cli", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
