"""Reads of the campaigns app, one module per concern; each takes the user's scope where it filters."""
