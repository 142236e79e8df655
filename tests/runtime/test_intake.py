"""The intake: a request's task is in the database before `accept` returns; a retry is known as
one; a database that refuses the write is a NotAcceptedError naming the driver's error, and
the intake goes on once the database is back; a row the database refuses fails only its own
request, never the others of its batch, and an unexpected error is a NotAcceptedError too.
Through the WSGI app, a slash command that could not be recorded is told so privately (nothing
was saved; try again, or differently when the request itself was refused), and an event gets
a 500 so that Slack retries it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app import create_app
from bot.config import Settings
from bot.deps import make_deps
from bot.domain.tasks import NewTask, TaskClass
from bot.runtime.intake import (
    ACCEPT_TIMEOUT,
    ANSWER_MARGIN,
    IN_FLIGHT_GRACE,
    Intake,
    NotAcceptedError,
)
from bot.runtime.server import WsgiApp, make_wsgi_app
from handlers.accept import NOT_STORABLE, NOT_TAKEN
from storage.database import Database
from storage.request_writer import RowsRefusedError
from storage.schema import upgrade_schema
from storage.storable import refuse_unstorable
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.interactions import message_shortcut
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    event_body,
    interaction_body,
    signed_headers,
    slash_command_body,
)
from tests.support.wsgi import call_wsgi

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SECRET = "intake-signing-secret"


def _task(key: str) -> NewTask:
    return NewTask(kind="command", key=key, klass=TaskClass.GIVING, payload={}, run_at=NOW)


def _stored(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(text("SELECT count(*) FROM task")).scalar_one())


def _hide_the_task_table(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("ALTER TABLE task RENAME TO task_away"))


def _bring_the_task_table_back(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("ALTER TABLE task_away RENAME TO task"))


def test_a_task_is_stored_before_accept_returns_and_a_retry_is_one(database: Database) -> None:
    commits: list[int] = []
    intake = Intake(database, lambda: NOW, lambda: commits.append(1))
    assert intake.accept(_task("a")) is True
    assert _stored(database) == 1
    assert intake.accept(_task("a")) is False
    assert (_stored(database), len(commits)) == (1, 1)


def test_a_refused_write_is_not_accepted_and_the_intake_goes_on(database: Database) -> None:
    intake = Intake(database, lambda: NOW, lambda: None)
    intake.accept(_task("a"))
    _hide_the_task_table(database)
    try:
        with pytest.raises(NotAcceptedError, match=r"^(OperationalError|UndefinedTable)$"):
            intake.accept(_task("b"))
    finally:
        _bring_the_task_table_back(database)
    assert intake.accept(_task("c")) is True
    assert _stored(database) == 2


@pytest.fixture
def app_without_its_table(tmp_path: Path) -> Iterator[tuple[WsgiApp, Database]]:
    database = Database.from_url(f"sqlite:///{tmp_path / 'kudos.db'}")
    upgrade_schema(database.engine)
    with FakeSlack() as slack:
        settings = Settings(
            slack_bot_token="xoxb-intake", slack_signing_secret=SECRET, slack_api_url=slack.api_url
        )
        deps = make_deps(settings, database)
        app = create_app(settings, deps=deps, one_workspace=True)
        _hide_the_task_table(database)
        yield make_wsgi_app(app, database), database
    database.dispose()


def _post(wsgi: WsgiApp, body: bytes, content_type: str) -> tuple[str, str]:
    headers = signed_headers(body, signing_secret=SECRET, content_type=content_type)
    reply = call_wsgi(wsgi, "POST", "/slack/events", body=body, headers=headers)
    return reply.status, reply.text


def test_a_command_that_was_not_recorded_is_told_so_privately(
    app_without_its_table: tuple[WsgiApp, Database],
) -> None:
    wsgi, _ = app_without_its_table
    body = slash_command_body(
        text="<@U0ANA> #respect thanks", team_id=TEAM_ID, response_url="https://hooks.test/r/1"
    )
    status, reply = _post(wsgi, body, FORM_CONTENT_TYPE)
    assert status.startswith("200")
    assert reply == NOT_TAKEN  # a plain-text ack: shown to the giver alone


def test_an_event_that_was_not_recorded_is_a_500_so_slack_retries(
    app_without_its_table: tuple[WsgiApp, Database],
) -> None:
    wsgi, _ = app_without_its_table
    body = event_body({"type": "app_home_opened", "user": "U0ANA", "tab": "home"}, team_id=TEAM_ID)
    status, _ = _post(wsgi, body, JSON_CONTENT_TYPE)
    assert status.startswith("500")


def test_an_interaction_that_was_not_recorded_is_a_prompt_500_and_one_warning(
    app_without_its_table: tuple[WsgiApp, Database], caplog: pytest.LogCaptureFixture
) -> None:
    wsgi, _ = app_without_its_table
    payload = message_shortcut(
        "give_kudos_for_message",
        team_id=TEAM_ID,
        user_id="U0BEN",
        channel_id="C0TEAM",
        author_id="U0ANA",
        response_url="https://hooks.test/r/1",
    )
    with caplog.at_level(logging.WARNING):
        status, _ = _post(wsgi, interaction_body(payload), FORM_CONTENT_TYPE)
    assert status.startswith("500")  # at once: no response_url post before the answer
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert any("answered message_action request with a 500" in r.message for r in caplog.records)


class _HeldWriter:
    """A request writer that holds each batch until told to go on, recording what it got."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.writing = threading.Event()
        self.batches: list[list[str]] = []
        self.deadlines: list[float | None] = []

    def accept(
        self, *, tasks: list[NewTask], now: datetime, deadline: float | None = None
    ) -> set[str]:
        self.deadlines.append(deadline)
        self.writing.set()
        self.go.wait(10)
        self.batches.append([t.key for t in tasks])
        return {t.key for t in tasks}


