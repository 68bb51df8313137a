"""Reads of the follow-up (tasks.py: tasks and deadlines; the members' reports live beside it)."""
