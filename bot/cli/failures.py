"""One line for each way the surroundings of `kudos-bot` fail: the database, Slack, the disk.

`explain` turns an exception we expect into that line (secrets masked), or None for anything
else, which is a bug and keeps its traceback. `main` prints it and exits EXIT_ENVIRONMENT.
"""

from __future__ import annotations

import errno
import os
import sys
from urllib.error import URLError

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from bot.config import ConfigError, load_database_url, load_settings
from bot.runtime.log_setup import RedactingFormatter

EXIT_INPUT = 2  # the command or the configuration is wrong: change it
EXIT_ENVIRONMENT = 1  # the database, Slack, the disk or the output failed: check them, run again
EXPECTED = (DatabaseError, SlackApiError, OSError)  # what `main` hands to `explain`

_SHORT = 160  # characters of a driver's or the network's own words
_WRITING = {
    errno.ENOSPC: "Free some space, or write elsewhere (--out).",
    errno.EDQUOT: "Free some space, or write elsewhere (--out).",
    errno.EROFS: "Write elsewhere (--out).",
    errno.EACCES: "Check the permissions, or write elsewhere (--out).",
    errno.EPERM: "Check the permissions, or write elsewhere (--out).",
}


def _first_line(text: str) -> str:
    line = (text.strip().splitlines() or [""])[0].strip()
    return line if len(line) <= _SHORT else line[: _SHORT - 1] + "…"


def _database_line(error: DatabaseError) -> str:
    try:
        url = load_database_url()
    except ConfigError:
        url = ""
    return database_line(error, url)


def database_line(error: DatabaseError, database_url: str) -> str:
    """What failed at `database_url` (its password hidden, in the driver's words too)."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return f"cannot use the database ({type(error).__name__}). Check DATABASE_URL."
    reason = _first_line(str(error.orig))
    if url.password:
        reason = reason.replace(str(url.password), "***")
    if url.get_backend_name() == "sqlite":
        check = "the file is an SQLite database of this app that this user may read and write"
    else:
        check = "the server is running and takes this user and password"
    where = url.render_as_string(hide_password=True)
    return f"cannot use the database {where} ({reason}). Check DATABASE_URL and that {check}."


def _slack_api_url() -> str:
    try:
        return load_settings().slack_api_url
    except ConfigError:
        return "SLACK_API_URL"


def slack_unreachable_line(error: OSError, api_url: str) -> str:
    """Slack's Web API at `api_url` could not be reached: why, in the network's words."""
    return (
        f"cannot reach Slack's Web API at {api_url} ({_network_reason(error)}). "
        "Check SLACK_API_URL and the network, then run it again."
    )


def _network_reason(error: OSError) -> str:
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return _first_line(str(reason)) or type(reason).__name__


def _slack_refused(error: SlackApiError) -> str:
    method = str(getattr(error.response, "api_url", "")).rstrip("/").rsplit("/", 1)[-1]
    called = f" to {method}" if method else ""
    return (
        f"Slack said {error.response.get('error')!r}{called}. Check the ids you gave, "
        "and the app's token, scopes and channels."
    )


def _writing(error: OSError) -> str | None:
    hint = _WRITING.get(error.errno or 0)
    if hint is None:
        return None
    what = f"cannot write {error.filename}" if error.filename else "cannot write the output"
    return f"{what}: {error.strerror or os.strerror(error.errno or 0)}. {hint}"


def explain(error: BaseException) -> str | None:
    """The line for an expected failure of the surroundings, or None for anything else."""
    if isinstance(error, DatabaseError):
        known = isinstance(error, OperationalError) or type(error) is DatabaseError
        return _database_line(error) if known else None
    if isinstance(error, SlackApiError):
        return _slack_refused(error)
    if isinstance(error, (URLError, ConnectionError, TimeoutError)):
        return slack_unreachable_line(error, _slack_api_url())
    if isinstance(error, OSError):
        return _writing(error)
    return None


def startup_failure(error: BaseException) -> tuple[str, int]:
    """A start-up refusal's line and exit code: the failure beneath it decides both."""
    cause = error.__cause__ or error.__context__
    if isinstance(cause, SlackApiError):  # Slack answered: it refused a token
        return str(error), EXIT_INPUT
    if isinstance(cause, (DatabaseError, OSError, SlackClientError)):
        return explain(cause) or str(error), EXIT_ENVIRONMENT
    return str(error), EXIT_INPUT


def report(line: str, code: int) -> int:
    """Print `kudos-bot: line` on stderr, tokens masked; return the exit code."""
    print(f"kudos-bot: {RedactingFormatter('%(message)s').redact(line)}", file=sys.stderr)
    return code


def discard_stdout() -> None:
    """Send what is left in stdout's buffer nowhere, so exiting does not fail on it again."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (tests capture it): nothing to flush later
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def closed_pipe() -> int:
    """stdout's reader went away (`kudos-bot export | head -1`): say so once, exit 1."""
    discard_stdout()
    line = "the output was closed before it was all written (whatever read it stopped reading)."
    return report(line, EXIT_ENVIRONMENT)