class _HeldDatabase:
    def __init__(self, writer: _HeldWriter) -> None:
        self.writer = writer

    def request_writer(self) -> _HeldWriter:
        return self.writer


def _pending(intake: Intake) -> int:
    with intake._ready:  # white box: how many tasks wait for the next batch
        return len(intake._pending)


def test_the_same_request_twice_in_one_batch_is_new_once() -> None:
    writer = _HeldWriter()
    intake = Intake(_HeldDatabase(writer), lambda: NOW, lambda: None)  # type: ignore[arg-type]
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda key=key: results.append(intake.accept(_task(key))))
        for key in ("x", "y", "y", "z")
    ]
    threads[0].start()
    assert writer.writing.wait(5)  # the first batch is out: the others gather behind it
    for thread in threads[1:]:
        thread.start()
    deadline = time.monotonic() + 5
    while _pending(intake) < 3 and time.monotonic() < deadline:
        time.sleep(0.001)
    writer.go.set()
    for thread in threads:
        thread.join(5)
    assert writer.batches == [["x"], ["y", "z"]]
    assert sorted(results) == [False, True, True, True]


def test_a_database_that_does_not_answer_in_time_is_not_accepted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.runtime.intake.ACCEPT_TIMEOUT", 0.05)
    monkeypatch.setattr("bot.runtime.intake.IN_FLIGHT_GRACE", 0.05)
    writer = _HeldWriter()
    intake = Intake(_HeldDatabase(writer), lambda: NOW, lambda: None)  # type: ignore[arg-type]
    with pytest.raises(NotAcceptedError, match="did not answer in time"):
        intake.accept(_task("slow"))  # its batch is out when time is up
    with pytest.raises(NotAcceptedError, match="did not answer in time"):
        intake.accept(_task("behind"))  # still waiting for a batch: taken back, never written
    writer.go.set()  # the late answer finds no one waiting, and the intake goes on
    assert intake.accept(_task("next")) is True
    assert writer.batches == [["slow"], ["next"]]  # "behind" was refused, so it was not written


def test_a_batch_that_waited_gets_only_the_time_its_oldest_listener_has_left() -> None:
    writer = _HeldWriter()
    intake = Intake(_HeldDatabase(writer), lambda: NOW, lambda: None)  # type: ignore[arg-type]
    queued: dict[str, float] = {}

    def accept(key: str) -> None:
        queued[key] = time.monotonic()
        intake.accept(_task(key))

    first = threading.Thread(target=accept, args=("first",))
    first.start()
    assert writer.writing.wait(5)  # "first" is being written: "behind" waits for the next batch
    behind = threading.Thread(target=accept, args=("behind",))
    behind.start()
    while _pending(intake) < 1:
        time.sleep(0.001)
    time.sleep(0.2)  # "behind" has waited a while when its batch goes out
    writer.go.set()
    first.join(5)
    behind.join(5)
    # each statement must end before its listener stops waiting, counted from when it queued,
    # not from when its batch went out (a batch behind a slow one would be written too late)
    wait = ACCEPT_TIMEOUT + IN_FLIGHT_GRACE - ANSWER_MARGIN
    assert writer.batches == [["first"], ["behind"]]
    for key, deadline in zip(("first", "behind"), writer.deadlines, strict=True):
        assert deadline is not None
        assert queued[key] <= deadline - wait <= queued[key] + 0.05


