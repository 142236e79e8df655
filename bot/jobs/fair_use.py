"""Weekly job: tell each workspace's admins, privately, about kudos patterns worth a look."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.domain.fair_use import FAIR_USE_WINDOW, detect, report_text
from bot.jobs.scheduled_posts import WORKER
from bot.slack.clients import web_client_for
from bot.slack.errors import CANNOT_DM
from storage.claims_repo import ClaimKey, ClaimStatus, claim_post
from storage.stats_repo import pair_counts, teams_with_kudos_between

log = logging.getLogger(__name__)


def workspace_admins(client: WebClient, team_id: str) -> Iterator[str]:
    """Active human admins and owners (users.list, page by page)."""
    cursor = None
    while True:
        page = client.users_list(team_id=team_id, limit=200, cursor=cursor)
        for user in page.get("members") or []:
            human = not (user.get("deleted") or user.get("is_bot"))
            if human and (user.get("is_admin") or user.get("is_owner")):
                yield str(user["id"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def _tell(client: WebClient, admin_id: str, text: str) -> None:
    try:
        client.chat_postMessage(channel=admin_id, text=text, link_names=False)
    except SlackApiError as error:
        if error.response.get("error") not in CANNOT_DM:
            raise
        log.info("could not DM admin %s: %s", admin_id, error.response.get("error"))


def _claim_week(deps: Deps, team_id: str, now: datetime) -> bool:
    """Claim this ISO week's report for a workspace; False when a process already sent it."""
    year, week, _ = now.isocalendar()
    key = ClaimKey(team_id, "admins", "fair-use", f"{year}-W{week:02}")
    with deps.database.transaction() as session:
        return claim_post(
            session=session,
            key=key,
            slot_at=now,
            status=ClaimStatus.POSTED,
            worker=WORKER,
            now=now,
        )


def report_fair_use(deps: Deps, *, now: datetime) -> None:
    """DM every workspace's admins the fair-use flags of the 7 days before `now`, once a week."""
    start = now - FAIR_USE_WINDOW
    with deps.database.transaction() as session:
        teams = teams_with_kudos_between(session=session, start=start, end=now)
        counts = {t: pair_counts(session=session, team_id=t, start=start, end=now) for t in teams}
    for team_id, team_counts in counts.items():
        flags = detect(team_counts)
        client = web_client_for(deps, team_id)
        if not flags or client is None or not _claim_week(deps, team_id, now):
            continue
        text = report_text(flags)
        admins = list(workspace_admins(client, team_id))
        log.info(
            "fair-use report for %s: %d flag(s), %d admin(s)", team_id, len(flags), len(admins)
        )
        for admin_id in admins:
            _tell(client, admin_id, text)
