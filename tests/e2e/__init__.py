"""Tests of the real server, end to end, against a fake Slack."""
