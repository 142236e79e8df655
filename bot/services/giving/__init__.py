"""Giving kudos, one use case for every surface: accept a request, check it, store it once,
then announce it, DM each person thanked and confirm to the giver, each step a task."""
