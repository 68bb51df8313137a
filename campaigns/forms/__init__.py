"""Forms of the campaigns app, one module per concern."""
