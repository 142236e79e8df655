"""Fixtures for the Slack-side tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.runtime.server import WsgiApp
from bot.runtime.startup import make_worker
from storage.database import Database
from tests.support.fake_slack import FakeSlack
from tests.support.oauth_mode import oauth_deps


@pytest.fixture
def oauth_app(database: Database) -> Iterator[tuple[WsgiApp, FakeSlack, Database]]:
    """The app in OAuth mode with its worker running, its fake Slack and its database."""
    with oauth_deps(database) as (deps, wsgi, slack):
        worker = make_worker(deps)
        worker.start()
        yield wsgi, slack, database
        worker.stop(grace=5)
