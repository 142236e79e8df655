"""Use cases shared by listeners, jobs and the command line: giving, commands, Home, the form,
replies, exports, lifecycle. Each kind of task has its handler here (`catalog` lists them).

May import: bot.blocks, bot.config, bot.deps, bot.domain, bot.slack, storage.
"""
