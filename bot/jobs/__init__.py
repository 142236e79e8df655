"""Scheduled jobs, run by APScheduler: with the runtime, the only code that reads the clock.

`catalog` lists them; `registry` runs them.

May import: bot.blocks, bot.config, bot.deps, bot.domain, bot.services, bot.slack, storage.
"""
