"""What a server under test logged: error lines verbatim, warnings counted by kind."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_NUMBER = re.compile(r"\d+")


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
