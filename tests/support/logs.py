"""The app's own logging set-up for one test, put back as it was afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.runtime.log_setup import configure_logging

# the loggers configure_logging gives a level of their own
_TUNED = ("kudos.bolt", "waitress.queue", "slack_sdk.webhook")


@contextmanager
def app_logging(level: str, secrets: tuple[str, ...] = ()) -> Iterator[None]:
    """Log as the app does (to the stderr of the moment, masked) at `level`, then restore."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, [logging.getLogger(n).level for n in _TUNED]
    configure_logging(level, secrets)
    try:
        yield
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, was in zip(_TUNED, saved[2], strict=True):
            logging.getLogger(name).setLevel(was)
