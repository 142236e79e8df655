"""The give step with user groups: members looked up after the ack, the giver left out, each
person once, the 20-person limit counted after expansion, and clear refusals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.tasks import Task, TaskClass
from bot.services.giving import give
from bot.services.giving.request import GiveRequest
from bot.services.replies import ReplyTo
from bot.services.tasks import TaskContext
from bot.slack.failures import FailureKind, classify
from storage.database import Database
from tests.support.fake_slack import BOT_USER_ID, FakeSlack
from tests.support.scheduling import settings_for

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
TEAM = "T0GROUPS"
MSG = "stayed on after the outage to call back every customer"


@dataclass
class Outcome:
    """What the give step decided: the request it stores, or the text it refuses with."""

    stored: list[GiveRequest] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def outcome(monkeypatch: pytest.MonkeyPatch) -> Outcome:
    seen = Outcome()

    def store(_: Any, request: GiveRequest, **__: Any) -> None:
        seen.stored.append(request)

    def add_tasks(*, tasks: list[Any], **_: Any) -> None:
        seen.refusals.extend(t.payload["text"] for t in tasks)

    monkeypatch.setattr(give, "store_and_queue", store)
    monkeypatch.setattr(give, "add_tasks", add_tasks)
    return seen


@pytest.fixture
def run(slack: FakeSlack, outcome: Outcome) -> Iterator[Any]:
    database = Database.from_url("sqlite://")
    deps = Deps(settings=settings_for(slack.api_url), database=database)
    client = WebClient(token="xoxb-groups", base_url=slack.api_url)

    def run_give(
        named: tuple[str, ...], groups: tuple[str, ...], labels: dict[str, str] | None = None
    ) -> Outcome:
        task = Task(1, "command:t", "command", TaskClass.GIVING, TEAM, {}, 0, NOW)
        ctx = TaskContext(task=task, deps=deps, now=NOW, _client=client)
        request = GiveRequest(
            team_id=TEAM,
            giver_id="UGIVER",
            recipient_ids=named,
            value="respect",
            message=MSG,
            channel_id="CTEAM",
            request_key="trigger-1",
            group_ids=groups,
            group_labels={"S1": "@support"} if labels is None else labels,
        )
        finish = give.give_now(
            ctx, request, reply_to=ReplyTo("UGIVER", None, NOW), app_user_id=BOT_USER_ID
        )
        assert finish.then is not None
        finish.then(None)  # type: ignore[arg-type]  # the stubs need no session
        return outcome

    yield run_give
    database.dispose()


def _people(n: int, prefix: str = "UM") -> list[str]:
    return [f"{prefix}{i:02}" for i in range(n)]


def test_every_member_is_thanked_the_giver_left_out(slack: FakeSlack, run: Any) -> None:
    slack.add_user_group("S1", ["UANA", "UGIVER", "UBEN"])
    done = run((), ("S1",))
    assert [(r.recipient_ids, r.left_out) for r in done.stored] == [(("UANA", "UBEN"), ())]
    assert done.stored[0].group_ids == ()  # the stored request names everyone it thanks
    assert [c.params for c in slack.calls_to("usergroups.users.list")] == [{"usergroup": "S1"}]


def test_people_named_and_in_a_group_are_thanked_once(slack: FakeSlack, run: Any) -> None:
    slack.add_user_group("S1", ["UBEN", "UANA", "UCAM"])
    slack.add_user_group("S2", ["UCAM", "UDAN"])
    done = run(("UANA",), ("S1", "S2"))
    assert [r.recipient_ids for r in done.stored] == [("UANA", "UBEN", "UCAM", "UDAN")]


def test_over_the_limit_says_how_many_and_asks_no_one_else(slack: FakeSlack, run: Any) -> None:
    slack.add_user_group("S1", _people(25))
    done = run((), ("S1",))
    assert done.stored == []
    [text] = done.refusals
    assert "That would thank 25 people (`@support` has 25 people)" in text
    assert "at most 20" in text
    assert "Nothing was saved. Try: `/kudos @ana" in text
    assert slack.calls_to("users.info") == []  # counted before anyone is looked up


def test_the_limit_counts_after_expansion(slack: FakeSlack, run: Any) -> None:
    slack.add_user_group("S1", [*_people(17), "UGIVER"])  # 17 others: with 3 named, 20
    assert len(run(("UA", "UB", "UC"), ("S1",)).stored[0].recipient_ids) == 20
    slack.add_user_group("S2", [*_people(18), "UGIVER"])  # 18 others: with 3 named, 21
    [text] = run(("UA", "UB", "UC"), ("S2",), {}).refusals
    assert "That would thank 21 people (a user group you mentioned has 19 people)" in text


@pytest.mark.parametrize(
    ("members", "disabled", "expected"),
    [
        ([], False, "There is no one in `@support` (it is empty or disabled)"),
        (["UANA"], True, "There is no one in `@support` (it is empty or disabled)"),
        (["UGIVER"], False, "you can't give them to yourself"),
        (["UHELPER", "UGONE"], False, "No one in the user groups you mentioned can receive"),
    ],
    ids=["empty", "disabled", "only-the-giver", "only-bots-and-gone"],
)
def test_a_group_with_no_one_to_thank_is_refused(
    slack: FakeSlack, run: Any, members: list[str], disabled: bool, expected: str
) -> None:
    slack.add_user("UHELPER", is_bot=True)
    slack.add_user("UGONE", deleted=True)
    slack.add_user_group("S1", members, disabled=disabled)
    done = run((), ("S1",))
    assert done.stored == []
    assert [expected in text for text in done.refusals] == [True]


def test_members_who_cannot_receive_kudos_are_left_out(slack: FakeSlack, run: Any) -> None:
    slack.add_user("UHELPER", is_bot=True)
    slack.add_user("UGONE", deleted=True)
    slack.add_user("UEXT", is_stranger=True)
    slack.add_user_group("S1", ["UANA", "UHELPER", "UGONE", "UEXT", BOT_USER_ID])
    [stored] = run((), ("S1",)).stored
    assert stored.recipient_ids == ("UANA",)
    assert stored.left_out == ("UHELPER", "UGONE", "UEXT", BOT_USER_ID)  # the giver hears who


def test_people_named_still_follow_the_rules(slack: FakeSlack, run: Any) -> None:
    slack.add_user("UHELPER", is_bot=True)
    slack.add_user_group("S1", ["UANA", "UGIVER"])
    run(("UHELPER",), ("S1",))
    [bot, me] = run(("UGIVER",), ("S1",)).refusals  # the outcome gathers both runs
    assert "<@UHELPER> is a bot" in bot
    assert "you can't give them to yourself" in me


def test_an_unknown_group_is_refused(run: Any) -> None:
    [text] = run(("UANA",), ("S404",), {"S404": "@ghosts"}).refusals
    assert "Slack doesn't know `@ghosts` in this workspace" in text


def test_a_missing_scope_asks_for_a_reinstall_and_is_not_remembered(
    slack: FakeSlack, run: Any
) -> None:
    slack.add_user_group("S1", ["UANA"])
    slack.withhold_scope("usergroups:read")
    [text] = run((), ("S1",)).refusals
    assert "ask a Slack admin to reinstall the app" in text
    slack.reset()  # reinstalled with the scope
    assert [r.recipient_ids for r in run((), ("S1",)).stored] == [("UANA",)]


def test_groups_are_cached_briefly(slack: FakeSlack, run: Any) -> None:
    slack.add_user_group("S1", ["UANA"])
    run((), ("S1",))
    run((), ("S1",))
    assert len(slack.calls_to("usergroups.users.list")) == 1


@pytest.mark.parametrize(
    "inject",
    [
        lambda fake: fake.rate_limit("usergroups.users.list", retry_after=3),
        lambda fake: fake.http_error("usergroups.users.list", status=503),
        lambda fake: fake.fail("usergroups.users.list", "internal_error"),
    ],
    ids=["429", "503", "internal_error"],
)
def test_slack_trouble_is_a_transient_failure_of_the_step(
    slack: FakeSlack, run: Any, inject: Any
) -> None:
    slack.add_user_group("S1", ["UANA"])
    inject(slack)
    with pytest.raises(SlackApiError) as raised:
        run((), ("S1",))
    failure = classify(raised.value)
    assert failure is not None and failure.kind is FailureKind.TRANSIENT
