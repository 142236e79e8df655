"""Tests of bot/services."""
