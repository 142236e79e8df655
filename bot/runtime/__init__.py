"""Running the app: start-up (`startup`, and `runner` for the web side), the HTTP server, logging,
the intake that accepts requests durably, the worker that runs tasks, and CPU slots.

May import: bot.app, bot.config, bot.deps, bot.domain, bot.jobs, bot.services, bot.slack,
storage.
"""
