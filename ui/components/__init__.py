"""Reusable widgets: each `show(key=...)` function owns its session-state key."""