def test_a_batch_answered_within_the_grace_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.runtime.intake.ACCEPT_TIMEOUT", 0.05)
    writer = _HeldWriter()
    intake = Intake(_HeldDatabase(writer), lambda: NOW, lambda: None)  # type: ignore[arg-type]
    threading.Timer(0.2, writer.go.set).start()  # after the timeout, within IN_FLIGHT_GRACE
    assert intake.accept(_task("late but written")) is True


class _RefusingWriter(_HeldWriter):
    """Holds each batch like _HeldWriter; refuses a task the table can't store as the real
    writer does, a batch holding key "bad" as the database refuses a row, and raises
    TypeError for key "bug"."""

    def accept(
        self, *, tasks: list[NewTask], now: datetime, deadline: float | None = None
    ) -> set[str]:
        keys = super().accept(tasks=tasks, now=now, deadline=deadline)
        refuse_unstorable(tasks)
        if "bad" in keys:
            raise RowsRefusedError("DataError")
        if "bug" in keys:
            raise TypeError("not what the writer expects")
        return keys


def _gathered(intake: Intake, writer: _HeldWriter, keys: tuple[str, ...]) -> dict[str, object]:
    """Accept "first" (its batch held) and then `keys`, which gather into one batch behind it;
    what each accept returned or raised."""
    results: dict[str, object] = {}

    def accept(key: str) -> None:
        try:
            results[key] = intake.accept(_task(key))
        except NotAcceptedError as error:
            results[key] = error

    threads = [threading.Thread(target=accept, args=(key,)) for key in ("first", *keys)]
    threads[0].start()
    assert writer.writing.wait(5)
    for thread in threads[1:]:
        thread.start()
    deadline = time.monotonic() + 5
    while _pending(intake) < len(keys) and time.monotonic() < deadline:
        time.sleep(0.001)
    writer.go.set()
    for thread in threads:
        thread.join(5)
    return results


def test_a_row_the_database_refuses_fails_only_its_own_request() -> None:
    writer = _RefusingWriter()
    intake = Intake(_HeldDatabase(writer), lambda: NOW, lambda: None)  # type: ignore[arg-type]
    results = _gathered(intake, writer, ("ana", "bad", "ben", "cy"))
    refused = results.pop("bad")
    assert results == {"first": True, "ana": True, "ben": True, "cy": True}
    assert isinstance(refused, NotAcceptedError) and not refused.lasting  # it may go next time
    # halves until the refused row is alone: a few statements, not one per task
    assert writer.batches[1:] == [
        ["ana", "bad", "ben", "cy"],
        ["ana", "bad"],
        ["ana"],
        ["bad"],
        ["ben", "cy"],
    ]


def test_a_task_the_table_cannot_store_is_refused_alone_and_for_good() -> None:
    writer = _RefusingWriter()
    intake = Intake(_HeldDatabase(writer), lambda: NOW, lambda: None)  # type: ignore[arg-type]
    results = _gathered(intake, writer, ("ana", "nul\x00key", "ben"))
    refused = results.pop("nul\x00key")
    assert results == {"first": True, "ana": True, "ben": True}
    assert isinstance(refused, NotAcceptedError) and refused.lasting
    assert writer.batches[1:] == [["ana", "nul\x00key", "ben"], ["ana", "ben"]]


def test_an_unexpected_error_is_not_accepted_for_its_batch() -> None:
    writer = _RefusingWriter()
    intake = Intake(_HeldDatabase(writer), lambda: NOW, lambda: None)  # type: ignore[arg-type]
    results = _gathered(intake, writer, ("ana", "bug"))
    assert results["first"] is True
    for key in ("ana", "bug"):
        error = results[key]
        assert isinstance(error, NotAcceptedError), error
        assert (str(error), error.lasting) == ("TypeError", False)
    assert intake.accept(_task("next")) is True  # the intake goes on


@pytest.fixture
def wsgi_on(database: Database) -> Iterator[WsgiApp]:
    with FakeSlack() as slack:
        settings = Settings(
            slack_bot_token="xoxb-intake", slack_signing_secret=SECRET, slack_api_url=slack.api_url
        )
        app = create_app(settings, deps=make_deps(settings, database), one_workspace=True)
        yield make_wsgi_app(app, database)


def test_a_command_the_database_cannot_store_is_told_to_try_differently(
    wsgi_on: WsgiApp, database: Database
) -> None:
    body = slash_command_body(
        text="<@U0ANA> #respect thanks",
        team_id=TEAM_ID,
        response_url="https://hooks.test/r/1",
        trigger_id="1234.5678.\x00" + "9" * 300,  # a key no database stores as is
    )
    status, reply = _post(wsgi_on, body, FORM_CONTENT_TYPE)
    assert (status[:3], reply) == ("200", NOT_STORABLE)
    assert _stored(database) == 0
