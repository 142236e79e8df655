"""Tests of bot/blocks."""
