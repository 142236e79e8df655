"""The Web API side: clients for a workspace, Slack's rate limits as holds, errors classified.

May import slack_sdk, storage and bot.domain; never handlers.
"""
