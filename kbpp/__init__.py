"""KBPP: offline performance management for Turkish municipalities (Law 5018)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kbpp")
except PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.1.0"
