"""The Web API side: clients for a workspace, Slack's rate limits as holds, errors classified,
bot tokens, the people and user-groups directories (recent answers kept briefly) and
multi-workspace OAuth.

May import: bot.config, bot.domain, storage.
"""
