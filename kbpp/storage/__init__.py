"""Opening, migrating and transacting on the SQLite database."""

from kbpp.storage.database import Database, create_database, open_database

__all__ = ["Database", "create_database", "open_database"]
