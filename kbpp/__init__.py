"""KBPP: offline performance management for Turkish municipalities (Law 5018)."""

# The one place of the version: pyproject.toml, the PyInstaller spec and the installer read it
# from here. A literal, not importlib.metadata: that import alone costs 50 ms of every start.
__version__ = "0.1.0"
