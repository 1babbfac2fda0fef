"""The `kbpp-plan` exchange format: read, import, export (see docs/formats.md)."""
