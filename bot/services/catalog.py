"""Every kind of task and its handler. To add one: write a TaskHandler, add a line below."""

from __future__ import annotations

from collections.abc import Mapping

from bot.services.commands.router import COMMAND
from bot.services.giving.deliver import ANNOUNCE, CONFIRM, DM
from bot.services.giving.give import GIVE
from bot.services.giving.reaction_removal import REACTION_REMOVED
from bot.services.giving.reaction_steps import REACTION_DM, UNANNOUNCE
from bot.services.giving.reaction_words import REACTION_WORDS
from bot.services.giving.reactions import REACTION_ADDED
from bot.services.giving.workflow import WORKFLOW_STEP
from bot.services.home import HOME_OPENED, HOME_PREFERENCES, HOME_REFRESH
from bot.services.lifecycle import LIFECYCLE
from bot.services.modal import OPEN_MODAL
from bot.services.replies import REPLY
from bot.services.tasks import TaskHandler

TASK_HANDLERS: Mapping[str, TaskHandler] = {
    "command": COMMAND,  # /kudos …: a subcommand, the form, or giving
    "give": GIVE,  # the form's submission
    "workflow_step": WORKFLOW_STEP,  # the "Give kudos" Workflow Builder step
    "announce": ANNOUNCE,
    "dm": DM,
    "confirm": CONFIRM,
    "reply": REPLY,
    "reaction_added": REACTION_ADDED,  # a value's emoji: a kudos for the message's author
    "reaction_removed": REACTION_REMOVED,  # within the window: the kudos is withdrawn
    "reaction_dm": REACTION_DM,
    "reaction_unannounce": UNANNOUNCE,
    "reaction_words": REACTION_WORDS,  # "Add a few words" to a reaction kudos
    "open_modal": OPEN_MODAL,
    "home_opened": HOME_OPENED,
    "home_preferences": HOME_PREFERENCES,
    "home_refresh": HOME_REFRESH,
    "lifecycle": LIFECYCLE,
}
