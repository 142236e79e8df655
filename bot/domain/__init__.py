"""Pure rules and text: what the app decides, with no Slack, database or clock of its own.

Modules here import only the standard library and each other.
"""
