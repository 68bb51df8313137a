"""Writes of the campaigns app, one module per concern (programme, rosters, roster import, reports)."""
