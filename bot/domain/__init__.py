"""Pure rules and text: parsing `/kudos`, values, limits, periods, schedules, prompts, fair use,
exports' formats and ranges, the task queue's retry and pacing rules. No Slack, database or
clock of its own.

May import: nothing of the app.
"""
