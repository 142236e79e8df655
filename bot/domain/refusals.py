"""Why a kudos cannot be given: a code for the program, a plain-language reason for the person.

Every surface (the command, the form, later reactions and workflows) refuses with these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RefusalCode(StrEnum):
    """Why a kudos was refused."""

    NO_RECIPIENT = "no_recipient"
    UNKNOWN_PERSON = "unknown_person"
    GROUP_MENTION = "group_mention"  # @channel, @here, @everyone
    EMPTY_GROUP = "empty_group"  # a user group with no one to thank (empty or disabled)
    UNKNOWN_GROUP = "unknown_group"  # a user group Slack does not know, or the app can't read
    TOO_MANY_RECIPIENTS = "too_many_recipients"
    NO_VALUE = "no_value"
    SEVERAL_VALUES = "several_values"
    UNKNOWN_VALUE = "unknown_value"
    MESSAGE_TOO_SHORT = "message_too_short"
    MESSAGE_TOO_LONG = "message_too_long"
    SELF_KUDOS = "self_kudos"
    BOT_RECIPIENT = "bot_recipient"
    INACTIVE_RECIPIENT = "inactive_recipient"
    EXTERNAL_RECIPIENT = "external_recipient"  # another organisation's person (Slack Connect)
    GIVER_NOT_A_PERSON = "giver_not_a_person"  # a bot or a deactivated account (workflows)
    DAILY_LIMIT = "daily_limit"
    FAIR_USE = "fair_use"
    STEP_INPUT = "step_input"  # a Workflow Builder step's input of the wrong kind


@dataclass(frozen=True)
class KudosRefusal:
    """A kudos that cannot be given, with a plain-language reason."""

    code: RefusalCode
    reason: str
