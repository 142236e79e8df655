"""`kudos-bot`: the command line (`main`), one module per group of commands.

Slack and the web server load only for the commands that serve (`service`); the Bolt app and
its listeners only for `serve`, from bot.runtime.runner.

May import: bot.config, bot.deps, bot.domain, bot.jobs, bot.runtime, bot.services, bot.slack,
storage.
"""
