"""The Web API side: clients for a workspace, Slack's rate limits as holds, errors classified,
bot tokens, the people directory and multi-workspace OAuth.

May import: bot.config, bot.domain, storage.
"""
