"""Difference Makers: the app's core, in packages.

domain/ (pure rules and text), blocks/ (pure Block Kit), slack/ (the Web API side), services/
(use cases), jobs/ (scheduled work), cli/ (`kudos-bot`), runtime/ (start-up, server, intake,
worker); config.py reads the environment, deps.py creates every executor and worker, app.py
builds the Bolt app and is the only importer of handlers/.
"""
