"""Signed packages between the strategy office and the directorates (docs/packages.md)."""
