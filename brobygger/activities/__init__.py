"""Aktiviteter: dated activities anyone can find, join or host (issue 13)."""
